/* Conformance probe: FreeLibraryAndExitThread.
 *
 * self_free.dll's worker holds its own reference to the DLL.  When the host
 * frees its reference the DLL stays loaded; when the worker leaves with
 * FreeLibraryAndExitThread, the DLL gets DLL_PROCESS_DETACH on the worker
 * (lpReserved NULL) and is unloaded before the thread exits, so it gets no
 * DLL_THREAD_DETACH for the worker.  The host then sees the DLL gone and the
 * worker's exit code. */
#include <stdio.h>

#include "probe.h"

typedef HANDLE (*start_fn)(HANDLE go);

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  probe_name_thread(GetCurrentThreadId(), "main");

  HMODULE h = LoadLibraryA("self_free.dll");
  start_fn start = h ? (start_fn)(void (*)(void))GetProcAddress(h, "self_free_start") : NULL;
  if (!start) {
    printf("main: cannot load self_free.dll, error %lu\n", GetLastError());
    return 1;
  }
  HANDLE go = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE worker = start(go);
  if (!worker) {
    printf("main: self_free_start failed\n");
    return 1;
  }
  printf("main: worker started, FreeLibrary(self_free.dll)\n");
  FreeLibrary(h);
  printf("main: self_free.dll %s\n",
         GetModuleHandleA("self_free.dll") ? "still loaded" : "unloaded");

  SetEvent(go);
  WaitForSingleObject(worker, INFINITE);
  DWORD code = 0;
  GetExitCodeThread(worker, &code);
  printf("main: worker exited with code %lu, self_free.dll %s\n", code,
         GetModuleHandleA("self_free.dll") ? "still loaded" : "unloaded");
  CloseHandle(worker);
  CloseHandle(go);
  return 0;
}
