/* Tells the host it is inside DllMain, then takes 100 ms. */
#include <windows.h>

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)h;
  (void)reserved;
  if (reason != DLL_PROCESS_ATTACH) return TRUE;
  SetEvent(*(HANDLE *)GetProcAddress(GetModuleHandleA(NULL), "in_dllmain"));
  Sleep(100);
  return TRUE;
}
