# Runs a scenario's own host program under Wine again and again, and judges
# the runs: the loaderlab-host of scenarios whose DLL does not fit its
# driver_query protocol (see win32/tests/scenarios.cmake).
#
#   cmake -DWINE64=<wine64> -DHOST=<host.exe> -DDLL=<file.dll> -DDLL_NAME=<name.dll>
#         -DRUN_DIR=<folder> -DRUNS=<n> -DRUN_TIMEOUT_S=<s> -DEXPECT=<ok|crash|hang>
#         [-DRUN_OUTPUT=<regex>] -P run_scenario_host.cmake
# (RUN_OUTPUT is a CMake regular expression given on the command line, so
# without backslash escapes.)
#
# with WINEPREFIX and the rest of the Wine environment set by the CTest test.
#
# The host programs load their DLL by a fixed name (LoadLibraryA("driver.dll"))
# and the build keeps one folder of DLLs with unique names, where driver.dll
# is another DLL.  So RUN_DIR is made afresh with a copy of the host and of
# DLL renamed to DLL_NAME, and the host runs there: Windows and Wine look in
# the program's own folder first.
#
# Each run ends one of three ways, printed like loaderlab-host's cycles:
#   run N: ok                    exit code 0 (and the output matches RUN_OUTPUT)
#   run N: crash (exit code C)   an exception: Wine exits with its code's low
#                                byte (5 for 0xC0000005), Windows with the code
#   run N: hang (...)            no end within RUN_TIMEOUT_S; the program is killed
# and then comes a summary, "runs: N ok: K crash: C hang: H".  Runs stop at the
# first that is not ok: a crash or a hang is what the buggy DLLs are run for.
#
# EXPECT says what the test wants: `ok`, every one of RUNS runs ok; `crash`
# or `hang`, that verdict within RUNS runs.  Anything else (another verdict,
# a run that is ok but prints something else, an exit code that is neither 0
# nor an exception) fails the test with the output of the run that did it.
#
# Left out: programs that take arguments or read stdin; telling one
# exception from another (the exit code carries only its low byte).

cmake_policy(VERSION 3.25)

foreach(variable WINE64 HOST DLL DLL_NAME RUN_DIR RUNS RUN_TIMEOUT_S EXPECT)
  if(NOT DEFINED ${variable} OR "${${variable}}" STREQUAL "")
    message(FATAL_ERROR "run_scenario_host: ${variable} is missing")
  endif()
endforeach()
if(NOT EXPECT MATCHES "^(ok|crash|hang)$")
  message(FATAL_ERROR "run_scenario_host: EXPECT must be ok, crash or hang, not ${EXPECT}")
endif()

file(REMOVE_RECURSE "${RUN_DIR}")
file(MAKE_DIRECTORY "${RUN_DIR}")
get_filename_component(host_name "${HOST}" NAME)
file(COPY_FILE "${HOST}" "${RUN_DIR}/${host_name}")
file(COPY_FILE "${DLL}" "${RUN_DIR}/${DLL_NAME}")
message("${host_name} with ${DLL} as ${DLL_NAME}, in ${RUN_DIR}")

set(runs_ok 0)
set(runs_crashed 0)
set(runs_hung 0)
set(verdict "")
foreach(run RANGE 1 ${RUNS})
  set(last_run ${run})
  execute_process(
    COMMAND "${WINE64}" "${host_name}"
    WORKING_DIRECTORY "${RUN_DIR}"
    TIMEOUT ${RUN_TIMEOUT_S}
    INPUT_FILE /dev/null
    OUTPUT_VARIABLE output
    ERROR_VARIABLE output
    RESULT_VARIABLE exit_code)
  string(REPLACE "\r\n" "\n" output "${output}")

  if(exit_code STREQUAL "0")
    if(DEFINED RUN_OUTPUT AND NOT output MATCHES "${RUN_OUTPUT}")
      set(verdict "ok, but the output does not match ${RUN_OUTPUT}")
    else()
      math(EXPR runs_ok "${runs_ok} + 1")
      message("run ${run}: ok")
      continue()
    endif()
  elseif(NOT exit_code MATCHES "^[0-9]+$")
    # execute_process gives a message instead of a number when it killed the
    # program at the timeout (or a signal ended it).
    set(verdict "hang")
    set(detail "no end within ${RUN_TIMEOUT_S} s: ${exit_code}")
    math(EXPR runs_hung "${runs_hung} + 1")
  elseif(exit_code EQUAL 5 OR exit_code GREATER_EQUAL 3221225472)
    set(verdict "crash")
    set(detail "exit code ${exit_code}")
    math(EXPR runs_crashed "${runs_crashed} + 1")
  else()
    set(verdict "error, exit code ${exit_code}")
  endif()
  break()
endforeach()

if(NOT verdict STREQUAL "")
  if(verdict MATCHES "^(crash|hang)$")
    message("run ${last_run}: ${verdict} (${detail})")
  else()
    message("run ${last_run}: ${verdict}")
  endif()
  message("---- output of run ${last_run} ----\n${output}---- end of output ----")
endif()
message("runs: ${last_run} ok: ${runs_ok} crash: ${runs_crashed} hang: ${runs_hung}")

if(EXPECT STREQUAL "ok" AND NOT verdict STREQUAL "")
  message(FATAL_ERROR "expected ${RUNS} runs ok; run ${last_run} was not")
elseif(NOT EXPECT STREQUAL "ok" AND verdict STREQUAL "")
  message(FATAL_ERROR "expected a ${EXPECT} within ${RUNS} runs; every run was ok")
elseif(NOT EXPECT STREQUAL "ok" AND NOT verdict STREQUAL EXPECT)
  message(FATAL_ERROR "expected a ${EXPECT} within ${RUNS} runs; run ${last_run} ended in: ${verdict}")
endif()
