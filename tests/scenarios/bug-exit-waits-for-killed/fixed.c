/* The fix: at process exit (lpReserved non-NULL) the worker is already
 * terminated and the process is going away, so DLL_PROCESS_DETACH does
 * nothing; only a FreeLibrary (lpReserved NULL) stops the worker. */
#include <windows.h>

static HANDLE port, stopped;

static DWORD WINAPI worker_main(LPVOID arg) {
  (void)arg;
  ULONG_PTR key;
  DWORD bytes;
  LPOVERLAPPED ov;
  while (GetQueuedCompletionStatus(port, &bytes, &key, &ov, INFINITE) && key != 0) {
    SetEvent((HANDLE)ov);
  }
  SetEvent(stopped);
  return 0;
}

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  if (!port) {
    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    stopped = CreateEventA(NULL, TRUE, FALSE, NULL);
    CloseHandle(CreateThread(NULL, 0, worker_main, NULL, 0, NULL));
  }
  HANDLE done = CreateEventA(NULL, FALSE, FALSE, NULL);
  PostQueuedCompletionStatus(port, 0, 1, (LPOVERLAPPED)done);
  WaitForSingleObject(done, INFINITE);
  CloseHandle(done);
  return 1;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_DETACH && reserved == NULL && port) {
    PostQueuedCompletionStatus(port, 0, 0, NULL);
    WaitForSingleObject(stopped, INFINITE);
    CloseHandle(stopped);
    CloseHandle(port);
  }
  return TRUE;
}
