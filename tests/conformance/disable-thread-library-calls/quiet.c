/* A DLL that asks not to get DLL_THREAD_ATTACH and DLL_THREAD_DETACH, and
 * prints whether it was granted and every DllMain call it still gets. */
#include <stdio.h>

#include "probe.h"

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  switch (reason) {
  case DLL_PROCESS_ATTACH: {
    printf("quiet.dll PROCESS_ATTACH reserved=%s thread=%s\n", reserved ? "set" : "NULL",
           probe_thread_name());
    SetLastError(0);
    BOOL ok = DisableThreadLibraryCalls(instance);
    DWORD error = GetLastError();
    if (ok) printf("quiet.dll: DisableThreadLibraryCalls returned TRUE\n");
    else printf("quiet.dll: DisableThreadLibraryCalls returned FALSE, error %lu\n", error);
    break;
  }
  case DLL_PROCESS_DETACH:
    printf("quiet.dll PROCESS_DETACH reserved=%s thread=%s\n", reserved ? "set" : "NULL",
           probe_thread_name());
    break;
  case DLL_THREAD_ATTACH:
    printf("quiet.dll THREAD_ATTACH thread=%s\n", probe_thread_name());
    break;
  case DLL_THREAD_DETACH:
    printf("quiet.dll THREAD_DETACH thread=%s\n", probe_thread_name());
    break;
  }
  return TRUE;
}
