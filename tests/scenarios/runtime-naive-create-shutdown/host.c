/* The naive pool's shutdown right after its creation.  If both shutdown
 * packets are queued before the first worker's first wait, that worker
 * dequeues both, returns at the first, and the second worker waits
 * forever; if each worker is already waiting, each gets one.  Which one
 * happens is up to the schedule. */
#include <stdio.h>

#include "naive_pool.h"

int main(void) {
  naive_pool *pool = naive_pool_create(2, 4);
  if (!pool) return 1;
  int exited = naive_pool_shutdown(pool, INFINITE);
  printf("naive pool: %d of 2 workers exited\n", exited);
  return 0;
}
