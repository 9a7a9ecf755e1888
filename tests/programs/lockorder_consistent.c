/* Locks taken in one global order are not an inversion: both workers nest
 * g_a, then g_b, then g_c (one skips g_b).  The second worker also takes
 * g_c and then g_a one after the other, never holding both, which orders
 * nothing.  No schedule deadlocks and none may be reported. */
#include <windows.h>
#include <stdio.h>

static CRITICAL_SECTION g_a, g_b, g_c;

static DWORD WINAPI a_b_c(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&g_a);
  EnterCriticalSection(&g_b);
  EnterCriticalSection(&g_c);
  LeaveCriticalSection(&g_c);
  LeaveCriticalSection(&g_b);
  LeaveCriticalSection(&g_a);
  return 0;
}

static DWORD WINAPI a_c_then_c_alone_then_a_alone(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&g_a);
  EnterCriticalSection(&g_c);
  LeaveCriticalSection(&g_c);
  LeaveCriticalSection(&g_a);
  EnterCriticalSection(&g_c);
  LeaveCriticalSection(&g_c);
  EnterCriticalSection(&g_a);
  LeaveCriticalSection(&g_a);
  return 0;
}

int main(void) {
  InitializeCriticalSection(&g_a);
  InitializeCriticalSection(&g_b);
  InitializeCriticalSection(&g_c);
  HANDLE h[2];
  h[0] = CreateThread(NULL, 0, a_b_c, NULL, 0, NULL);
  h[1] = CreateThread(NULL, 0, a_c_then_c_alone_then_a_alone, NULL, 0, NULL);
  WaitForMultipleObjects(2, h, TRUE, INFINITE);
  CloseHandle(h[0]);
  CloseHandle(h[1]);
  puts("both threads done");
  return 0;
}
