/* TerminateProcess ends the process where it stands: no DLL gets
 * DLL_PROCESS_DETACH and no atexit function runs.  Another process's
 * handle is not simulated. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

static void at_exit(void) { printf("host: atexit function\n"); }

int main(void) {
  atexit(at_exit);
  LoadLibraryA("logger.dll");
  SetLastError(0);
  BOOL ok = TerminateProcess((HANDLE)(INT_PTR)0x1234, 1);
  printf("host: TerminateProcess of another handle: %s, error %lu\n", ok ? "TRUE" : "FALSE", GetLastError());
  printf("host: TerminateProcess(GetCurrentProcess(), 3)\n");
  TerminateProcess(GetCurrentProcess(), 3);
  printf("host: still running\n");
  return 0;
}
