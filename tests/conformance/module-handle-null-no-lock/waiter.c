/* nolock_waiter.dll: inside DLL_PROCESS_ATTACH, tells the host's worker
 * and waits, at most 5 s, for it to have called GetModuleHandle(NULL) (see
 * host.c).  The events are named, so both sides open the same ones. */
#include <stdio.h>

#include "probe.h"

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reserved;
  if (reason != DLL_PROCESS_ATTACH) return TRUE;
  HANDLE in_dllmain = CreateEventA(NULL, TRUE, FALSE, "loaderlab-probe-in-dllmain");
  HANDLE asked = CreateEventA(NULL, TRUE, FALSE, "loaderlab-probe-asked");
  printf("nolock_waiter.dll PROCESS_ATTACH: waits for the worker\n");
  SetEvent(in_dllmain);
  DWORD r = WaitForSingleObject(asked, 5000);
  printf("nolock_waiter.dll: the worker %s\n", r == WAIT_OBJECT_0 ? "answered" : "did not answer in 5 s");
  CloseHandle(in_dllmain);
  CloseHandle(asked);
  return TRUE;
}
