/* A DLL whose DLL_PROCESS_DETACH at process exit (lpReserved non-NULL) asks
 * its worker thread to stop and waits for the worker's "stopped" event.
 * ExitProcess terminated the worker before calling DllMain, so the event is
 * never set and the process never ends.  Checks that the exit pattern
 * reports the cycle as a hang (the parent sees the child not ending) with
 * exit code 4.
 *
 * Waiting for the worker's thread handle instead would not hang: a
 * terminated thread is signalled. */
#include <windows.h>

static HANDLE stop;
static HANDLE stopped;

static DWORD WINAPI worker_main(LPVOID unused) {
  (void)unused;
  WaitForSingleObject(stop, INFINITE);
  SetEvent(stopped);
  return 0;
}

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  stop = CreateEventA(NULL, TRUE, FALSE, NULL);
  stopped = CreateEventA(NULL, TRUE, FALSE, NULL);
  CloseHandle(CreateThread(NULL, 0, worker_main, NULL, 0, NULL));
  return 0;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_DETACH && reserved != NULL && stop) {
    SetEvent(stop);
    WaitForSingleObject(stopped, INFINITE); /* never returns: see above */
  }
  return TRUE;
}
