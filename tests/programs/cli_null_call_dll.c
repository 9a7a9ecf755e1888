/* The DLL whose export cli_null_call_host.c misspells. */
#include <windows.h>

__declspec(dllexport) int helper_entry_point(void) { return 0; }

BOOL WINAPI DllMain(HINSTANCE self, DWORD reason, LPVOID reserved) {
  (void)self;
  (void)reason;
  (void)reserved;
  return TRUE;
}
