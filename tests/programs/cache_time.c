/* State cache: the runs differ only in virtual time (the winner slept). */
#include "cache_race.h"

static void before(void) {}
static void winner(LONG me) {
  if (me == 1) Sleep(20);
}
static void loser(LONG me) { (void)me; }
static void after(void) { printf("%s\n", GetTickCount64() >= 20 ? "late" : "early"); }
