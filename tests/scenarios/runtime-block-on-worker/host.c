/* A task that blocks on another task of the same runtime: with one worker
 * this can never finish, and with more it finishes only while a worker is
 * free, so rt_block_on asserts instead of waiting. */
#include <stdio.h>

#include "rt.h"

static rt_runtime *rt;

static void *inner(void *arg) { return arg; }

static void *outer(void *arg) {
  (void)arg;
  rt_task *task;
  if (rt_spawn(rt, inner, (void *)1, &task) != RT_OK) return NULL;
  void *result = NULL;
  rt_block_on(task, INFINITE, &result);
  rt_task_release(task);
  return result;
}

int main(void) {
  if (rt_create(1, 1, &rt) != RT_OK) return 1;
  rt_task *task;
  if (rt_spawn(rt, outer, NULL, &task) != RT_OK) return 1;
  void *result = NULL;
  rt_error error = rt_block_on(task, INFINITE, &result);
  printf("outer task: %s\n", rt_error_name(error));
  rt_task_release(task);
  rt_shutdown(rt);
  return 0;
}
