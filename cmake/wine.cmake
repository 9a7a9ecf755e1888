# Running the Win32 track under Wine (the mingw cross build only).
#
# What this file sets up:
# - Wine, found with find_program, as CMAKE_CROSSCOMPILING_EMULATOR, so that
#   a plain add_test(NAME ... COMMAND <target>) runs the target under Wine.
# - A private Wine prefix in the build tree, created by the fixture test
#   `wine_prefix` (wineboot -i, about 6 s the first time), which every Wine
#   test requires, together with a wineserver that lasts the test run; the
#   fixture's cleanup `wine_session_end` stops it.  Nothing touches ~/.wine.
# - The environment every Wine test runs in: that prefix; WINEDEBUG=-all;
#   WINEDLLOVERRIDES that disable Mono and Gecko (no installer prompts),
#   winedbg (a crash would otherwise print its register dump on stdout and
#   wait for a debugger) and winemenubuilder (wineboot would otherwise write
#   menu entries and file associations into the user's home); no DISPLAY or
#   WAYLAND_DISPLAY, so Wine stays headless even in a desktop session.  It
#   needs no stdin, no network and no X server, and works as root (CI) and
#   as a normal user.
# - Two functions for the folders of the Win32 track:
#     loaderlab_win32_dll(<target> <output-name> <sources>...)
#     loaderlab_wine_test(NAME <name> COMMAND <target-or-program> [args...]
#                         [EXIT_CODE <n>] [WILL_FAIL]
#                         [PASS_REGULAR_EXPRESSION <re>...]
#                         [FAIL_REGULAR_EXPRESSION <re>...]
#                         [TIMEOUT <s>] [WORKING_DIRECTORY <dir>])
#
# What Wine does that Windows does not, as far as tests can see: stdout
# written through the C runtime ends lines in CRLF (the test runner strips the
# CR before matching), and a process that dies of an unhandled exception
# exits with the low byte of the exception code (5 for 0xC0000005).
#
# Left out: running the tests on real Windows (there the programs run
# directly; this file is only included when cross-compiling).

option(LOADERLAB_WINE_TESTS "Register the Win32 track's tests, which run under Wine" ON)

find_program(WINE64 NAMES wine64 wine HINTS /usr/lib/wine
  DOC "Wine, which runs the mingw-built programs and tests")
if(LOADERLAB_WINE_TESTS AND NOT WINE64)
  message(FATAL_ERROR
    "loaderlab: Wine was not found, and the Win32 track's tests run under it.  "
    "Install it (Debian: `sudo apt-get install wine64`, or `make deps` as root), "
    "or configure with -DLOADERLAB_WINE_TESTS=OFF to cross-build without tests.")
endif()
if(WINE64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${WINE64})
endif()

# Every Win32 binary (executables and DLLs) goes to one folder, so that a
# program finds its DLLs by the loader's first rule: the executable's folder.
set(LOADERLAB_WIN32_BIN_DIR ${CMAKE_BINARY_DIR}/bin)
set(LOADERLAB_WINEPREFIX ${CMAKE_BINARY_DIR}/wineprefix)

# ENVIRONMENT is a list of NAME=value; the `\;` keeps Wine's own `;`
# separator inside WINEDLLOVERRIDES from splitting it.
set(LOADERLAB_WINE_ENVIRONMENT
  "WINEPREFIX=${LOADERLAB_WINEPREFIX}"
  "WINEDEBUG=-all"
  "WINEDLLOVERRIDES=mscoree,mshtml=\;winedbg.exe=d\;winemenubuilder.exe=d")
set(LOADERLAB_WINE_ENVIRONMENT_MODIFICATION "DISPLAY=unset:" "WAYLAND_DISPLAY=unset:")

# The checker every Wine test runs through (see that file for why).
set(LOADERLAB_WINE_CHECKER ${PROJECT_SOURCE_DIR}/win32/cmake/check_wine_test.cmake)

if(WINE64)
  get_filename_component(wine_dir ${WINE64} DIRECTORY)
  find_program(WINESERVER NAMES wineserver wineserver64 HINTS ${wine_dir} NO_DEFAULT_PATH)
  find_program(WINESERVER NAMES wineserver wineserver64)
endif()

