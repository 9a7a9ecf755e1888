/* Conformance probe: ExitProcess called by a worker.
 *
 * The main thread loads a DLL, starts a worker and waits for it.  The
 * worker calls ExitProcess: the main thread is terminated where it waits,
 * no thread gets DLL_THREAD_DETACH (ExitProcess sends none), and the DLL
 * gets DLL_PROCESS_DETACH on the worker, the thread that called
 * ExitProcess, with lpReserved non-NULL.  Nothing after the wait in main
 * runs. */
#include <stdio.h>

#include "probe.h"

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  printf("worker 1: ExitProcess(0)\n");
  ExitProcess(0);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  probe_name_thread(GetCurrentThreadId(), "main");
  LoadLibraryA("exit_worker_log.dll");
  HANDLE t = probe_start_thread("worker 1", worker, NULL);
  WaitForSingleObject(t, INFINITE);
  printf("main: the wait returned (it must not)\n");
  return 0;
}
