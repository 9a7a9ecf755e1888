/* The bug `while` prevents: a consumer tests the queue with `if`, so when
 * it wakes, another consumer that took the lock first may already have
 * emptied the queue.  The assertion fails in some schedule. */
#include <windows.h>
#include <assert.h>

static CRITICAL_SECTION g_lock;
static CONDITION_VARIABLE g_ready;
static int g_items;

static DWORD WINAPI consumer(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&g_lock);
  if (g_items == 0) SleepConditionVariableCS(&g_ready, &g_lock, INFINITE);
  assert(g_items > 0);
  g_items--;
  LeaveCriticalSection(&g_lock);
  return 0;
}

int main(void) {
  InitializeCriticalSection(&g_lock);
  InitializeConditionVariable(&g_ready);
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, consumer, NULL, 0, NULL);
  t[1] = CreateThread(NULL, 0, consumer, NULL, 0, NULL);
  for (int i = 0; i < 2; i++) {
    EnterCriticalSection(&g_lock);
    g_items++;
    LeaveCriticalSection(&g_lock);
    WakeConditionVariable(&g_ready);
  }
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  return 0;
}
