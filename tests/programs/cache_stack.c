/* State cache: the winner's mark is in a local variable of main's, on the
 * main thread's stack (its address, in static data, is the same in both
 * states). */
#include "cache_race.h"

static void before(void) {}
static void winner(LONG me) { *main_local = (int)me; }
static void loser(LONG me) { (void)me; }
static void after(void) { printf("local %d\n", *main_local); }
