/* A worker blocked in a wait called from the DLL's code. */
#include <windows.h>

static HANDLE wake;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(wake, INFINITE);
  return 0;
}

__declspec(dllexport) HANDLE start_worker(void) {
  wake = CreateEventA(NULL, FALSE, FALSE, "wake-worker");
  return CreateThread(NULL, 0, worker, NULL, 0, NULL);
}