if(LOADERLAB_WINE_TESTS)
  # The fixture: a wineserver that lasts the whole test run, and the prefix
  # (wineboot -i creates it on the first run, ~6 s, and only checks it
  # afterwards).  win32/cmake/wine_session.cmake explains why the server is
  # started first: it keeps each test from waiting seconds on Wine's
  # background processes.  The cleanup ends that server.
  set(session ${PROJECT_SOURCE_DIR}/win32/cmake/wine_session.cmake)
  add_test(NAME wine_prefix
    COMMAND ${CMAKE_COMMAND} -DACTION=start -DWINE64=${WINE64} -DWINESERVER=${WINESERVER}
            -DLOG=${CMAKE_BINARY_DIR}/wine_session.log -P ${session})
  add_test(NAME wine_session_end
    COMMAND ${CMAKE_COMMAND} -DACTION=stop -DWINESERVER=${WINESERVER} -P ${session})
  set_tests_properties(wine_prefix PROPERTIES FIXTURES_SETUP wine_prefix TIMEOUT 300)
  set_tests_properties(wine_session_end PROPERTIES FIXTURES_CLEANUP wine_prefix TIMEOUT 60)
  set_tests_properties(wine_prefix wine_session_end PROPERTIES
    ENVIRONMENT "${LOADERLAB_WINE_ENVIRONMENT}"
    ENVIRONMENT_MODIFICATION "${LOADERLAB_WINE_ENVIRONMENT_MODIFICATION}")
endif()

# loaderlab_win32_dll(<target> <output-name> <sources>...)
#
# Builds a real DLL named <output-name>.dll (no `lib` prefix) into
# LOADERLAB_WIN32_BIN_DIR, next to the programs that load it.  Output names
# share that one folder, so a second DLL with the same name is an error here
# rather than a silent overwrite.  The import library (<output-name>.dll.a)
# goes to ${CMAKE_BINARY_DIR}/lib, for a program that links the DLL
# implicitly instead of calling LoadLibrary.
function(loaderlab_win32_dll target output_name)
  if(ARGC LESS 3)
    message(FATAL_ERROR "loaderlab_win32_dll(${target} ${output_name}): no sources")
  endif()
  get_property(taken GLOBAL PROPERTY LOADERLAB_WIN32_DLL_NAMES)
  string(TOLOWER "${output_name}" output_name_lower)
  if(output_name_lower IN_LIST taken)
    message(FATAL_ERROR
      "loaderlab_win32_dll(${target}): another DLL is already called ${output_name}.dll "
      "and both would land in ${LOADERLAB_WIN32_BIN_DIR}")
  endif()
  set_property(GLOBAL APPEND PROPERTY LOADERLAB_WIN32_DLL_NAMES "${output_name_lower}")

  add_library(${target} SHARED ${ARGN})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    IMPORT_PREFIX ""
    OUTPUT_NAME ${output_name}
    RUNTIME_OUTPUT_DIRECTORY ${LOADERLAB_WIN32_BIN_DIR}
    ARCHIVE_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib)
endfunction()

