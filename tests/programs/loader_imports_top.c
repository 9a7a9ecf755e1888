/* The importing DLL: calls base.dll's export directly (linked against it). */
#include <windows.h>
#include <stdio.h>

int base_value(void);

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)h;
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) printf("top attach (base says %d)\n", base_value());
  if (reason == DLL_PROCESS_DETACH) printf("top detach\n");
  return TRUE;
}

__declspec(dllexport) int top_value(void) { return base_value() + 2; }
