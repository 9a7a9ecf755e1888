/* main ends with ExitThread, so it gets DLL_THREAD_DETACH like any thread,
 * and the process lives on.  The worker, the last thread, ends the
 * process when it returns: no DLL_THREAD_DETACH for it, DLL_PROCESS_DETACH
 * (lpReserved non-NULL) on the worker's thread, and the worker's exit
 * code is the process exit code.  The worker sleeps first so that main
 * is gone before it returns, in every schedule. */
#include <windows.h>
#include <stdio.h>

typedef void (*expect_fn)(int);

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  Sleep(50);
  puts("worker returns 7");
  return 7;
}

int main(void) {
  HMODULE log = LoadLibraryA("log.dll");
  /* main's own detach is the only one. */
  ((expect_fn)GetProcAddress(log, "log_expect_thread_detaches"))(1);
  CloseHandle(CreateThread(NULL, 0, worker, NULL, 0, NULL));
  puts("main calls ExitThread");
  ExitThread(0);
}
