/* The classic deadlock: two threads take two critical sections in opposite
 * orders, and events make sure each holds its first before it asks for its
 * second, so every schedule ends in the cycle
 * thread 2 -> g_second -> thread 3 -> g_first -> thread 2. */
#include <windows.h>

static CRITICAL_SECTION g_first, g_second;
static HANDLE g_has_first, g_has_second;

static DWORD WINAPI first_then_second(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&g_first);
  SetEvent(g_has_first);
  WaitForSingleObject(g_has_second, INFINITE);
  EnterCriticalSection(&g_second);
  LeaveCriticalSection(&g_second);
  LeaveCriticalSection(&g_first);
  return 0;
}

static DWORD WINAPI second_then_first(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&g_second);
  SetEvent(g_has_second);
  WaitForSingleObject(g_has_first, INFINITE);
  EnterCriticalSection(&g_first);
  LeaveCriticalSection(&g_first);
  LeaveCriticalSection(&g_second);
  return 0;
}

int main(void) {
  InitializeCriticalSection(&g_first);
  InitializeCriticalSection(&g_second);
  g_has_first = CreateEventA(NULL, TRUE, FALSE, NULL);
  g_has_second = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, first_then_second, NULL, 0, NULL);
  t[1] = CreateThread(NULL, 0, second_then_first, NULL, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  return 0;
}