# loaderlab_wine_test(NAME <name> COMMAND <target-or-program> [args...]
#                     [EXIT_CODE <n>] [WILL_FAIL]
#                     [PASS_REGULAR_EXPRESSION <re>...]
#                     [FAIL_REGULAR_EXPRESSION <re>...]
#                     [TIMEOUT <s>] [WORKING_DIRECTORY <dir>])
#
# Registers a test that runs the program under Wine, in the prefix of the
# `wine_prefix` fixture and the environment above, and judges it on both its
# exit code and its output:
# - the exit code must be EXIT_CODE (default 0); WILL_FAIL instead expects
#   any non-zero exit code;
# - the output (stdout and stderr, in the order written, CRLF turned into LF)
#   must match every PASS_REGULAR_EXPRESSION and none of the
#   FAIL_REGULAR_EXPRESSIONs (CMake regular expressions: `.` matches a
#   newline too, `^` and `$` anchor the whole output, not a line).
# This differs from CTest's own properties of the same names, where a
# PASS_REGULAR_EXPRESSION makes the exit code irrelevant and WILL_FAIL
# inverts everything: a test here says what the program must do, all of it.
# COMMAND names a target (its file is used) or a program path.  The program
# is killed when it has made no progress for TIMEOUT seconds (default 120):
# no end, and no CPU time used; a program that is only slow on a busy
# machine is never killed (win32/cmake/run_while_progressing.sh).  It runs
# in WORKING_DIRECTORY (default LOADERLAB_WIN32_BIN_DIR).
function(loaderlab_wine_test)
  cmake_parse_arguments(PARSE_ARGV 0 arg "WILL_FAIL"
    "NAME;EXIT_CODE;TIMEOUT;WORKING_DIRECTORY"
    "COMMAND;PASS_REGULAR_EXPRESSION;FAIL_REGULAR_EXPRESSION")
  if(NOT arg_NAME OR NOT arg_COMMAND)
    message(FATAL_ERROR "loaderlab_wine_test: NAME and COMMAND are required")
  endif()
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "loaderlab_wine_test(${arg_NAME}): unexpected arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(arg_WILL_FAIL AND DEFINED arg_EXIT_CODE)
    message(FATAL_ERROR "loaderlab_wine_test(${arg_NAME}): give EXIT_CODE or WILL_FAIL, not both")
  endif()
  if(NOT LOADERLAB_WINE_TESTS)
    return()
  endif()
  if(NOT DEFINED arg_TIMEOUT)
    set(arg_TIMEOUT 120)
  endif()
  if(NOT DEFINED arg_WORKING_DIRECTORY)
    set(arg_WORKING_DIRECTORY ${LOADERLAB_WIN32_BIN_DIR})
  endif()
  if(arg_WILL_FAIL)
    set(expected_exit_code nonzero)
  elseif(DEFINED arg_EXIT_CODE)
    set(expected_exit_code ${arg_EXIT_CODE})
  else()
    set(expected_exit_code 0)
  endif()

  list(POP_FRONT arg_COMMAND program)
  if(TARGET ${program})
    set(program "$<TARGET_FILE:${program}>")
  elseif(NOT program MATCHES "[/\\]")
    message(FATAL_ERROR "loaderlab_wine_test(${arg_NAME}): ${program} is neither a target "
      "(define it before the test) nor a path to a program")
  endif()

  # The expectations go to a file rather than onto the command line, so that
  # regular expressions and arguments need no quoting at all.  Bracket
  # arguments keep them verbatim; file(GENERATE) resolves $<TARGET_FILE>.
  set(content "# Generated by loaderlab_wine_test(${arg_NAME}) in ${CMAKE_CURRENT_LIST_FILE}\n")
  string(APPEND content "set(TEST_NAME [==[${arg_NAME}]==])\n")
  string(APPEND content "set(TEST_COMMAND [==[${CMAKE_CROSSCOMPILING_EMULATOR}]==] [==[${program}]==])\n")
  foreach(argument IN LISTS arg_COMMAND)
    string(APPEND content "list(APPEND TEST_COMMAND [==[${argument}]==])\n")
  endforeach()
  string(APPEND content "set(TEST_EXIT_CODE ${expected_exit_code})\n")
  string(APPEND content "set(TEST_TIMEOUT ${arg_TIMEOUT})\n")
  string(APPEND content "set(TEST_WORKING_DIRECTORY [==[${arg_WORKING_DIRECTORY}]==])\n")
  string(APPEND content "set(TEST_PASS_REGULAR_EXPRESSION)\nset(TEST_FAIL_REGULAR_EXPRESSION)\n")
  foreach(kind PASS FAIL)
    foreach(regex IN LISTS arg_${kind}_REGULAR_EXPRESSION)
      string(APPEND content "list(APPEND TEST_${kind}_REGULAR_EXPRESSION [==[${regex}]==])\n")
    endforeach()
  endforeach()
  set(expect_file ${CMAKE_CURRENT_BINARY_DIR}/wine-tests/${arg_NAME}-$<CONFIG>.cmake)
  file(GENERATE OUTPUT ${expect_file} CONTENT "${content}")

  add_test(NAME ${arg_NAME}
    COMMAND ${CMAKE_COMMAND} -DTEST_FILE=${expect_file} -P ${LOADERLAB_WINE_CHECKER})
  # The checker kills a program that makes no progress and says so; CTest's
  # TIMEOUT, a limit on the clock, only catches what that cannot (a program
  # that spins forever), so it is far beyond what a slow machine needs.
  loaderlab_wine_test_properties(${arg_NAME} ${LOADERLAB_WINE_OUTER_TIMEOUT})
endfunction()

# The outer limit (seconds of the clock) of a Wine test that runs one
# program: only for a program that spins forever, which no progress check
# can call stuck.  Half an hour: the longest test, 200 exit cycles, took
# 4 s idle and about 400 s with its core shared with a busy loop.
set(LOADERLAB_WINE_OUTER_TIMEOUT 1800)

# loaderlab_wine_test_properties(<test> <timeout-seconds>)
#
# What every test that runs a program under Wine needs: the `wine_prefix`
# fixture (the prefix and the session's wineserver), the environment above,
# and CTest's outer TIMEOUT (a limit on the clock: make it generous, for it
# must never end a test that is only slow).  For tests registered some other way than
# loaderlab_wine_test (win32/tests/scenarios.cmake's scenario_host_runs).
function(loaderlab_wine_test_properties test timeout)
  set_tests_properties(${test} PROPERTIES
    FIXTURES_REQUIRED wine_prefix
    TIMEOUT ${timeout}
    ENVIRONMENT "${LOADERLAB_WINE_ENVIRONMENT}"
    ENVIRONMENT_MODIFICATION "${LOADERLAB_WINE_ENVIRONMENT_MODIFICATION}")
endfunction()
