/* lockdll.dll: a worker that enters the DLL's critical section and parks
 * inside it; lockdll_start_holder returns once the worker holds the lock.
 * DLL_PROCESS_DETACH enters the same lock to tidy up. */
#include <windows.h>
#include <stdio.h>

static CRITICAL_SECTION g_lock;
static HANDLE locked, never;

static DWORD WINAPI holder(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&g_lock);
  SetEvent(locked);
  WaitForSingleObject(never, INFINITE);
  LeaveCriticalSection(&g_lock);
  return 0;
}

__declspec(dllexport) void lockdll_start_holder(void) {
  locked = CreateEventA(NULL, TRUE, FALSE, NULL);
  never = CreateEventA(NULL, TRUE, FALSE, NULL);
  CloseHandle(CreateThread(NULL, 0, holder, NULL, 0, NULL));
  WaitForSingleObject(locked, INFINITE);
}

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)h;
  if (reason == DLL_PROCESS_ATTACH) InitializeCriticalSection(&g_lock);
  if (reason == DLL_PROCESS_DETACH) {
    printf("lockdll.dll PROCESS_DETACH reserved=%s: entering g_lock\n", reserved ? "set" : "NULL");
    EnterCriticalSection(&g_lock);
    puts("lockdll.dll: entered g_lock (never printed at exit)");
    LeaveCriticalSection(&g_lock);
  }
  return TRUE;
}
