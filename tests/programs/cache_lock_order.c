/* State cache: the runs differ only in the lock-order graph: when thread 1
 * wins, it takes a then b, and main's later b-then-a closes a cycle. */
#include "cache_race.h"

static CRITICAL_SECTION a, b;
static void before(void) {
  InitializeCriticalSection(&a);
  InitializeCriticalSection(&b);
}
static void winner(LONG me) {
  if (me != 1) return;
  EnterCriticalSection(&a);
  EnterCriticalSection(&b);
  LeaveCriticalSection(&b);
  LeaveCriticalSection(&a);
}
static void loser(LONG me) { (void)me; }
static void after(void) {
  EnterCriticalSection(&b);
  EnterCriticalSection(&a);
  LeaveCriticalSection(&a);
  LeaveCriticalSection(&b);
  printf("done\n");
}
