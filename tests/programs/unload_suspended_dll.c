/* Creates a thread suspended, whose routine is in this DLL. */
#include <windows.h>

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  return 0;
}

__declspec(dllexport) HANDLE make_worker(void) {
  return CreateThread(NULL, 0, worker, NULL, CREATE_SUSPENDED, NULL);
}
