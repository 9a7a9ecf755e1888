/* A task waits until the main thread has begun rt_shutdown, then tries to
 * spawn a task and a timer on its runtime: both are refused with
 * RT_ERROR_SHUTTING_DOWN, and nothing is left behind.
 *
 * The task learns that the shutdown has begun the only way a program can:
 * it spawns a harmless probe task every millisecond until one is refused
 * (the probes it got in first run during the shutdown, which lets queued
 * tasks finish).  Sleeping a fixed time instead would be a race against the
 * main thread on a busy machine.  In the simulator the first sleep already
 * ends after the main thread has blocked in rt_shutdown, because virtual
 * time passes only when no thread can run. */
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

static void *probe(void *arg) {
  (void)arg;
  return NULL;
}

static void *spawn_late(void *started) {
  SetEvent(started);
  rt_error probe_error;
  while ((probe_error = rt_spawn(rt, probe, NULL, NULL)) == RT_OK) Sleep(1);
  assert(probe_error == RT_ERROR_SHUTTING_DOWN);
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
