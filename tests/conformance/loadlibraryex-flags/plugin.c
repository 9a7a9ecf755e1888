/* A plug-in that says when it is attached and detached. */
#include <stdio.h>
#include <windows.h>

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) printf("plugin: attached\n");
  if (reason == DLL_PROCESS_DETACH) printf("plugin: detached\n");
  return TRUE;
}
