/* State cache: the runs differ only in how many steps they took to reach
 * the cut point (thread 2, when it wins, sets and resets an event 20 times, and the
 * search meets the shorter way first), which the state leaves out; with
 * the step limit the test sets, the longer runs reach it after the cut
 * point and the shorter ones do not. */
#include "cache_race.h"

static HANDLE ev;
static void before(void) { ev = CreateEventA(NULL, TRUE, FALSE, NULL); }
static void winner(LONG me) {
  if (me == 2)
    for (int i = 0; i < 20; i++) {
      SetEvent(ev);
      ResetEvent(ev); /* as it was: only the step count differs */
    }
}
static void loser(LONG me) { (void)me; }
static void after(void) {
  for (int i = 0; i < 200; i++) ResetEvent(ev);
  CloseHandle(ev);
  printf("done\n");
}
