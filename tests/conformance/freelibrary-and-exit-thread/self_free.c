/* A DLL whose worker holds its own reference to the DLL and drops it on
 * the way out with FreeLibraryAndExitThread: the code that runs after the
 * unload (ExitThread) is in kernel32, not in the freed DLL.  Returning
 * from the worker after a plain FreeLibrary instead would return into
 * unmapped code (exercises/05-self-unload). */
#include <stdio.h>

#include "probe.h"

static HMODULE self;
static HANDLE ready;

static DWORD WINAPI worker(LPVOID go) {
  SetEvent(ready);
  WaitForSingleObject((HANDLE)go, INFINITE);
  printf("worker: FreeLibraryAndExitThread(self_free.dll, 42)\n");
  FreeLibraryAndExitThread(self, 42);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  switch (reason) {
  case DLL_PROCESS_ATTACH:
    printf("self_free.dll PROCESS_ATTACH reserved=%s thread=%s\n", reserved ? "set" : "NULL",
           probe_thread_name());
    break;
  case DLL_PROCESS_DETACH:
    printf("self_free.dll PROCESS_DETACH reserved=%s thread=%s\n", reserved ? "set" : "NULL",
           probe_thread_name());
    break;
  case DLL_THREAD_ATTACH:
    printf("self_free.dll THREAD_ATTACH thread=%s\n", probe_thread_name());
    break;
  case DLL_THREAD_DETACH:
    printf("self_free.dll THREAD_DETACH thread=%s\n", probe_thread_name());
    break;
  }
  return TRUE;
}

/* Starts the worker with a reference of its own to this DLL, taken here,
 * before the worker exists, so that the host may free its reference at any
 * time.  The worker waits for go; returns once it is running. */
__declspec(dllexport) HANDLE self_free_start(HANDLE go) {
  if (!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCSTR)(void *)&self, &self))
    return NULL;
  ready = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE thread = probe_start_thread("worker 1", worker, go);
  WaitForSingleObject(ready, INFINITE);
  CloseHandle(ready);
  return thread;
}
