/* Spawns timers of 30, 10 and 20 ms, blocks on each, and checks that each
 * ran no sooner than its delay and that they ran in due order; then leaves
 * a 1000 ms timer pending and shuts the runtime down.  The checks are
 * asserts, so that exploring the schedules of this program checks them in
 * every schedule. */
#include <assert.h>
#include <stdio.h>

#include "rt.h"

typedef struct timer_probe {
  DWORD delay_ms;
  ULONGLONG spawned_at_ms, ran_at_ms;
  LONG order;                 /* 1 for the first timer to run, 2, ... */
} timer_probe;

static LONG volatile timers_run;

static void *record(void *arg) {
  timer_probe *probe = arg;
  probe->ran_at_ms = GetTickCount64();
  probe->order = InterlockedIncrement(&timers_run);
  return NULL;
}

int main(void) {
  rt_runtime *rt;
  rt_error error = rt_create(2, 4, &rt);
  assert(error == RT_OK);
  timer_probe probes[3] = {{30, 0, 0, 0}, {10, 0, 0, 0}, {20, 0, 0, 0}};
  rt_task *tasks[3];
  for (int i = 0; i < 3; i++) {
    probes[i].spawned_at_ms = GetTickCount64();
    error = rt_spawn_after(rt, probes[i].delay_ms, record, &probes[i], &tasks[i]);
    assert(error == RT_OK);
  }
  for (int i = 0; i < 3; i++) {
    error = rt_block_on(tasks[i], INFINITE, NULL);
    rt_task_release(tasks[i]);
    ULONGLONG waited_ms = probes[i].ran_at_ms - probes[i].spawned_at_ms;
    printf("timer of %lu ms: %s, ran %llu ms after it was spawned, number %ld to run\n",
           probes[i].delay_ms, rt_error_name(error), waited_ms, probes[i].order);
    assert(error == RT_OK);
    assert(waited_ms >= probes[i].delay_ms && "a timer ran before its delay");
  }
  assert(probes[1].order == 1 && probes[2].order == 2 && probes[0].order == 3 &&
         "timers ran out of due order");

  timer_probe late = {1000, GetTickCount64(), 0, 0};
  rt_task *pending;
  error = rt_spawn_after(rt, late.delay_ms, record, &late, &pending);
  assert(error == RT_OK);
  ULONGLONG shutdown_at_ms = GetTickCount64();
  error = rt_shutdown(rt);
  printf("rt_shutdown: %s after %llu ms\n", rt_error_name(error),
         GetTickCount64() - shutdown_at_ms);
  error = rt_block_on(pending, INFINITE, NULL);
  printf("the 1000 ms timer pending at shutdown: %s\n", rt_error_name(error));
  assert(error == RT_ERROR_CANCELLED && late.order == 0);
  rt_task_release(pending);
  return 0;
}
