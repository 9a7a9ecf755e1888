/* What a condition variable does, one rule per line of output: sleeping
 * leaves the lock (another thread can enter it) and takes it again before
 * returning; a wake with nobody asleep is lost; WakeConditionVariable
 * wakes one sleeper and WakeAllConditionVariable the rest; a sleep that
 * times out returns FALSE with ERROR_TIMEOUT.  Threads are sequenced with
 * Sleep: in the simulator time passes only when every thread is blocked,
 * so each Sleep ends with the others asleep on the condition variable. */
#include <windows.h>
#include <stdio.h>

static CRITICAL_SECTION g_lock;
static CONDITION_VARIABLE g_cv;
static volatile LONG g_woken;
static BOOL g_held_after_wake;

static DWORD WINAPI sleeper(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&g_lock);
  SleepConditionVariableCS(&g_cv, &g_lock, INFINITE);
  /* A critical section records its owner's thread id, as on Windows. */
  if (InterlockedIncrement(&g_woken) == 1)
    g_held_after_wake = (LONG_PTR)g_lock.OwningThread == (LONG_PTR)GetCurrentThreadId();
  LeaveCriticalSection(&g_lock);
  return 0;
}

static DWORD WINAPI outsider(LPVOID arg) {
  (void)arg;
  return TryEnterCriticalSection(&g_lock) ? (LeaveCriticalSection(&g_lock), 1) : 0;
}

int main(void) {
  InitializeCriticalSection(&g_lock);
  InitializeConditionVariable(&g_cv);

  WakeConditionVariable(&g_cv);
  EnterCriticalSection(&g_lock);
  SetLastError(0);
  BOOL slept = SleepConditionVariableCS(&g_cv, &g_lock, 50);
  DWORD error = GetLastError();
  LeaveCriticalSection(&g_lock);
  printf("a wake before anyone sleeps is lost: sleep returned %s, error %lu\n",
         slept ? "TRUE" : "FALSE", error);

  HANDLE t[3];
  for (int i = 0; i < 3; i++) t[i] = CreateThread(NULL, 0, sleeper, NULL, 0, NULL);
  Sleep(100);
  HANDLE o = CreateThread(NULL, 0, outsider, NULL, 0, NULL);
  WaitForSingleObject(o, INFINITE);
  DWORD entered = 0;
  GetExitCodeThread(o, &entered);
  CloseHandle(o);
  printf("while three threads sleep, another thread can enter the lock: %s\n",
         entered ? "yes" : "no");

  WakeConditionVariable(&g_cv);
  Sleep(100);
  printf("WakeConditionVariable woke %ld\n", g_woken);
  printf("the woken thread held the lock again: %s\n", g_held_after_wake ? "yes" : "no");
  WakeAllConditionVariable(&g_cv);
  WaitForMultipleObjects(3, t, TRUE, INFINITE);
  printf("WakeAllConditionVariable woke the other %ld\n", g_woken - 1);
  for (int i = 0; i < 3; i++) CloseHandle(t[i]);
  DeleteCriticalSection(&g_lock);
  return 0;
}
