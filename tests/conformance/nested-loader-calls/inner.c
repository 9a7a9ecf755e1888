/* nest_inner.dll: loaded and freed by nest_outer.dll's DllMain (see
 * host.c).  It prints its notifications and exports one function, which
 * nest_outer.dll calls after freeing it. */
#include <stdio.h>

#include "probe.h"

__declspec(dllexport) void inner_hello(const char *when) {
  printf("nest_inner.dll: hello (%s)\n", when);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_ATTACH)
    printf("nest_inner.dll PROCESS_ATTACH reserved=%s\n", reserved ? "set" : "NULL");
  if (reason == DLL_PROCESS_DETACH)
    printf("nest_inner.dll PROCESS_DETACH reserved=%s\n", reserved ? "set" : "NULL");
  return TRUE;
}
