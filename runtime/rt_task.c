/* Tasks: spawning one onto the port, running it on a worker, and blocking
 * on its result from another thread.
 *
 * A task is shared by the caller's handle and the runtime (the port or the
 * timer list, then the worker that runs it); a reference count decides who
 * frees it, so a caller may release its handle before or after the task
 * ran, and a detached task frees itself.  The task's done event is the
 * only thing a blocked caller waits on: the worker writes the result first
 * and sets the event after, so the caller reads a complete result.
 *
 * Left out: cancelling a queued or running task, and joining several tasks
 * at once.
 */
#include "rt_internal.h"

rt_error rt__task_new(rt_runtime *rt, rt_task_fn fn, void *arg, BOOL caller_keeps_handle,
                      rt_task **task_out) {
  rt_task *task = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof *task);
  if (!task) return ERROR_NOT_ENOUGH_MEMORY;
  /* Manual reset: every caller that blocks on the task, now or later, sees
   * it finished. */
  task->done = CreateEventA(NULL, TRUE, FALSE, NULL);
  if (!task->done) {
    rt_error error = GetLastError();
    RT__MUST_SUCCEED(HeapFree(GetProcessHeap(), 0, task));
    return error;
  }
  task->runtime = rt;
  task->fn = fn;
  task->arg = arg;
  task->refs = caller_keeps_handle ? 2 : 1;
  rt__runtime_retain(rt);
  *task_out = task;
  return RT_OK;
}

static void task_free(rt_task *task) {
  rt_runtime *rt = task->runtime;
  RT__MUST_SUCCEED(CloseHandle(task->done));
  RT__MUST_SUCCEED(HeapFree(GetProcessHeap(), 0, task));
  rt__runtime_release(rt);
}

rt_error rt__task_spawned(rt_task *task, rt_error error, rt_task **task_out) {
  if (error != RT_OK) {
    task_free(task);
    return error;
  }
  if (task_out) *task_out = task;
  return RT_OK;
}

void rt__task_release(rt_task *task) {
  if (InterlockedDecrement(&task->refs) == 0) task_free(task);
}

/* Publishes the outcome, then drops the runtime's reference. */
static void task_finish(rt_task *task, rt_error status, void *result) {
  task->result = result;
  task->status = status;
  RT__MUST_SUCCEED(SetEvent(task->done));
  rt__task_release(task);
}

void rt__task_run(rt_task *task) { task_finish(task, RT_OK, task->fn(task->arg)); }

void rt__task_cancel(rt_task *task) { task_finish(task, RT_ERROR_CANCELLED, NULL); }

rt_error rt_spawn(rt_runtime *rt, rt_task_fn fn, void *arg, rt_task **task_out) {
  assert(rt != NULL && fn != NULL);
  rt_task *task;
  rt_error error = rt__task_new(rt, fn, arg, task_out != NULL, &task);
  if (error != RT_OK) return error;
  /* Checked and posted under the lock, so that a shutdown cannot begin in
   * between: every task is queued before the first shutdown packet. */
  AcquireSRWLockExclusive(&rt->lock);
  if (rt->state != RT__RUNNING) error = RT_ERROR_SHUTTING_DOWN;
  else if (!PostQueuedCompletionStatus(rt->port, 0, RT__PACKET_TASK, &task->overlapped))
    error = GetLastError();
  ReleaseSRWLockExclusive(&rt->lock);
  return rt__task_spawned(task, error, task_out);
}

rt_error rt_block_on(rt_task *task, DWORD timeout_ms, void **result_out) {
  assert(task != NULL);
  /* The task's reference keeps its runtime's memory (and TLS slot) alive,
   * so this check is valid even after the runtime shut down. */
  assert(!rt__on_worker_thread(task->runtime) &&
         "rt_block_on on a worker: with every worker blocked nothing would run the task");
  switch (WaitForSingleObject(task->done, timeout_ms)) {
  case WAIT_OBJECT_0:
    if (task->status == RT_OK && result_out) *result_out = task->result;
    return task->status;
  case WAIT_TIMEOUT:
    return ERROR_TIMEOUT;
  case WAIT_FAILED:
    return GetLastError();
  default:
    /* WAIT_ABANDONED and the rest belong to mutexes and alertable waits. */
    assert(!"an event wait returned what only mutexes and alertable waits return");
    return ERROR_INVALID_HANDLE;
  }
}

void rt_task_release(rt_task *task) {
  assert(task != NULL);
  rt__task_release(task);
}
