/* Exercise 05, the reference fix (read exercises/05-self-unload/README.md
 * first, and WRONG-FIXES.md beside this file).
 *
 * The worker gives its reference back with FreeLibraryAndExitThread: the
 * library is freed and the thread ends in one call whose code is not in
 * the plug-in, so if that reference was the last and the plug-in is
 * unmapped, nothing returns into it.
 */
#include <windows.h>

static DWORD WINAPI worker(LPVOID arg) {
  HMODULE self = (HMODULE)arg;
  Sleep(10); /* warming the cache */
  FreeLibraryAndExitThread(self, 0);
}

__declspec(dllexport) HANDLE start_worker(void) {
  HMODULE self;
  if (!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCSTR)(void *)start_worker, &self))
    return NULL;
  HANDLE thread = CreateThread(NULL, 0, worker, self, 0, NULL);
  if (!thread) FreeLibrary(self);
  return thread;
}
