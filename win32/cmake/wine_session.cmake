# Starts or ends the Wine session the Win32 tests share:
#   cmake -DACTION=start -DWINE64=<wine64> [-DWINESERVER=<wineserver>] -DLOG=<file> -P wine_session.cmake
#   cmake -DACTION=stop [-DWINESERVER=<wineserver>] -P wine_session.cmake
# with WINEPREFIX and the rest of the Wine environment set by the CTest test
# (the `wine_prefix` fixture and its cleanup, in cmake/wine.cmake).
#
# start: starts a wineserver for the prefix that outlives each test (it
# stays PERSIST_S seconds after the last program exits), then runs
# `wineboot -i`, which creates the prefix the first time and starts the
# session's background processes (services.exe, winedevice.exe, ...).
# Both run with stdin, stdout and stderr on files.  That is the point:
# without a running server, every test's first Wine program starts a new
# session, its background processes inherit the test's stdout pipe, and the
# test runner waits seconds for that pipe to close after the program itself
# has ended.  Debian's wineserver wrapper passes -p0 (no persistence), which
# the later -p option here overrides.
#
# stop: ends the server and the background processes with it.  A server
# that is already gone is fine.
#
# Left out: sharing one session between two build trees (each tree has its
# own prefix, and so its own server).

set(PERSIST_S 30)

if(ACTION STREQUAL "start")
  # The server needs the prefix folder to exist; wineboot fills it in.
  file(MAKE_DIRECTORY "$ENV{WINEPREFIX}")
  if(WINESERVER)
    # Fails harmlessly when a server already runs for this prefix (a previous
    # ctest run within PERSIST_S seconds); wineboot below then uses that one.
    execute_process(COMMAND ${WINESERVER} -p${PERSIST_S}
      INPUT_FILE /dev/null OUTPUT_FILE ${LOG} ERROR_FILE ${LOG})
  endif()
  execute_process(COMMAND ${WINE64} wineboot -i
    INPUT_FILE /dev/null OUTPUT_FILE ${LOG}.wineboot ERROR_FILE ${LOG}.wineboot
    RESULT_VARIABLE wineboot_result)
  file(READ ${LOG}.wineboot wineboot_output)
  message("wineboot -i in $ENV{WINEPREFIX}: ${wineboot_result}\n${wineboot_output}")
  if(NOT wineboot_result EQUAL 0)
    message(FATAL_ERROR "wineboot -i failed (${wineboot_result}); the Wine tests cannot run")
  endif()
elseif(ACTION STREQUAL "stop")
  if(WINESERVER)
    execute_process(COMMAND ${WINESERVER} -k
      INPUT_FILE /dev/null OUTPUT_QUIET ERROR_QUIET)
  endif()
else()
  message(FATAL_ERROR "wine_session.cmake: ACTION must be start or stop")
endif()
