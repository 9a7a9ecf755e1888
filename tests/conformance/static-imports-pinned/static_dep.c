/* static_dep.dll: imported by the probe's executable (see host.c); prints
 * its process notifications and exports one function. */
#include <stdio.h>

#include "probe.h"

__declspec(dllexport) void static_dep_hello(void) { printf("static_dep.dll: hello\n"); }

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_ATTACH)
    printf("static_dep.dll PROCESS_ATTACH reserved=%s\n", reserved ? "set" : "NULL");
  if (reason == DLL_PROCESS_DETACH)
    printf("static_dep.dll PROCESS_DETACH reserved=%s\n", reserved ? "set" : "NULL");
  return TRUE;
}
