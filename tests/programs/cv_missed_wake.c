/* The classic lost wake-up: the waiter tests the flag without the lock,
 * so the setter can set it and wake nobody between the test and the
 * sleep; the waiter then sleeps forever.  With LOCKED defined the test,
 * the set and the wake all happen under the lock, and no schedule loses
 * the wake. */
#include <windows.h>
#include <stdio.h>

static CRITICAL_SECTION g_lock;
static CONDITION_VARIABLE g_cv;
static volatile LONG g_flag;

static DWORD WINAPI setter(LPVOID arg) {
  (void)arg;
#ifdef LOCKED
  EnterCriticalSection(&g_lock);
#endif
  InterlockedExchange(&g_flag, 1);
#ifdef LOCKED
  LeaveCriticalSection(&g_lock);
#endif
  WakeConditionVariable(&g_cv);
  return 0;
}

int main(void) {
  InitializeCriticalSection(&g_lock);
  InitializeConditionVariable(&g_cv);
  HANDLE t = CreateThread(NULL, 0, setter, NULL, 0, NULL);
#ifndef LOCKED
  if (InterlockedCompareExchange(&g_flag, 0, 0) == 0) {
    EnterCriticalSection(&g_lock);
    SleepConditionVariableCS(&g_cv, &g_lock, INFINITE);
    LeaveCriticalSection(&g_lock);
  }
#else
  EnterCriticalSection(&g_lock);
  while (g_flag == 0) SleepConditionVariableCS(&g_cv, &g_lock, INFINITE);
  LeaveCriticalSection(&g_lock);
#endif
  printf("flag seen\n");
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  return 0;
}
