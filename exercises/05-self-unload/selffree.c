/* The DLL of exercise 05 (read README.md first): a plug-in that finishes
 * its work on a thread of its own, after the application has let go of it.
 *
 * start_worker starts a worker (it warms a cache: here, 10 ms of work) and
 * gives it a reference on the plug-in, taken before the thread exists, so
 * that the application may call FreeLibrary at once: the plug-in stays
 * loaded while the worker runs.  That half is right (exercise 04 is about
 * it).  When the worker is done it gives its reference back with
 * FreeLibrary and returns.  If that FreeLibrary was the last, it unmapped
 * the plug-in, and the `return` that follows is the plug-in's code.
 *
 * The export: HANDLE start_worker(void) returns the worker's handle (the
 * caller closes it), or NULL.
 */
#include <windows.h>

static DWORD WINAPI worker(LPVOID arg) {
  HMODULE self = (HMODULE)arg;
  Sleep(10); /* warming the cache */
  FreeLibrary(self);
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
