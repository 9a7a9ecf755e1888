# Runs a scenario's own host program under Wine again and again, and judges
# the runs.  It stands in for loaderlab-host where a scenario's DLL does not
# fit its driver_query protocol (win32/tests/scenarios.cmake), and runs the
# other scenario host programs (win32/tests/scenario_hosts.cmake).
#
#   cmake -DWINE64=<wine64> -DHOST=<host.exe> [-DDLL=<file.dll> -DDLL_NAME=<name.dll>]
#         -DRUN_DIR=<folder> -DRUNS=<n> -DRUN_TIMEOUT_S=<s> -DEXPECT=<ok|crash|hang>
#         [-DRUN_OUTPUT=<regex>] [-DVERDICT_OUTPUT=<regex>] -P run_scenario_host.cmake
# or, as the tests run it, `cmake -DSETTINGS=<file> -P run_scenario_host.cmake`
# with the same variables set in that file (scenario_host_runs in
# win32/tests/scenarios.cmake generates it, so that the regular expressions,
# CMake's, arrive verbatim), with WINEPREFIX and the rest of the Wine
# environment set by the CTest test.
#
# The host programs load their DLL by a fixed name (LoadLibraryA("driver.dll"))
# and the build keeps one folder of DLLs with unique names, where driver.dll
# is another DLL.  So RUN_DIR is made afresh with a copy of the host and of
# DLL renamed to DLL_NAME, and the host runs there: Windows and Wine look in
# the program's own folder first.  DLL and DLL_NAME come together or not at
# all: a host that loads no DLL of the kit's runs alone in RUN_DIR.
#
# Each run ends one of three ways, printed like loaderlab-host's cycles:
#   run N: ok                    exit code 0, no crash reported (and the
#                                output matches RUN_OUTPUT)
#   run N: crash (...)           Wine reported an unhandled exception
#                                ("wine: Unhandled ..."), whatever the process
#                                did next; or an exception's exit code (Wine
#                                exits with its low byte, 5 for 0xC0000005,
#                                Windows with the code); or a signal ended
#                                Wine itself
#   run N: hang (...)            no progress for RUN_TIMEOUT_S: the program
#                                used no CPU time at all for that long, and
#                                is killed (run_while_progressing.sh)
# and then comes a summary, "runs: N ok: K crash: C hang: H".  Runs stop at the
# first that is not ok: a crash or a hang is what the buggy DLLs are run for.
#
# A hang is judged by progress, not by the clock, because a run that is
# merely slow (a busy machine: a run of these hosts took 2 s instead of
# 0.1 s beside a busy loop on its core) would otherwise turn into a hang
# and fail a test that expects ok or a crash.  A deadlocked program uses no
# CPU time; a slow one uses some every second.
#
# A run in which Wine itself did not start the program (a non-zero exit
# code, and no output but Wine's own lines), or killed it with SIGKILL
# (wine_output.cmake says when), is no run of the program: it is started
# again, up to START_ATTEMPTS times, and when every attempt fails the test
# fails saying what Wine did, not that the program or its DLL did anything.
#
# Why Wine's report decides: Wine 8.0 does not stop the process at once when
# a thread other than the main one faults with nothing to catch it.  The
# main thread runs on while Wine prints its report and tries to start a
# debugger; the process then exits with 5 if the termination catches the
# main thread, with the main thread's own exit code (0) if it exits first,
# and now and then not at all.  Measured with the driver-unload sample's
# host and its buggy driver: of 100 runs, 48 printed the report, and 39 of
# those exited 0, 9 with 5; beside a busy loop, 6 runs of 400 printed it and
# never ended.
#
# EXPECT says what the test wants: `ok`, every one of RUNS runs ok; `crash`
# or `hang`, that verdict within RUNS runs, and the output of the run that
# crashed or hung must match VERDICT_OUTPUT when it is given (where the
# program was when it hung; which fault Wine reported).  Anything else
# (another verdict, a run that is ok but prints something else, an exit code
# that is neither 0 nor an exception) fails the test with the output of the
# run that did it.
#
# Left out: programs that take arguments or read stdin; telling one
# exception from another by the exit code alone (it carries only its low
# byte; VERDICT_OUTPUT can look at Wine's report instead).

cmake_policy(VERSION 3.25)
include("${CMAKE_CURRENT_LIST_DIR}/wine_output.cmake")

if(DEFINED SETTINGS)
  include("${SETTINGS}")
endif()

foreach(variable WINE64 HOST RUN_DIR RUNS RUN_TIMEOUT_S EXPECT)
  if(NOT DEFINED ${variable} OR "${${variable}}" STREQUAL "")
    message(FATAL_ERROR "run_scenario_host: ${variable} is missing")
  endif()
endforeach()
if(NOT "${DLL}" STREQUAL "" AND "${DLL_NAME}" STREQUAL "")
  message(FATAL_ERROR "run_scenario_host: DLL is given, DLL_NAME is missing")
elseif("${DLL}" STREQUAL "" AND NOT "${DLL_NAME}" STREQUAL "")
  message(FATAL_ERROR "run_scenario_host: DLL_NAME is given, DLL is missing")
endif()
if(NOT EXPECT MATCHES "^(ok|crash|hang)$")
  message(FATAL_ERROR "run_scenario_host: EXPECT must be ok, crash or hang, not ${EXPECT}")
endif()

