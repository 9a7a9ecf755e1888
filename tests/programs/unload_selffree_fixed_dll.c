/* A worker that keeps its DLL loaded with its own reference and drops it
 * when done.  This one leaves with FreeLibraryAndExitThread, whose code is not in the
 * DLL it frees. */
#include <windows.h>

static DWORD WINAPI worker(LPVOID arg) {
  HMODULE self = (HMODULE)arg;
  Sleep(10);
  FreeLibraryAndExitThread(self, 0);
}

__declspec(dllexport) HANDLE start_worker(void) {
  HMODULE self;
  GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCSTR)(void *)start_worker, &self);
  return CreateThread(NULL, 0, worker, self, 0, NULL);
}
