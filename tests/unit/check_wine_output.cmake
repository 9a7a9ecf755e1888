# Tests what the Wine test runners take for the program's output
# (win32/cmake/wine_output.cmake), and that check_wine_test.cmake checks a
# test's expectations against that and not against Wine's own lines.  No
# Wine is needed: a shell stands in for the program, printing what a program
# under Wine prints.
#
#   cmake -DWIN32_CMAKE_DIR=<win32/cmake> -DWORK_DIR=<folder> -P check_wine_output.cmake
#
# It fails (FATAL_ERROR) at the first case that does not hold.

include("${WIN32_CMAKE_DIR}/wine_output.cmake")

set(client_line "wine client error:2c: sendmsg: Socket operation on non-socket")

# 1. The client library's line goes, whatever is around it; a crash report
#    stays, since that is how a crash looks.
wine_program_output(out "cycle 5: ok\ncycles: 5 ok: 5 crash: 0 hang: 0\n${client_line}\n")
if(NOT out STREQUAL "cycle 5: ok\ncycles: 5 ok: 5 crash: 0 hang: 0\n")
  message(FATAL_ERROR "wine_program_output kept the client line at the end: [${out}]")
endif()
wine_program_output(out "${client_line}\nhello\n")
if(NOT out STREQUAL "hello\n")
  message(FATAL_ERROR "wine_program_output kept the client line at the start: [${out}]")
endif()
wine_program_output(out "cycle 1: ok\n${client_line}\ncycle 2: ok\n")
if(NOT out STREQUAL "cycle 1: ok\ncycle 2: ok\n")
  message(FATAL_ERROR "wine_program_output kept the client line in the middle: [${out}]")
endif()
# The process killed while Wine wrote its line: the line has no newline,
# and the program's last line keeps its own.
wine_program_output(out "cycle 3: 42 rows\nwine client error:5c0: ")
if(NOT out STREQUAL "cycle 3: 42 rows\n")
  message(FATAL_ERROR "wine_program_output mishandled a cut-off client line: [${out}]")
endif()
wine_program_output(out "wine: Unhandled page fault on execute access\n")
if(NOT out STREQUAL "wine: Unhandled page fault on execute access\n")
  message(FATAL_ERROR "wine_program_output removed a crash report: [${out}]")
endif()

# 2. Only Wine's lines means Wine spoke and the program did not.
wine_output_is_only_wines(only "wine: could not load kernel32.dll\n${client_line}\n")
if(NOT only)
  message(FATAL_ERROR "wine_output_is_only_wines: Wine's start-up failure counted as the program's output")
endif()
wine_output_is_only_wines(only "wine: something\nhello\n")
if(only)
  message(FATAL_ERROR "wine_output_is_only_wines: the program's line counted as Wine's")
endif()

# 3. check_wine_test.cmake, run on a program whose output ends with the
#    client line: an anchored expectation holds.  And the same program with
#    the wrong output still fails, so the first case is no test that cannot
#    fail.
file(MAKE_DIRECTORY "${WORK_DIR}")
# Runs check_wine_test.cmake on a shell script in place of Wine and a
# program, expecting EXIT_CODE and output matching PASS_REGEX and not
# "error"; RESULT is the checker's exit status, checker_output its report.
# (Scripts use newlines, not semicolons, which CMake would split.)
function(run_checker_on name script exit_code pass_regex result)
  set(test_file "${WORK_DIR}/${name}.cmake")
  file(WRITE "${test_file}"
    "set(TEST_NAME [==[${name}]==])\n"
    "set(TEST_COMMAND sh -c [==[${script}]==])\n"
    "set(TEST_EXIT_CODE ${exit_code})\nset(TEST_TIMEOUT 60)\n"
    "set(TEST_WORKING_DIRECTORY [==[${WORK_DIR}]==])\n"
    "set(TEST_PASS_REGULAR_EXPRESSION [==[${pass_regex}]==])\n"
    "set(TEST_FAIL_REGULAR_EXPRESSION [==[error:]==])\n")
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -DTEST_FILE=${test_file} -P "${WIN32_CMAKE_DIR}/check_wine_test.cmake"
    OUTPUT_VARIABLE checker_output ERROR_VARIABLE checker_output
    RESULT_VARIABLE checker_result)
  set(${result} "${checker_result}" PARENT_SCOPE)
  set(checker_output "${checker_output}" PARENT_SCOPE)
