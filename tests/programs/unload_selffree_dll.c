/* A worker that keeps its DLL loaded with its own reference and drops it
 * when done.  This one drops it with FreeLibrary and then returns: into the DLL it just
 * unloaded. */
#include <windows.h>

static DWORD WINAPI worker(LPVOID arg) {
  HMODULE self = (HMODULE)arg;
  Sleep(10);
  FreeLibrary(self);
  return 0;
}

__declspec(dllexport) HANDLE start_worker(void) {
  HMODULE self;
  GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCSTR)(void *)start_worker, &self);
  return CreateThread(NULL, 0, worker, self, 0, NULL);
}
