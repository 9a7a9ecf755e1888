/* State cache: the winner's mark is in static data. */
#include "cache_race.h"

static int mark;
static void before(void) {}
static void winner(LONG me) { mark = (int)me; }
static void loser(LONG me) { (void)me; }
static void after(void) { printf("mark %d\n", mark); }
