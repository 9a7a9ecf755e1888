/* DllMain creates a thread and waits a little for it to run: it cannot,
 * because a new thread first needs the loader lock, which DllMain holds.
 * The assert makes that a rule every explored schedule checks. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static HANDLE started;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  SetEvent(started);
  return 0;
}

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)h;
  (void)reserved;
  if (reason != DLL_PROCESS_ATTACH) return TRUE;
  started = CreateEventA(NULL, TRUE, FALSE, "worker-started");
  HANDLE t = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  DWORD r = WaitForSingleObject(started, 100);
  printf("in DllMain: %s\n", r == WAIT_TIMEOUT ? "the worker has not started" : "the worker started");
  assert(r == WAIT_TIMEOUT && "a thread created in DllMain started before DllMain returned");
  CloseHandle(t);
  return TRUE;
}
