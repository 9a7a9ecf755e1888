/* Exercise 05, wrong fix: the worker keeps its reference and simply
 * returns.
 *
 * Nothing can crash: the plug-in is never unloaded.  That is the bug now.
 * Every worker leaks a reference, the application's FreeLibrary no longer
 * unloads anything, and the host's check that the plug-in is gone once its
 * worker is done fails (WRONG-FIXES.md, 2).
 */
#include <windows.h>

static DWORD WINAPI worker(LPVOID arg) {
  HMODULE self = (HMODULE)arg;
  Sleep(10); /* warming the cache */
  /* The wrong fix: never give the reference back, so that nothing can
   * unload the plug-in under the worker. */
  (void)self;
  return 0;
}

__declspec(dllexport) HANDLE start_worker(void) {
  HMODULE self;
  if (!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCSTR)(void *)start_worker, &self))
    return NULL;
  HANDLE thread = CreateThread(NULL, 0, worker, self, 0, NULL);
  if (!thread) FreeLibrary(self);
  return thread;
}
