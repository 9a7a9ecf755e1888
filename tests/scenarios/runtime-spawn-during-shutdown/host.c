/* A task sleeps 100 ms, long enough for the main thread to begin
 * rt_shutdown, then tries to spawn a task and a timer on its runtime: both
 * are refused with RT_ERROR_SHUTTING_DOWN, and nothing is left behind. */
#include <assert.h>
#include <stdio.h>

#include "rt.h"

static rt_runtime *rt;
static rt_error spawn_error, spawn_after_error;

static void *never_runs(void *arg) {
  (void)arg;
  assert(!"a task spawned during shutdown ran");
  return NULL;
}

static void *spawn_late(void *started) {
  SetEvent(started);
  Sleep(100);
  rt_task *task = NULL;
  spawn_error = rt_spawn(rt, never_runs, NULL, &task);
  spawn_after_error = rt_spawn_after(rt, 10, never_runs, NULL, NULL);
  assert(task == NULL);
  return NULL;
}

int main(void) {
  rt_error error = rt_create(2, 1, &rt);
  assert(error == RT_OK);
  HANDLE started = CreateEventA(NULL, TRUE, FALSE, NULL);
  error = rt_spawn(rt, spawn_late, started, NULL);
  assert(error == RT_OK);
  WaitForSingleObject(started, INFINITE);
  CloseHandle(started);
  error = rt_shutdown(rt);
  printf("rt_shutdown: %s\n", rt_error_name(error));
  /* rt_shutdown waited for the worker, so its writes are visible. */
  printf("rt_spawn during shutdown: %s\n", rt_error_name(spawn_error));
  printf("rt_spawn_after during shutdown: %s\n", rt_error_name(spawn_after_error));
  assert(spawn_error == RT_ERROR_SHUTTING_DOWN && spawn_after_error == RT_ERROR_SHUTTING_DOWN);
  return 0;
}
