/* lockdll.dll, SRW flavour: a worker takes the DLL's SRW lock exclusively
 * and parks; DLL_PROCESS_DETACH takes the same lock.  Since Windows 7 a
 * lock that cannot be taken at once during process exit ends the process,
 * as an orphaned critical section does since Vista. */
#include <windows.h>
#include <stdio.h>

static SRWLOCK g_lock = SRWLOCK_INIT;
static HANDLE locked, never;

static DWORD WINAPI holder(LPVOID arg) {
  (void)arg;
  AcquireSRWLockExclusive(&g_lock);
  SetEvent(locked);
  WaitForSingleObject(never, INFINITE);
  ReleaseSRWLockExclusive(&g_lock);
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
  if (reason == DLL_PROCESS_DETACH) {
    printf("lockdll.dll PROCESS_DETACH reserved=%s: taking g_lock\n", reserved ? "set" : "NULL");
    AcquireSRWLockShared(&g_lock);
    puts("lockdll.dll: took g_lock (never printed at exit)");
    ReleaseSRWLockShared(&g_lock);
  }
  return TRUE;
}
