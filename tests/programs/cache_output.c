/* State cache: the runs differ only in what was printed, and in which
 * order. */
#include "cache_race.h"

static void before(void) {}
static void winner(LONG me) { printf("%ld won\n", (long)me); }
static void loser(LONG me) { (void)me; }
static void after(void) { printf("end\n"); }
