/* A DLL whose DllMain refuses DLL_PROCESS_ATTACH.  It prints every call it
 * gets, and how many attaches this copy of its static data has seen: a
 * fresh copy on every load shows that the failed load was unmapped. */
#include <stdio.h>

#include "probe.h"

static int attaches;

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  switch (reason) {
  case DLL_PROCESS_ATTACH:
    attaches++;
    printf("refuse.dll PROCESS_ATTACH reserved=%s thread=%s (attach %d of this copy): "
           "returning FALSE\n",
           reserved ? "set" : "NULL", probe_thread_name(), attaches);
    return FALSE;
  case DLL_PROCESS_DETACH:
    printf("refuse.dll PROCESS_DETACH reserved=%s thread=%s\n", reserved ? "set" : "NULL",
           probe_thread_name());
    break;
  case DLL_THREAD_ATTACH:
    printf("refuse.dll THREAD_ATTACH thread=%s\n", probe_thread_name());
    break;
  case DLL_THREAD_DETACH:
    printf("refuse.dll THREAD_DETACH thread=%s\n", probe_thread_name());
    break;
  }
  return TRUE;
}

__declspec(dllexport) int refuse_answer(void) { return 42; }
