/* Exercise 05, wrong fix: end the worker with ExitThread instead of
 * returning, so that it never runs the plug-in's `return`.
 *
 * The call to ExitThread is itself the plug-in's code: FreeLibrary returns
 * into the unmapped plug-in before it gets there.  This is the race the
 * FreeLibraryAndExitThread documentation describes (WRONG-FIXES.md, 1).
 */
#include <windows.h>

static DWORD WINAPI worker(LPVOID arg) {
  HMODULE self = (HMODULE)arg;
  Sleep(10); /* warming the cache */
  /* The wrong fix: do not return, exit. */
  FreeLibrary(self);
  ExitThread(0);
}

__declspec(dllexport) HANDLE start_worker(void) {
  HMODULE self;
  if (!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCSTR)(void *)start_worker, &self))
    return NULL;
  HANDLE thread = CreateThread(NULL, 0, worker, self, 0, NULL);
  if (!thread) FreeLibrary(self);
  return thread;
}
