/* Lesson 2: a plugin whose DllMain loads the helper DLL it needs.  The run
 * survives, yet Microsoft's guidance forbids it, and the simulator says so. */
#include <windows.h>

static HMODULE helper;

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) helper = LoadLibraryA("helper.dll");
  return TRUE;
}
