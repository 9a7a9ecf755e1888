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
# TEST_TIMEOUT is not a limit on the clock: the program is killed when it
# has used no CPU time for that many seconds (run_while_progressing.sh says
# why), so a program that is merely slow on a busy machine runs to its end.
# A run in which Wine did not start the program at all (a non-zero exit
# code, and no output but Wine's own lines), or killed it with SIGKILL
# (wine_output.cmake says when), is tried again, up to 3 times; if that
# happens every time, the test fails saying so.
#
# Left out: separate expectations for stdout and stderr (they are matched
# together, in the order written, as CTest does).

if(NOT DEFINED TEST_FILE OR NOT EXISTS "${TEST_FILE}")
  message(FATAL_ERROR "check_wine_test: TEST_FILE is missing (run through loaderlab_wine_test)")
endif()
include("${TEST_FILE}")
include("${CMAKE_CURRENT_LIST_DIR}/wine_output.cmake")

set(progress_runner "${CMAKE_CURRENT_LIST_DIR}/run_while_progressing.sh")
set(no_progress_file "${TEST_FILE}.no-progress")
set(start_attempts 3)
foreach(attempt RANGE 1 ${start_attempts})
  execute_process(
    COMMAND sh "${progress_runner}" ${TEST_TIMEOUT} "${no_progress_file}" ${TEST_COMMAND}
    WORKING_DIRECTORY "${TEST_WORKING_DIRECTORY}"
    INPUT_FILE /dev/null
    OUTPUT_VARIABLE output
    ERROR_VARIABLE output
    RESULT_VARIABLE exit_code)
  string(REPLACE "\r\n" "\n" output "${output}")
  set(stalled FALSE)
  if(EXISTS "${no_progress_file}")
    set(stalled TRUE)
    file(REMOVE "${no_progress_file}")
  endif()
  # Wine did not start the program: it failed and printed nothing but Wine's
  # own lines, none of them an exception report.
  set(not_started FALSE)
  if(NOT stalled AND NOT exit_code STREQUAL "0" AND NOT exit_code STREQUAL "${TEST_EXIT_CODE}"
     AND NOT TEST_EXIT_CODE STREQUAL "nonzero" AND NOT output MATCHES "Unhandled")
    wine_output_is_only_wines(not_started "${output}")
  endif()
  # Only where the program must end well: where a test expects a failure,
  # a run Wine killed is judged as it was before (a non-zero exit).
  set(killed FALSE)
  if(TEST_EXIT_CODE STREQUAL "0")
    wine_killed_the_process(killed "${exit_code}" "${output}" ${stalled})
  endif()
  if(NOT not_started AND NOT killed)
    break()
  endif()
  if(killed)
    message("Wine killed the program (SIGKILL, exit code 137; output: ${output}), "
      "attempt ${attempt} of ${start_attempts}")
  else()
    message("Wine did not start the program (exit code ${exit_code}, output: ${output}), "
      "attempt ${attempt} of ${start_attempts}")
  endif()
endforeach()

list(JOIN TEST_COMMAND " " command_text)
set(report "command: ${command_text}\nin: ${TEST_WORKING_DIRECTORY}\n")
string(APPEND report "---- output ----\n${output}")
if(NOT output MATCHES "\n$")
  string(APPEND report "\n")
endif()
string(APPEND report "---- exit code: ${exit_code} ----\n")

set(problems "")
if(not_started)
  list(APPEND problems "Wine did not start the program in ${start_attempts} attempts (exit code ${exit_code}), so the program never ran and this says nothing about it")
elseif(killed)
  list(APPEND problems "Wine killed the program (SIGKILL) in all ${start_attempts} attempts, so this says nothing about the program")
elseif(stalled)
  list(APPEND problems "the program made no progress for ${TEST_TIMEOUT} s (no end, and no CPU time used) and was killed")
elseif(NOT exit_code MATCHES "^[0-9]+$")
  list(APPEND problems "the program did not run: ${exit_code}")
elseif(TEST_EXIT_CODE STREQUAL "nonzero")
  if(exit_code EQUAL 0)
    list(APPEND problems "expected a non-zero exit code, got 0")
  endif()
elseif(NOT exit_code EQUAL TEST_EXIT_CODE)
  list(APPEND problems "expected exit code ${TEST_EXIT_CODE}, got ${exit_code}")
endif()
# The expectations are checked against the program's output, without the
# lines Wine's client library adds on its own (wine_output.cmake); the report
# above shows the output whole.
wine_program_output(program_output "${output}")
foreach(regex IN LISTS TEST_PASS_REGULAR_EXPRESSION)
  if(NOT program_output MATCHES "${regex}")
    list(APPEND problems "the output does not match: ${regex}")
  endif()
endforeach()
foreach(regex IN LISTS TEST_FAIL_REGULAR_EXPRESSION)
  if(program_output MATCHES "${regex}")
    list(APPEND problems "the output matches what it must not: ${regex}")
  endif()
endforeach()

if(problems)
  list(JOIN problems "\n  " problem_text)
  message(FATAL_ERROR "${report}${TEST_NAME} FAILED:\n  ${problem_text}")
endif()
message("${report}${TEST_NAME} passed")
