# What of a Wine run's output is the program's: included by the scripts that
# run programs under Wine (check_wine_test.cmake, run_scenario_host.cmake),
# so that every comparison of output sees the same text.
#
# Wine prints lines of its own beside the program's.  Two kinds matter here:
#
# - "wine client error:...: sendmsg: Socket operation on non-socket" comes
#   from Wine's client library when a process ends while one of its threads
#   is in a call to the Wine server.  It can follow any program that ends
#   with threads still running, now and then (win32/README.md, "Wine is not
#   Windows"), and says nothing about the program, so it is removed before
#   any expectation on the output is checked.
# - Lines that begin "wine", "wine64", "wineserver" or "preloader" are what
#   Wine prints when it could not start the program at all.  They are only
#   removed to decide whether anything but Wine spoke.
#
# Left out: Wine's report of an unhandled exception ("wine: Unhandled ...")
# stays in the program's output, because it is what a crash looks like and
# the tests look for it.

# Sets OUT to TEXT without the lines Wine's client library adds on its own.
# A line goes with its own newline, never the one before it: the process
# may be killed in the middle of Wine's line, which then ends the output
# with no newline at all (seen: "wine client error:5c0: " and nothing
# more), and the program's last line must keep its newline.
function(wine_program_output out text)
  string(REGEX REPLACE "(^|\n)wine client error:[^\n]*\n" "\\1" text "${text}")
  string(REGEX REPLACE "(^|\n)wine client error:[^\n]*$" "\\1" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# Sets OUT to TRUE when TEXT holds nothing but Wine's own lines (and blank
# space): Wine spoke, the program did not.
function(wine_output_is_only_wines out text)
  string(REGEX REPLACE "(^|\n)(wine|wine64|wineserver|preloader|wine client error)[^\n]*" ""
    rest "${text}")
  string(STRIP "${rest}" rest)
  if(rest STREQUAL "")
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()

# Sets OUT to TRUE when a run that ended with EXIT_CODE and printed OUTPUT
# was killed by SIGKILL (exit code 137 from the shell) that nobody on the
# program's side sent: the test runner's own kill for no progress is told
# by STALLED, and a crash Wine reported ("Unhandled") is the program's.  A
# Windows program cannot send a Unix signal; Wine's server can, and under
# load it now and then kills a process whose threads it is terminating at
# exit (seen once in ten `make check` runs beside a busy loop:
# driver_pinned_survives_200_churn_cycles printed its whole, right output
# and ended with 137).  Such a run says nothing about the program, so the
# runners run it again where the program must end well (where a test
# expects a crash, a killed run still counts as one, as it always did).
function(wine_killed_the_process out exit_code output stalled)
  if(NOT stalled AND exit_code STREQUAL "137" AND NOT output MATCHES "Unhandled")
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()
