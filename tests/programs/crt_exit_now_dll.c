/* Says when DllMain is told the process detaches, and registers an atexit
 * function of its own. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

static void dll_atexit(void) { puts("the DLL's atexit function ran"); }

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) atexit(dll_atexit);
  if (reason == DLL_PROCESS_DETACH) puts("DLL_PROCESS_DETACH");
  return TRUE;
}
