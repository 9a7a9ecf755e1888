/* Takes g_a then g_b while holding twenty other critical sections, and
 * later g_b then g_a: an inversion the lock-order check must see however
 * many locks the thread holds. */
#include <windows.h>
#include <stdio.h>

#define OUTER 20

static CRITICAL_SECTION g_outer[OUTER], g_a, g_b;

int main(void) {
  for (int i = 0; i < OUTER; i++) InitializeCriticalSection(&g_outer[i]);
  InitializeCriticalSection(&g_a);
  InitializeCriticalSection(&g_b);
  for (int i = 0; i < OUTER; i++) EnterCriticalSection(&g_outer[i]);
  EnterCriticalSection(&g_a);
  EnterCriticalSection(&g_b);
  LeaveCriticalSection(&g_b);
  LeaveCriticalSection(&g_a);
  for (int i = OUTER - 1; i >= 0; i--) LeaveCriticalSection(&g_outer[i]);
  EnterCriticalSection(&g_b);
  EnterCriticalSection(&g_a);
  LeaveCriticalSection(&g_a);
  LeaveCriticalSection(&g_b);
  puts("done");
  return 0;
}
