/* Taking a lock again while already holding it (critical sections and
 * mutexes are recursive) orders nothing: the first worker holds g_a and
 * the mutex, takes g_b, and then re-enters g_a and the mutex while holding
 * g_b.  That is not "g_b before g_a" (nor before the mutex), so together
 * with the second worker's g_a, mutex, g_b it is no inversion. */
#include <windows.h>
#include <stdio.h>

static CRITICAL_SECTION g_a, g_b;
static HANDLE g_mutex;

static DWORD WINAPI reenters_while_holding_b(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&g_a);
  WaitForSingleObject(g_mutex, INFINITE);
  EnterCriticalSection(&g_b);
  EnterCriticalSection(&g_a);
  WaitForSingleObject(g_mutex, INFINITE);
  ReleaseMutex(g_mutex);
  LeaveCriticalSection(&g_a);
  LeaveCriticalSection(&g_b);
  ReleaseMutex(g_mutex);
  LeaveCriticalSection(&g_a);
  return 0;
}

static DWORD WINAPI a_mutex_b(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&g_a);
  WaitForSingleObject(g_mutex, INFINITE);
  EnterCriticalSection(&g_b);
  LeaveCriticalSection(&g_b);
  ReleaseMutex(g_mutex);
  LeaveCriticalSection(&g_a);
  return 0;
}

int main(void) {
  InitializeCriticalSection(&g_a);
  InitializeCriticalSection(&g_b);
  g_mutex = CreateMutexA(NULL, FALSE, NULL);
  HANDLE h[2];
  h[0] = CreateThread(NULL, 0, reenters_while_holding_b, NULL, 0, NULL);
  h[1] = CreateThread(NULL, 0, a_mutex_b, NULL, 0, NULL);
  WaitForMultipleObjects(2, h, TRUE, INFINITE);
  CloseHandle(h[0]);
  CloseHandle(h[1]);
  CloseHandle(g_mutex);
  puts("both threads done");
  return 0;
}
