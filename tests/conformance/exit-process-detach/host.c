/* Conformance probe: process exit with a thread still running.
 *
 * Two DLLs are loaded and a worker is started (it gets DLL_THREAD_ATTACH
 * from both), which then blocks forever.  main returns without freeing
 * anything: the C runtime calls ExitProcess, which first terminates the
 * worker where it stands - no DLL_THREAD_DETACH for it, from either DLL -
 * and then sends DLL_PROCESS_DETACH to the DLLs in reverse load order, on
 * the exiting thread, with lpReserved non-NULL (how a DLL tells process exit
 * from FreeLibrary, and knows that its other threads are gone). */
#include <stdio.h>

#include "probe.h"

static HANDLE ready, never;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  printf("worker: blocks forever\n");
  SetEvent(ready);
  WaitForSingleObject(never, INFINITE);
  printf("worker: woke up (it must not)\n");
  return 0;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  probe_name_thread(GetCurrentThreadId(), "main");
  ready = CreateEventA(NULL, TRUE, FALSE, NULL);
  never = CreateEventA(NULL, TRUE, FALSE, NULL);

  LoadLibraryA("exit_a.dll");
  LoadLibraryA("exit_b.dll");
  HANDLE t = probe_start_thread("worker 1", worker, NULL);
  WaitForSingleObject(ready, INFINITE);
  printf("main: returns from main, the worker still blocked\n");
  (void)t;
  return 0;
}
