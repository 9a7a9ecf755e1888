/* Lesson 9: the DLL of job.c, fixed.  The thread drops its reference with
 * FreeLibraryAndExitThread, whose code is in the system, not in this DLL:
 * after it unmaps the DLL it ends the thread without returning.
 *
 * As in job.c: a DLL that runs a background job on its own thread, and lets
 * the program free it at any time.  The thread holds a reference of its
 * own to the DLL (GetModuleHandleEx without UNCHANGED_REFCOUNT adds one),
 * so the program's FreeLibrary does not unload the DLL under it. */
#include <windows.h>

static DWORD WINAPI job_main(LPVOID self) {
  Sleep(5); /* the job */
  FreeLibraryAndExitThread((HMODULE)self, 0);
}

__declspec(dllexport) HANDLE job_start(void) {
  HMODULE self;
  if (!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCSTR)(void *)job_start, &self))
    return NULL;
  HANDLE thread = CreateThread(NULL, 0, job_main, self, 0, NULL);
  if (!thread) FreeLibrary(self);
  return thread;
}
