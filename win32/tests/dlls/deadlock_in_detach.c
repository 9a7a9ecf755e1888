/* A DLL that waits for its worker thread in DLL_PROCESS_DETACH: the classic
 * loader-lock deadlock.  FreeLibrary holds the loader lock while DllMain
 * runs; the worker, told to stop, must take the same lock to exit (to send
 * DLL_THREAD_DETACH), so neither ever finishes.  Checks that loaderlab-host
 * reports the cycle as a hang in FreeLibrary, with exit code 4.
 *
 * Left out: the worker does no work; it only exists to be waited for. */
#include <windows.h>

static HANDLE worker;
static HANDLE stop;

static DWORD WINAPI worker_main(LPVOID unused) {
  (void)unused;
  WaitForSingleObject(stop, INFINITE);
  return 0;
}

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  if (!worker) {
    stop = CreateEventA(NULL, TRUE, FALSE, NULL);
    worker = CreateThread(NULL, 0, worker_main, NULL, 0, NULL);
  }
  return 0;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_DETACH && reserved == NULL && worker) {
    SetEvent(stop);
    WaitForSingleObject(worker, INFINITE); /* never returns: see above */
  }
  return TRUE;
}
