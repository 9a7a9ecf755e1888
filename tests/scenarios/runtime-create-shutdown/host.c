/* Creates a three-worker runtime with a batch size of 2 and shuts it down
 * at once.  Whether the three shutdown packets arrive before, between or
 * after the workers' first waits is up to the schedule, and a worker that
 * waits late can dequeue two of them; explored, every order must end with
 * every worker gone.  (A batch of 2 is the smallest that can take a
 * sibling's packet; tests/scenarios/runtime-shutdown uses 4.) */
#include <assert.h>
#include <stdio.h>

#include "rt.h"

int main(void) {
  rt_runtime *rt;
  rt_error error = rt_create(3, 2, &rt);
  assert(error == RT_OK);
  error = rt_shutdown(rt);
  printf("rt_shutdown: %s\n", rt_error_name(error));
  assert(error == RT_OK);
  return 0;
}
