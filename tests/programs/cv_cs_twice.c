/* Sleeping with the critical section entered twice: it is left once, so
 * it stays held, and the thread that would wake the sleeper can never
 * enter it. */
#include <windows.h>

static CRITICAL_SECTION g_lock;
static CONDITION_VARIABLE g_cv;
static int g_flag;

static DWORD WINAPI waker(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&g_lock);
  g_flag = 1;
  LeaveCriticalSection(&g_lock);
  WakeConditionVariable(&g_cv);
  return 0;
}

int main(void) {
  InitializeCriticalSection(&g_lock);
  InitializeConditionVariable(&g_cv);
  EnterCriticalSection(&g_lock);
  EnterCriticalSection(&g_lock);
  HANDLE t = CreateThread(NULL, 0, waker, NULL, 0, NULL);
  while (!g_flag) SleepConditionVariableCS(&g_cv, &g_lock, INFINITE);
  LeaveCriticalSection(&g_lock);
  LeaveCriticalSection(&g_lock);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  return 0;
}
