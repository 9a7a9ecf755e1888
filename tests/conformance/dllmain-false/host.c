/* Conformance probe: DllMain returning FALSE from DLL_PROCESS_ATTACH.
 *
 * LoadLibrary then returns NULL with ERROR_DLL_INIT_FAILED (1114), the DLL
 * gets DLL_PROCESS_DETACH (lpReserved NULL) on the loading thread, exactly
 * once, and is unloaded: GetModuleHandle cannot find it, a thread started
 * afterwards gets no DLL_THREAD_ATTACH from it, and the next load starts
 * from fresh static data and fails the same way.
 *
 * Under mingw-w64 the C runtime's DllMainCRTStartup itself calls DllMain
 * with DLL_PROCESS_DETACH when DllMain fails the attach, and then filters
 * out the loader's own DLL_PROCESS_DETACH; DllMain still sees it once. */
#include <stdio.h>

#include "probe.h"

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  printf("worker: runs\n");
  return 0;
}

static void try_load(int attempt) {
  printf("main: LoadLibrary(refuse.dll), attempt %d\n", attempt);
  SetLastError(0);
  HMODULE h = LoadLibraryA("refuse.dll");
  DWORD error = GetLastError();
  printf("main: LoadLibrary returned %s, GetLastError %lu\n", h ? "a handle" : "NULL", error);
  printf("main: GetModuleHandle(refuse.dll): %s\n",
         GetModuleHandleA("refuse.dll") ? "found" : "NULL");
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  probe_name_thread(GetCurrentThreadId(), "main");

  try_load(1);
  HANDLE t = probe_start_thread("worker 1", worker, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  try_load(2);
  return 0;
}