endfunction()
# A program that prints PRINTED and ends with 0.
function(run_checker name printed pass_regex result)
  run_checker_on(${name} "printf '${printed}'" 0 "${pass_regex}" checker_result)
  set(${result} "${checker_result}" PARENT_SCOPE)
  set(checker_output "${checker_output}" PARENT_SCOPE)
endfunction()

run_checker(client_line_at_end "cycles: 5 ok: 5 crash: 0 hang: 0\\n${client_line}\\n"
  "cycles: 5 ok: 5 crash: 0 hang: 0\n$" result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "check_wine_test failed a program whose only extra line was Wine's:\n${checker_output}")
endif()
run_checker(client_line_cut_off "cycles: 5 ok: 5 crash: 0 hang: 0\\nwine client error:5c0: "
  "cycles: 5 ok: 5 crash: 0 hang: 0\n$" result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "check_wine_test failed a program whose output ends in a cut-off Wine line:\n${checker_output}")
endif()
run_checker(wrong_output "cycles: 5 ok: 4 crash: 1 hang: 0\\n${client_line}\\n"
  "cycles: 5 ok: 5 crash: 0 hang: 0\n$" result)
if(result EQUAL 0)
  message(FATAL_ERROR "check_wine_test passed a program with the wrong output:\n${checker_output}")
endif()
run_checker(program_error "cycles: 5 ok: 5 crash: 0 hang: 0\\nerror: lost\\n"
  "cycles: 5 ok: 5" result)
if(result EQUAL 0)
  message(FATAL_ERROR "check_wine_test passed a program whose own line matches the fail expression:\n${checker_output}")
endif()
# 4. A run Wine killed (SIGKILL, 137) is run again where the program must
#    end well: once killed and then fine passes; killed every time fails
#    saying so; and where a failure is expected, a kill still counts.
file(REMOVE "${WORK_DIR}/killed-once")
run_checker_on(killed_once
  "printf 'done\\n'\nif [ ! -e killed-once ]\nthen touch killed-once\nkill -9 $$\nfi" 0 "^done\n$" result)
if(NOT result EQUAL 0 OR NOT checker_output MATCHES "Wine killed the program")
  message(FATAL_ERROR "check_wine_test did not run again a run Wine killed:\n${checker_output}")
endif()
run_checker_on(killed_always "printf 'done\\n'\nkill -9 $$" 0 "^done\n$" result)
if(result EQUAL 0 OR NOT checker_output MATCHES "in all 3 attempts")
  message(FATAL_ERROR "check_wine_test passed a program killed every time:\n${checker_output}")
endif()
run_checker_on(killed_where_failure_expected "printf 'done\\n'\nkill -9 $$" nonzero "^done\n$" result)
if(NOT result EQUAL 0 OR checker_output MATCHES "attempt")
  message(FATAL_ERROR "check_wine_test retried a kill where a failure was expected:\n${checker_output}")
endif()
wine_killed_the_process(k 137 "wine: Unhandled page fault" FALSE)
if(k)
  message(FATAL_ERROR "wine_killed_the_process: a crash Wine reported counted as Wine's kill")
endif()
wine_killed_the_process(k 137 "cycle 1: ok" TRUE)
if(k)
  message(FATAL_ERROR "wine_killed_the_process: the runner's own kill for no progress counted as Wine's")
endif()
message("wine output checks: all hold")
