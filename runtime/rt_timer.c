/* Timers: tasks that run once their delay has passed.
 *
 * The choice: no timer thread and no waitable timer.  Pending timers are a
 * list sorted by due time, and the workers themselves are the clock: each
 * one waits on the port no longer than the earliest timer allows (the
 * timeout of GetQueuedCompletionStatusEx), and runs the timers that are
 * due when the wait times out and after every batch.  This is how Tokio
 * and libuv drive timers from the thread that waits for I/O.  It costs no
 * extra thread, so a shutdown has nothing more to stop, and in the
 * simulator it runs on virtual time: a wait's timeout is a deadline that
 * virtual time jumps to when nothing else can run.
 *
 * Two details keep it correct:
 * - A new timer that becomes the earliest posts an RT__PACKET_WAKE packet,
 *   so that a worker already waiting with a later (or infinite) timeout
 *   wakes and waits again for the right time.  The packet stays queued
 *   until some worker takes it, so the wake-up cannot be lost.
 * - A wait can return a little before its deadline (real Windows rounds to
 *   its clock tick), so a timer runs only when GetTickCount64 says it is
 *   due; otherwise the worker simply waits again.
 *
 * Left out: periodic timers, cancelling one timer, and precision: every
 * idle worker wakes at the earliest due time and one of them runs it; a
 * timer comes late when every worker is busy with a long task.
 */
#include "rt_internal.h"

rt_error rt_spawn_after(rt_runtime *rt, DWORD delay_ms, rt_task_fn fn, void *arg,
                        rt_task **task_out) {
  assert(rt != NULL && fn != NULL);
  rt_task *task;
  rt_error error = rt__task_new(rt, fn, arg, task_out != NULL, &task);
  if (error != RT_OK) return error;
  task->due_ms = GetTickCount64() + delay_ms;
  AcquireSRWLockExclusive(&rt->lock);
  if (rt->state != RT__RUNNING) {
    error = RT_ERROR_SHUTTING_DOWN;
  } else {
    /* After every timer due no later, so equal delays run in spawn order. */
    rt_task **at = &rt->timers;
    while (*at && (*at)->due_ms <= task->due_ms) at = &(*at)->next_timer;
    task->next_timer = *at;
    *at = task;
    if (rt->timers == task &&
        !PostQueuedCompletionStatus(rt->port, 0, RT__PACKET_WAKE, NULL)) {
      /* Without the wake-up a worker could sleep past the due time. */
      error = GetLastError();
      rt->timers = task->next_timer;
    }
  }
  ReleaseSRWLockExclusive(&rt->lock);
  return rt__task_spawned(task, error, task_out);
}

DWORD rt__timers_wait_ms(rt_runtime *rt) {
  AcquireSRWLockShared(&rt->lock);
  BOOL pending = rt->timers != NULL;
  ULONGLONG due_ms = pending ? rt->timers->due_ms : 0;
  ReleaseSRWLockShared(&rt->lock);
  if (!pending) return INFINITE;
  ULONGLONG now_ms = GetTickCount64();
  if (due_ms <= now_ms) return 0;
  /* INFINITE is a value of DWORD, so longer waits stop one short of it
   * and are simply waited again. */
  ULONGLONG wait_ms = due_ms - now_ms;
  return wait_ms < INFINITE ? (DWORD)wait_ms : INFINITE - 1;
}

void rt__timers_run_due(rt_runtime *rt) {
  for (;;) {
    AcquireSRWLockExclusive(&rt->lock);
    rt_task *task = rt->timers;
    if (task && task->due_ms <= GetTickCount64()) rt->timers = task->next_timer;
    else task = NULL;
    ReleaseSRWLockExclusive(&rt->lock);
    if (!task) return;
    /* Run outside the lock: the task may spawn more tasks and timers. */
    rt__task_run(task);
  }
}

rt_task *rt__timers_take_all(rt_runtime *rt) {
  rt_task *timers = rt->timers;
  rt->timers = NULL;
  return timers;
}
