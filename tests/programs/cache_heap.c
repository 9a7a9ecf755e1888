/* State cache: the winner's mark is in a heap block. */
#include "cache_race.h"

#include <stdlib.h>

static int *cell;
static void before(void) { cell = malloc(sizeof *cell); *cell = 0; }
static void winner(LONG me) { *cell = (int)me; }
static void loser(LONG me) { (void)me; }
static void after(void) {
  printf("cell %d\n", *cell);
  free(cell);
}