file(REMOVE_RECURSE "${RUN_DIR}")
file(MAKE_DIRECTORY "${RUN_DIR}")
get_filename_component(host_name "${HOST}" NAME)
file(COPY_FILE "${HOST}" "${RUN_DIR}/${host_name}")
if(NOT "${DLL}" STREQUAL "")
  file(COPY_FILE "${DLL}" "${RUN_DIR}/${DLL_NAME}")
  message("${host_name} with ${DLL} as ${DLL_NAME}, in ${RUN_DIR}")
else()
  message("${host_name}, in ${RUN_DIR}")
endif()

set(PROGRESS_RUNNER "${CMAKE_CURRENT_LIST_DIR}/run_while_progressing.sh")
set(START_ATTEMPTS 3)

# run_once(): runs the host once under the progress runner and sets output,
# exit_code and stalled (TRUE when the runner killed it for making no
# progress) in the caller's scope.
function(run_once)
  set(verdict_file "${RUN_DIR}.no-progress")
  execute_process(
    COMMAND sh "${PROGRESS_RUNNER}" ${RUN_TIMEOUT_S} "${verdict_file}" "${WINE64}" "${host_name}"
    WORKING_DIRECTORY "${RUN_DIR}"
    INPUT_FILE /dev/null
    OUTPUT_VARIABLE run_output
    ERROR_VARIABLE run_output
    RESULT_VARIABLE run_exit_code)
  string(REPLACE "\r\n" "\n" run_output "${run_output}")
  set(output "${run_output}" PARENT_SCOPE)
  set(exit_code "${run_exit_code}" PARENT_SCOPE)
  if(EXISTS "${verdict_file}")
    set(stalled TRUE PARENT_SCOPE)
    file(REMOVE "${verdict_file}")
  else()
    set(stalled FALSE PARENT_SCOPE)
  endif()
endfunction()

# Whether a run is one in which Wine did not start the program: it failed,
# and printed nothing but Wine's own lines (none of them an exception report).
function(wine_did_not_start result)
  set(${result} FALSE PARENT_SCOPE)
  if(stalled OR exit_code STREQUAL "0" OR output MATCHES "Unhandled")
    return()
  endif()
  wine_output_is_only_wines(only_wines "${output}")
  set(${result} ${only_wines} PARENT_SCOPE)
endfunction()

set(runs_ok 0)
set(runs_crashed 0)
set(runs_hung 0)
set(verdict "")
foreach(run RANGE 1 ${RUNS})
  set(last_run ${run})
  foreach(attempt RANGE 1 ${START_ATTEMPTS})
    run_once()
    wine_did_not_start(not_started)
    # Only where every run must end well: where a test expects a crash or a
    # hang, a run Wine killed is judged as before (a signal: a crash).
    set(killed FALSE)
    if(EXPECT STREQUAL "ok")
      wine_killed_the_process(killed "${exit_code}" "${output}" ${stalled})
    endif()
    if(NOT not_started AND NOT killed)
      break()
    endif()
    if(killed)
      message("run ${run}: Wine killed the program (SIGKILL, exit code 137; output: ${output}), "
        "attempt ${attempt} of ${START_ATTEMPTS}")
    else()
      message("run ${run}: Wine did not start the program (exit code ${exit_code}, output: ${output}), "
        "attempt ${attempt} of ${START_ATTEMPTS}")
    endif()
  endforeach()

  if(not_started)
    set(verdict "not started: Wine could not start the program in ${START_ATTEMPTS} attempts (exit code ${exit_code}), so it never ran and this says nothing about it")
  elseif(killed)
    set(verdict "killed: Wine killed the program (SIGKILL) in all ${START_ATTEMPTS} attempts, so this says nothing about it")
  elseif(output MATCHES "wine: Unhandled ")
    # Wine's report of an unhandled exception comes first: what the process
    # did after it (exit 5, exit 0, or no end at all) is the fault's aftermath.
    set(verdict "crash")
    set(detail "Wine reported an unhandled exception, and then the process ended with: ${exit_code}")
    math(EXPR runs_crashed "${runs_crashed} + 1")
  elseif(stalled)
    set(verdict "hang")
    set(detail "no progress for ${RUN_TIMEOUT_S} s: no end, and no CPU time used")
    math(EXPR runs_hung "${runs_hung} + 1")
  elseif(NOT exit_code MATCHES "^[0-9]+$" OR exit_code EQUAL 5 OR exit_code GREATER_EQUAL 3221225472
         OR (exit_code GREATER 128 AND exit_code LESS 160))
    # The shell that runs the program reports a signal that ended it (Wine
    # itself crashed) as 128 + the signal's number.
    set(verdict "crash")
    set(detail "exit code ${exit_code}")
    math(EXPR runs_crashed "${runs_crashed} + 1")
  elseif(exit_code STREQUAL "0")
    # Compared without the lines Wine's client library adds on its own
    # (wine_output.cmake): they are no output of the host or the DLL.
    wine_program_output(program_output "${output}")
    if(DEFINED RUN_OUTPUT AND NOT program_output MATCHES "${RUN_OUTPUT}")
      set(verdict "ok, but the output does not match ${RUN_OUTPUT}")
    else()
      math(EXPR runs_ok "${runs_ok} + 1")
      message("run ${run}: ok")
      continue()
    endif()
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
elseif(NOT EXPECT STREQUAL "ok" AND DEFINED VERDICT_OUTPUT AND NOT output MATCHES "${VERDICT_OUTPUT}")
  message(FATAL_ERROR "run ${last_run} ended in a ${verdict} as expected, but its output "
    "does not match ${VERDICT_OUTPUT}")
endif()
