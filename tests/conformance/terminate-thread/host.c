/* Conformance probe: TerminateThread.
 *
 * A worker that got DLL_THREAD_ATTACH blocks; the main thread terminates it
 * with exit code 7.  The worker's DLLs get no DLL_THREAD_DETACH for it (it
 * runs no more code, anywhere), its handle is signalled and its exit code
 * is 7.  A second worker, which returns normally, does get its
 * DLL_THREAD_DETACH, for comparison. */
#include <stdio.h>

#include "probe.h"

static HANDLE ready, never;

static DWORD WINAPI blocked(LPVOID arg) {
  (void)arg;
  printf("worker 1: blocks\n");
  SetEvent(ready);
  WaitForSingleObject(never, INFINITE);
  printf("worker 1: woke up (it must not)\n");
  return 0;
}

static DWORD WINAPI returns(LPVOID arg) {
  (void)arg;
  printf("worker 2: returns 5\n");
  return 5;
}

static void report(const char *name, HANDLE thread) {
  DWORD wait = WaitForSingleObject(thread, INFINITE);
  DWORD code = 0;
  GetExitCodeThread(thread, &code);
  printf("main: %s handle %s, exit code %lu\n", name,
         wait == WAIT_OBJECT_0 ? "signalled" : "not signalled", code);
  CloseHandle(thread);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  probe_name_thread(GetCurrentThreadId(), "main");
  ready = CreateEventA(NULL, TRUE, FALSE, NULL);
  never = CreateEventA(NULL, TRUE, FALSE, NULL);
  HMODULE h = LoadLibraryA("terminate_log.dll");

  HANDLE t = probe_start_thread("worker 1", blocked, NULL);
  WaitForSingleObject(ready, INFINITE);
  printf("main: TerminateThread(worker 1, 7) returned %s\n",
         TerminateThread(t, 7) ? "TRUE" : "FALSE");
  report("worker 1", t);

  report("worker 2", probe_start_thread("worker 2", returns, NULL));
  FreeLibrary(h);
  CloseHandle(ready);
  CloseHandle(never);
  return 0;
}
