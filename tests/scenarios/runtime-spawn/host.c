/* Spawns three tasks on a two-worker runtime, blocks on each result from
 * the main thread, and shuts the runtime down. */
#include <stdio.h>

#include "rt.h"

static void *square(void *arg) {
  INT_PTR n = (INT_PTR)arg;
  return (void *)(n * n);
}

int main(void) {
  rt_runtime *rt;
  rt_error error = rt_create(2, 4, &rt);
  if (error != RT_OK) {
    printf("rt_create: %s\n", rt_error_name(error));
    return 1;
  }
  rt_task *tasks[3];
  for (INT_PTR i = 0; i < 3; i++) {
    error = rt_spawn(rt, square, (void *)(i + 2), &tasks[i]);
    if (error != RT_OK) {
      printf("rt_spawn: %s\n", rt_error_name(error));
      return 1;
    }
  }
  for (int i = 0; i < 3; i++) {
    void *result = NULL;
    error = rt_block_on(tasks[i], INFINITE, &result);
    printf("task %d: %s, result %d\n", i + 1, rt_error_name(error), (int)(INT_PTR)result);
    rt_task_release(tasks[i]);
  }
  printf("rt_shutdown: %s\n", rt_error_name(rt_shutdown(rt)));
  return 0;
}
