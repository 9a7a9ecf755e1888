/* State cache: the runs differ only in whether an event is set. */
#include "cache_race.h"

static HANDLE ev;
static void before(void) { ev = CreateEventA(NULL, TRUE, FALSE, NULL); }
static void winner(LONG me) {
  if (me == 1) SetEvent(ev);
}
static void loser(LONG me) { (void)me; }
static void after(void) {
  printf("%s\n", WaitForSingleObject(ev, 0) == WAIT_OBJECT_0 ? "set" : "not set");
  CloseHandle(ev);
}
