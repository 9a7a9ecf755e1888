/* Prints its process notifications. */
#include <windows.h>
#include <stdio.h>

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_ATTACH) printf("dll: DLL_PROCESS_ATTACH\n");
  if (reason == DLL_PROCESS_DETACH) printf("dll: DLL_PROCESS_DETACH (lpReserved %s)\n", reserved ? "set" : "NULL");
  return TRUE;
}
