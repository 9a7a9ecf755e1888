/* Conformance probe: TerminateProcess of the process itself ends it where
 * it stands: the loaded DLL gets no DLL_PROCESS_DETACH (ExitProcess would
 * send one), no atexit function runs, and nothing after the call prints.
 * A handle that is not a process fails with ERROR_INVALID_HANDLE (6).
 * (Exit code 0: the Wine test runner judges exit codes too.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

static void at_exit(void) { printf("main: atexit function\n"); }

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  atexit(at_exit);
  LoadLibraryA("terminate_logger.dll");
  HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
  SetLastError(0);
  BOOL ok = TerminateProcess(event, 1);
  printf("main: TerminateProcess of an event handle: %s, error %lu\n", ok ? "TRUE" : "FALSE", GetLastError());
  printf("main: TerminateProcess(GetCurrentProcess(), 0)\n");
  TerminateProcess(GetCurrentProcess(), 0);
  printf("main: still running\n");
  return 0;
}
