/* Prints its process notifications. */
#include <stdio.h>
#include <windows.h>

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_ATTACH) printf("logger: DLL_PROCESS_ATTACH\n");
  if (reason == DLL_PROCESS_DETACH) printf("logger: DLL_PROCESS_DETACH (lpReserved %s)\n", reserved ? "set" : "NULL");
  return TRUE;
}
