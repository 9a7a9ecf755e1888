/* waiter.dll: inside DLL_PROCESS_ATTACH, tells the host and waits (at most
 * a second) for its worker to have called GetModuleHandle(NULL). */
#include <windows.h>
#include <stdio.h>

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)h;
  (void)reserved;
  if (reason != DLL_PROCESS_ATTACH) return TRUE;
  HMODULE host = GetModuleHandleA(NULL);
  SetEvent(*(HANDLE *)GetProcAddress(host, "in_dllmain"));
  DWORD r = WaitForSingleObject(*(HANDLE *)GetProcAddress(host, "asked"), 1000);
  printf("waiter.dll: the worker %s\n", r == WAIT_OBJECT_0 ? "answered" : "did not answer in 1 s");
  return TRUE;
}
