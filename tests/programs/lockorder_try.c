/* A lock taken with a try-acquire cannot wait, so it cannot close a
 * deadlock: one thread holds g_a and only tries g_b (critical section) and
 * g_srw (SRW lock), the other takes g_b then g_a and g_srw then g_a.
 * Whatever the schedule, a failed try just moves on; no schedule
 * deadlocks and none may be reported as a lock-order inversion. */
#include <windows.h>
#include <stdio.h>

static CRITICAL_SECTION g_a, g_b;
static SRWLOCK g_srw = SRWLOCK_INIT;

static DWORD WINAPI a_then_try_b_and_srw(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&g_a);
  if (TryEnterCriticalSection(&g_b)) LeaveCriticalSection(&g_b);
  if (TryAcquireSRWLockExclusive(&g_srw)) ReleaseSRWLockExclusive(&g_srw);
  if (TryAcquireSRWLockShared(&g_srw)) ReleaseSRWLockShared(&g_srw);
  LeaveCriticalSection(&g_a);
  return 0;
}

static DWORD WINAPI b_then_a_and_srw_then_a(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&g_b);
  EnterCriticalSection(&g_a);
  LeaveCriticalSection(&g_a);
  LeaveCriticalSection(&g_b);
  AcquireSRWLockExclusive(&g_srw);
  EnterCriticalSection(&g_a);
  LeaveCriticalSection(&g_a);
  ReleaseSRWLockExclusive(&g_srw);
  return 0;
}

int main(void) {
  InitializeCriticalSection(&g_a);
  InitializeCriticalSection(&g_b);
  HANDLE h[2];
  h[0] = CreateThread(NULL, 0, a_then_try_b_and_srw, NULL, 0, NULL);
  h[1] = CreateThread(NULL, 0, b_then_a_and_srw_then_a, NULL, 0, NULL);
  WaitForMultipleObjects(2, h, TRUE, INFINITE);
  CloseHandle(h[0]);
  CloseHandle(h[1]);
  puts("both threads done");
  return 0;
}
