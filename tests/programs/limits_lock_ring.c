/* Twelve critical sections taken in pairs around a ring: g_ring[0] before
 * g_ring[1], g_ring[1] before g_ring[2], ..., and last g_ring[11] before
 * g_ring[0], which closes a cycle of twelve locks.  Twelve threads each
 * taking one pair at the same time would deadlock. */
#include <windows.h>
#include <stdio.h>

#define RING 12

static CRITICAL_SECTION g_ring[RING];

static void take_pair(int first, int second) {
  EnterCriticalSection(&g_ring[first]);
  EnterCriticalSection(&g_ring[second]);
  LeaveCriticalSection(&g_ring[second]);
  LeaveCriticalSection(&g_ring[first]);
}

int main(void) {
  for (int i = 0; i < RING; i++) InitializeCriticalSection(&g_ring[i]);
  for (int i = 0; i < RING; i++) take_pair(i, (i + 1) % RING);
  puts("done");
  return 0;
}
