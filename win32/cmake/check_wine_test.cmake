# Runs one Wine test and judges it: cmake -DTEST_FILE=<file> -P check_wine_test.cmake
#
# TEST_FILE is written by loaderlab_wine_test (cmake/wine.cmake) and sets
# TEST_NAME, TEST_COMMAND (Wine, the program, its arguments), TEST_EXIT_CODE
# (a number, or `nonzero`), TEST_TIMEOUT (seconds), TEST_WORKING_DIRECTORY,
# TEST_PASS_REGULAR_EXPRESSION and TEST_FAIL_REGULAR_EXPRESSION (lists).
#
# Why a script rather than CTest's own properties: CTest ignores the exit
# code as soon as a PASS_REGULAR_EXPRESSION is set, and Wine's C runtime
# ends lines in CRLF.  Here the output is normalised to LF, and a test passes
# only when the exit code and every expectation on the output hold.  The
# output is echoed, with the command and what went wrong, so that a failing
# test explains itself in `ctest --output-on-failure`.
#
# The environment (WINEPREFIX and friends) comes from the CTest test.
#
# Left out: separate expectations for stdout and stderr (they are matched
# together, in the order written, as CTest does).

if(NOT DEFINED TEST_FILE OR NOT EXISTS "${TEST_FILE}")
  message(FATAL_ERROR "check_wine_test: TEST_FILE is missing (run through loaderlab_wine_test)")
endif()
include("${TEST_FILE}")

execute_process(
  COMMAND ${TEST_COMMAND}
  WORKING_DIRECTORY "${TEST_WORKING_DIRECTORY}"
  TIMEOUT ${TEST_TIMEOUT}
  INPUT_FILE /dev/null
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output
  RESULT_VARIABLE exit_code)

string(REPLACE "\r\n" "\n" output "${output}")

list(JOIN TEST_COMMAND " " command_text)
set(report "command: ${command_text}\nin: ${TEST_WORKING_DIRECTORY}\n")
string(APPEND report "---- output ----\n${output}")
if(NOT output MATCHES "\n$")
  string(APPEND report "\n")
endif()
string(APPEND report "---- exit code: ${exit_code} ----\n")

set(problems "")
if(NOT exit_code MATCHES "^[0-9]+$")
  # execute_process gives a message instead of a number when the program was
  # killed, by the timeout or by a signal.
  list(APPEND problems "the program did not exit normally: ${exit_code} (timeout ${TEST_TIMEOUT} s)")
elseif(TEST_EXIT_CODE STREQUAL "nonzero")
  if(exit_code EQUAL 0)
    list(APPEND problems "expected a non-zero exit code, got 0")
  endif()
elseif(NOT exit_code EQUAL TEST_EXIT_CODE)
  list(APPEND problems "expected exit code ${TEST_EXIT_CODE}, got ${exit_code}")
endif()
foreach(regex IN LISTS TEST_PASS_REGULAR_EXPRESSION)
  if(NOT output MATCHES "${regex}")
    list(APPEND problems "the output does not match: ${regex}")
  endif()
endforeach()
foreach(regex IN LISTS TEST_FAIL_REGULAR_EXPRESSION)
  if(output MATCHES "${regex}")
    list(APPEND problems "the output matches what it must not: ${regex}")
  endif()
endforeach()

if(problems)
  list(JOIN problems "\n  " problem_text)
  message(FATAL_ERROR "${report}${TEST_NAME} FAILED:\n  ${problem_text}")
endif()
message("${report}${TEST_NAME} passed")
