/* State cache: the runs differ only in whether a heap block was freed
 * (its contents are the same either way): main's free afterwards is a
 * double free in one of them. */
#include "cache_race.h"

#include <stdlib.h>

static void *block;
static void before(void) { block = malloc(16); }
static void winner(LONG me) {
  if (me == 1) free(block);
}
static void loser(LONG me) { (void)me; }
static void after(void) {
  free(block);
  printf("freed\n");
}
