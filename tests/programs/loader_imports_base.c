/* The imported DLL: logs DllMain and exports a function. */
#include <windows.h>
#include <stdio.h>

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)h;
  if (reason == DLL_PROCESS_ATTACH) printf("base attach reserved=%s\n", reserved ? "set" : "NULL");
  if (reason == DLL_PROCESS_DETACH) printf("base detach\n");
  return TRUE;
}

__declspec(dllexport) int base_value(void) { return 40; }
