/* Disables thread calls, lets the host's worker finish, and waits a little
 * for it under the loader lock: it cannot finish exiting. */
#include <windows.h>
#include <stdio.h>

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)reserved;
  if (reason != DLL_PROCESS_ATTACH) return TRUE;
  DisableThreadLibraryCalls(h);
  HMODULE host = GetModuleHandleA(NULL);
  HANDLE *worker = (HANDLE *)GetProcAddress(host, "worker_handle");
  HANDLE *go = (HANDLE *)GetProcAddress(host, "worker_go");
  SetEvent(*go);
  DWORD r = WaitForSingleObject(*worker, 100);
  printf("in DllMain: %s\n", r == WAIT_TIMEOUT ? "the worker is still exiting" : "the worker has exited");
  return TRUE;
}
