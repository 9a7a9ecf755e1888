/* _exit ends the process at once (sim/crt.c): with the exit code it is
 * given, without DLL_PROCESS_DETACH for the loaded DLL, without the
 * atexit functions of the program or of the DLL, and with the worker
 * still blocked left as it is.  What was written before is kept. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void host_atexit(void) { puts("the host's atexit function ran"); }

static DWORD WINAPI blocked(LPVOID event) {
  WaitForSingleObject(event, INFINITE);
  puts("the worker woke up");
  return 0;
}

int main(void) {
  atexit(host_atexit);
  HMODULE dll = LoadLibraryA("exitnow.dll");
  printf("loaded: %s\n", dll ? "yes" : "no");
  HANDLE never = CreateEventA(NULL, TRUE, FALSE, NULL);
  CloseHandle(CreateThread(NULL, 0, blocked, never, 0, NULL));
  Sleep(10);
  fputs("about to _exit(3)\n", stderr);
  _exit(3);
}
