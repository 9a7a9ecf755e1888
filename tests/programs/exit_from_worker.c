/* ExitProcess called by a worker terminates main where it stands (blocked
 * in a wait that never ends), without DLL_THREAD_DETACH, and the worker
 * sends DLL_PROCESS_DETACH itself.  The process exit code is the one the
 * worker passed. */
#include <windows.h>
#include <stdio.h>

typedef void (*expect_fn)(int);

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  puts("worker calls ExitProcess(9)");
  ExitProcess(9);
}

int main(void) {
  HMODULE log = LoadLibraryA("log.dll");
  ((expect_fn)GetProcAddress(log, "log_expect_thread_detaches"))(0);
  HANDLE never = CreateEventA(NULL, TRUE, FALSE, NULL);
  CloseHandle(CreateThread(NULL, 0, worker, NULL, 0, NULL));
  WaitForSingleObject(never, INFINITE);
  puts("main: after the wait (never printed)");
  return 0;
}
