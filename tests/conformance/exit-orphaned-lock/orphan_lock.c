/* orphan_lock.dll: a worker enters the DLL's critical section and parks in
 * it; DLL_PROCESS_DETACH at process exit enters the same section (see
 * host.c). */
#include <stdio.h>

#include "probe.h"

static CRITICAL_SECTION g_lock;
static HANDLE g_locked, g_never;

static DWORD WINAPI holder(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&g_lock);
  SetEvent(g_locked);
  WaitForSingleObject(g_never, INFINITE);
  LeaveCriticalSection(&g_lock);
  return 0;
}

__declspec(dllexport) void orphan_start_holder(void) {
  g_locked = CreateEventA(NULL, TRUE, FALSE, NULL);
  g_never = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE t = probe_start_thread("holder", holder, NULL);
  WaitForSingleObject(g_locked, INFINITE);
  CloseHandle(t);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_ATTACH) InitializeCriticalSection(&g_lock);
  if (reason == DLL_PROCESS_DETACH) {
    printf("orphan_lock.dll PROCESS_DETACH reserved=%s: entering the section\n",
           reserved ? "set" : "NULL");
    EnterCriticalSection(&g_lock);
    printf("orphan_lock.dll: entered the section\n");
    LeaveCriticalSection(&g_lock);
  }
  return TRUE;
}
