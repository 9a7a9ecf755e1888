/* rt on the real thing: a host program that uses the runtime directly,
 * built with mingw-w64 and run under Wine (or Windows).  It walks through
 * the API with batch sizes 1 and 4 - spawn and block_on, detached tasks,
 * timers, a block_on timeout, shutdown with busy workers, a timer
 * cancelled by shutdown, and rt_shutdown_background - and prints
 * "rt_selftest: ok" when every check held.
 *
 * The simulator checks the same behaviour in every schedule
 * (tests/test_runtime.c); this program checks that real threads, a real
 * completion port and a real clock agree.  It asserts no wall-clock
 * durations beyond "not before the delay", which the runtime guarantees
 * because it measures due times with the same clock.
 */
#include <stdio.h>

#include "rt.h"

static int failures;

#define CHECK(cond)                                                               \
  do {                                                                            \
    if (!(cond)) {                                                                \
      printf("rt_selftest: check failed at line %d: %s\n", __LINE__, #cond);      \
      failures++;                                                                 \
    }                                                                             \
  } while (0)

#define CHECK_OK(call)                                                            \
  do {                                                                            \
    rt_error check_error_ = (call);                                               \
    if (check_error_ != RT_OK) {                                                  \
      printf("rt_selftest: line %d: %s gave %s (%lu)\n", __LINE__, #call,         \
             rt_error_name(check_error_), (unsigned long)check_error_);           \
      failures++;                                                                 \
    }                                                                             \
  } while (0)

/* ---- Task bodies ---------------------------------------------------------------- */

static void *square(void *arg) {
  INT_PTR n = (INT_PTR)arg;
  return (void *)(n * n);
}

static LONG volatile detached_runs;

static void *count_run(void *arg) {
  (void)arg;
  InterlockedIncrement(&detached_runs);
  return NULL;
}

/* A timer is due at the tick rt_spawn_after read plus its delay; spawned_at
 * and spawn_done bracket that tick. */
typedef struct timer_probe {
  DWORD delay_ms;
  ULONGLONG spawned_at_ms, spawn_done_ms, ran_at_ms;
  LONG order;
} timer_probe;

static LONG volatile timers_run;

static void *record_timer(void *arg) {
  timer_probe *probe = arg;
  probe->ran_at_ms = GetTickCount64();
  probe->order = InterlockedIncrement(&timers_run);
  return NULL;
}

/* Signals `started`, then waits for `gate`: keeps one worker busy for as
 * long as the main thread wants. */
typedef struct busy_job {
  HANDLE started, gate;
} busy_job;

static void *busy(void *arg) {
  busy_job *job = arg;
  SetEvent(job->started);
  WaitForSingleObject(job->gate, INFINITE);
  return (void *)1;
}

static void *busy_for_a_while(void *started) {
  SetEvent(started);
  Sleep(100);
  return (void *)1;
}

/* ---- Checks ------------------------------------------------------------------------ */

static void spawn_and_block_on(rt_runtime *rt) {
  rt_task *tasks[20];
  for (INT_PTR i = 0; i < 20; i++) CHECK_OK(rt_spawn(rt, square, (void *)i, &tasks[i]));
  for (INT_PTR i = 0; i < 20; i++) {
    void *result = NULL;
    CHECK_OK(rt_block_on(tasks[i], INFINITE, &result));
    CHECK((INT_PTR)result == i * i);
    rt_task_release(tasks[i]);
  }
  for (int i = 0; i < 10; i++) CHECK_OK(rt_spawn(rt, count_run, NULL, NULL));
}

static void block_on_times_out(rt_runtime *rt) {
  busy_job job = {CreateEventA(NULL, TRUE, FALSE, NULL), CreateEventA(NULL, TRUE, FALSE, NULL)};
  rt_task *task;
  CHECK_OK(rt_spawn(rt, busy, &job, &task));
  CHECK(rt_block_on(task, 50, NULL) == ERROR_TIMEOUT);
  SetEvent(job.gate);
  void *result = NULL;
  CHECK_OK(rt_block_on(task, INFINITE, &result));
  CHECK(result == (void *)1);
  rt_task_release(task);
  CloseHandle(job.started);
  CloseHandle(job.gate);
}

/* Timers are taken in due order, and one worker runs them in that order.  (With
 * several workers nothing orders what two threads do once each has taken a
 * timer: the system can hold up the one that took the earlier timer.)  The
 * order is claimed only between timers whose due times are certain to
 * differ: a main thread held up between two spawns makes the later spawn
 * due later, whatever its delay. */
static void timers_run_in_due_order(ULONG batch_size) {
  rt_runtime *rt;
  CHECK_OK(rt_create(1, batch_size, &rt));
  if (failures) return;
  timers_run = 0;
  timer_probe probes[3] = {{.delay_ms = 60}, {.delay_ms = 20}, {.delay_ms = 40}};
  rt_task *tasks[3];
  for (int i = 0; i < 3; i++) {
    probes[i].spawned_at_ms = GetTickCount64();
    CHECK_OK(rt_spawn_after(rt, probes[i].delay_ms, record_timer, &probes[i], &tasks[i]));
    probes[i].spawn_done_ms = GetTickCount64();
  }
  for (int i = 0; i < 3; i++) {
    CHECK_OK(rt_block_on(tasks[i], INFINITE, NULL));
    CHECK(probes[i].ran_at_ms - probes[i].spawned_at_ms >= probes[i].delay_ms);
    rt_task_release(tasks[i]);
  }
  for (int a = 0; a < 3; a++)
    for (int b = 0; b < 3; b++)
      if (probes[a].spawn_done_ms + probes[a].delay_ms <
          probes[b].spawned_at_ms + probes[b].delay_ms)
        CHECK(probes[a].order < probes[b].order);
  CHECK_OK(rt_shutdown(rt));
}

/* Every worker busy when rt_shutdown posts, so one worker may dequeue
 * several shutdown packets in one batch; plus a timer left pending. */
static void shutdown_with_busy_workers(int worker_count, ULONG batch_size) {
  rt_runtime *rt;
  CHECK_OK(rt_create(worker_count, batch_size, &rt));
  if (failures) return;
  spawn_and_block_on(rt);
  block_on_times_out(rt);
  timers_run_in_due_order(batch_size);

  rt_task *tasks[RT_WORKERS_MAX];
  for (int i = 0; i < worker_count; i++) {
    /* One at a time, so that each worker takes exactly one. */
    HANDLE started = CreateEventA(NULL, TRUE, FALSE, NULL);
    CHECK_OK(rt_spawn(rt, busy_for_a_while, started, &tasks[i]));
    WaitForSingleObject(started, INFINITE);
    CloseHandle(started);
  }
  timer_probe late = {.delay_ms = 60000, .spawned_at_ms = GetTickCount64()};
  rt_task *pending;
  CHECK_OK(rt_spawn_after(rt, late.delay_ms, record_timer, &late, &pending));

  CHECK_OK(rt_shutdown(rt));
  for (int i = 0; i < worker_count; i++) {
    CHECK_OK(rt_block_on(tasks[i], 0, NULL));
    rt_task_release(tasks[i]);
  }
  CHECK(rt_block_on(pending, 0, NULL) == RT_ERROR_CANCELLED);
  rt_task_release(pending);
}

static rt_runtime *late_runtime;
static rt_error late_spawn_error;

static void *spawn_after_gate(void *arg) {
  busy_job *job = arg;
  SetEvent(job->started);
  WaitForSingleObject(job->gate, INFINITE);
  late_spawn_error = rt_spawn(late_runtime, square, NULL, NULL);
  return (void *)1;
}

/* rt_shutdown_background returns while a worker is still in a task, and
 * the runtime refuses new work from then on. */
static void shutdown_background_does_not_wait(ULONG batch_size) {
  CHECK_OK(rt_create(2, batch_size, &late_runtime));
  if (failures) return;
  busy_job job = {CreateEventA(NULL, TRUE, FALSE, NULL), CreateEventA(NULL, TRUE, FALSE, NULL)};
  rt_task *task;
  CHECK_OK(rt_spawn(late_runtime, spawn_after_gate, &job, &task));
  WaitForSingleObject(job.started, INFINITE);
  CHECK_OK(rt_shutdown_background(late_runtime));
  CHECK(rt_block_on(task, 0, NULL) == ERROR_TIMEOUT);
  SetEvent(job.gate);
  CHECK_OK(rt_block_on(task, INFINITE, NULL));
  CHECK(late_spawn_error == RT_ERROR_SHUTTING_DOWN);
  rt_task_release(task);
  CloseHandle(job.started);
  CloseHandle(job.gate);
}

int main(void) {
  static const ULONG batch_sizes[] = {1, 4};
  for (int i = 0; i < 2; i++) {
    detached_runs = 0;
    shutdown_with_busy_workers(3, batch_sizes[i]);
    /* rt_shutdown ran every queued task before the workers exited. */
    CHECK(detached_runs == 10);
    shutdown_background_does_not_wait(batch_sizes[i]);
    printf("rt_selftest: batch size %lu: %s\n", batch_sizes[i], failures ? "FAILED" : "ok");
  }
  if (failures) {
    printf("rt_selftest: %d checks failed\n", failures);
    return 1;
  }
  printf("rt_selftest: ok\n");
  return 0;
}
