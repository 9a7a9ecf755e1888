/* Lesson 9: a DLL that runs a background job on its own thread, and lets
 * the program free it at any time.  The thread holds a reference of its
 * own to the DLL (GetModuleHandleEx without UNCHANGED_REFCOUNT adds one),
 * so the program's FreeLibrary does not unload the DLL under it.
 *
 * The bug: the thread drops its reference with FreeLibrary and then
 * returns.  If that FreeLibrary was the last one, it unmapped the DLL, and
 * the return goes back into code that is gone. */
#include <windows.h>

static DWORD WINAPI job_main(LPVOID self) {
  Sleep(5); /* the job */
  FreeLibrary((HMODULE)self);
  return 0;
}

__declspec(dllexport) HANDLE job_start(void) {
  HMODULE self;
  if (!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCSTR)(void *)job_start, &self))
    return NULL;
  HANDLE thread = CreateThread(NULL, 0, job_main, self, 0, NULL);
  if (!thread) FreeLibrary(self);
  return thread;
}
