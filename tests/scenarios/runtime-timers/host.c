/* Spawns timers of 30, 10 and 20 ms, blocks on each, and checks that each
 * ran no sooner than its delay and that they ran in due order; then leaves
 * a 1000 ms timer pending and shuts the runtime down.  The checks are
 * asserts, so that exploring the schedules of this program checks them in
 * every schedule.
 *
 * The checks hold on a real clock too (the same host runs under Wine,
 * win32/tests/scenario_hosts.cmake), because they claim only what the
 * runtime promises there:
 * - A timer is due at the tick rt_spawn_after read plus its delay, not at
 *   the delay alone: a main thread held up between two spawns (a busy
 *   machine) makes a later spawn due later.  So the host brackets each due
 *   time between the ticks read just before and just after the spawn, and
 *   claims an order only for two timers whose brackets do not overlap.  In
 *   the simulator no virtual time passes during a spawn, the brackets are
 *   points, and every pair is checked.
 * - One worker.  With two, the worker that took the earlier timer can be
 *   held up by the system before the timer's first instruction while the
 *   other takes and runs the next one: timers are taken in due order, but
 *   nothing orders what two threads do after that. */
#include <assert.h>
#include <stdio.h>

#include "rt.h"

typedef struct timer_probe {
  DWORD delay_ms;
  ULONGLONG spawned_at_ms;    /* the tick read just before rt_spawn_after */
  ULONGLONG spawn_done_ms;    /* the tick read just after it */
  ULONGLONG ran_at_ms;
  LONG order;                 /* 1 for the first timer to run, 2, ... */
} timer_probe;

static LONG volatile timers_run;

static void *record(void *arg) {
  timer_probe *probe = arg;
  probe->ran_at_ms = GetTickCount64();
  probe->order = InterlockedIncrement(&timers_run);
  return NULL;
}

/* Whether a is due before b for certain, whatever tick each spawn read. */
static int surely_due_before(const timer_probe *a, const timer_probe *b) {
  return a->spawn_done_ms + a->delay_ms < b->spawned_at_ms + b->delay_ms;
}

int main(void) {
  rt_runtime *rt;
  rt_error error = rt_create(1, 4, &rt);
  assert(error == RT_OK);
  timer_probe probes[3] = {{.delay_ms = 30}, {.delay_ms = 10}, {.delay_ms = 20}};
  rt_task *tasks[3];
  for (int i = 0; i < 3; i++) {
    probes[i].spawned_at_ms = GetTickCount64();
    error = rt_spawn_after(rt, probes[i].delay_ms, record, &probes[i], &tasks[i]);
    probes[i].spawn_done_ms = GetTickCount64();
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
  for (int a = 0; a < 3; a++)
    for (int b = 0; b < 3; b++)
      assert((!surely_due_before(&probes[a], &probes[b]) || probes[a].order < probes[b].order) &&
             "timers ran out of due order");

  timer_probe late = {.delay_ms = 1000, .spawned_at_ms = GetTickCount64()};
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
