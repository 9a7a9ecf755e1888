/* The classic lock-order inversion: one thread takes g_a then g_b, another
 * takes g_b then g_a.  In the default schedule the first thread is done
 * before the second starts, so nothing deadlocks, yet the inversion is a
 * deadlock waiting for the right interleaving: the lock-order detector
 * reports it from this harmless run, and an exhaustive search finds the
 * interleaving that really deadlocks. */
#include <windows.h>
#include <stdio.h>

static CRITICAL_SECTION g_a, g_b;

static DWORD WINAPI take_a_then_b(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&g_a);
  EnterCriticalSection(&g_b);
  LeaveCriticalSection(&g_b);
  LeaveCriticalSection(&g_a);
  return 0;
}

static DWORD WINAPI take_b_then_a(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&g_b);
  EnterCriticalSection(&g_a);
  LeaveCriticalSection(&g_a);
  LeaveCriticalSection(&g_b);
  return 0;
}

int main(void) {
  InitializeCriticalSection(&g_a);
  InitializeCriticalSection(&g_b);
  HANDLE h[2];
  h[0] = CreateThread(NULL, 0, take_a_then_b, NULL, 0, NULL);
  h[1] = CreateThread(NULL, 0, take_b_then_a, NULL, 0, NULL);
  WaitForMultipleObjects(2, h, TRUE, INFINITE);
  CloseHandle(h[0]);
  CloseHandle(h[1]);
  puts("both threads done");
  return 0;
}
