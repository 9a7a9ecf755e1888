/* A runtime's life: creating the port and the workers, the references that
 * keep its memory alive, and the two ways of shutting it down.
 *
 * Shutdown posts one RT__PACKET_SHUTDOWN packet per worker after the last
 * task, so the workers finish every queued task before they stop (packets
 * leave the port first in, first out).  A worker that dequeues several
 * shutdown packets in one batch keeps one and hands the others back (see
 * rt_worker.c): each worker ends up with exactly one.
 *
 * Left out: growing or shrinking the pool, and a shutdown with a timeout
 * (a task that never returns makes rt_shutdown wait forever, as it would
 * make Tokio's Runtime::drop wait).
 */
#include "rt_internal.h"

void rt__runtime_retain(rt_runtime *rt) { InterlockedIncrement(&rt->refs); }

void rt__runtime_release(rt_runtime *rt) {
  if (InterlockedDecrement(&rt->refs) != 0) return;
  /* The last reference: every worker has exited (each held one), and the
   * last of them closed the port. */
  HANDLE heap = GetProcessHeap();
  RT__MUST_SUCCEED(TlsFree(rt->worker_tls));
  RT__MUST_SUCCEED(HeapFree(heap, 0, rt->workers));
  RT__MUST_SUCCEED(HeapFree(heap, 0, rt));
}

BOOL rt__on_worker_thread(const rt_runtime *rt) { return TlsGetValue(rt->worker_tls) == rt; }

/* Creates worker number `number` suspended, names it, and lets it go. */
static rt_error start_worker(rt_runtime *rt, int number) {
  HANDLE thread = CreateThread(NULL, 0, rt__worker_main, rt, CREATE_SUSPENDED, NULL);
  if (!thread) return GetLastError();
  /* Named before it runs a single instruction, so that every line of a
   * trace and every debugger view shows the name.  The name is only for
   * people reading traces: the worker runs the same without one, so a
   * failure to set it is not an error of rt_create. */
  WCHAR name[32];
  rt__worker_name(number, name, sizeof name / sizeof name[0]);
  (void)SetThreadDescription(thread, name);
  rt->workers[rt->worker_count++] = thread;
  return RT_OK;
}

/* Wakes every worker: one shutdown packet each, after every queued task. */
static rt_error begin_shutdown(rt_runtime *rt) {
  AcquireSRWLockExclusive(&rt->lock);
  assert(rt->state == RT__RUNNING && "the runtime is already shutting down");
  rt->state = RT__SHUTTING_DOWN;
  rt_task *timers = rt__timers_take_all(rt);
  ReleaseSRWLockExclusive(&rt->lock);
  /* From here on no task can be queued (rt_spawn checks the state under
   * the lock), so the shutdown packets come after every task. */
  while (timers) {
    rt_task *next = timers->next_timer;
    rt__task_cancel(timers);
    timers = next;
  }
  for (int i = 0; i < rt->worker_count; i++)
    if (!PostQueuedCompletionStatus(rt->port, 0, RT__PACKET_SHUTDOWN, NULL))
      /* The workers not woken keep the runtime alive; it is leaked rather
       * than freed under them. */
      return GetLastError();
  return RT_OK;
}

rt_error rt_create(int worker_count, ULONG batch_size, rt_runtime **runtime_out) {
  assert(worker_count >= 1 && worker_count <= RT_WORKERS_MAX && "worker_count out of range");
  assert(batch_size >= 1 && batch_size <= RT_BATCH_MAX && "batch_size out of range");
  assert(runtime_out != NULL);
  *runtime_out = NULL;
  HANDLE heap = GetProcessHeap();
  rt_runtime *rt = HeapAlloc(heap, HEAP_ZERO_MEMORY, sizeof *rt);
  if (!rt) return ERROR_NOT_ENOUGH_MEMORY;
  rt->workers = HeapAlloc(heap, HEAP_ZERO_MEMORY, (SIZE_T)worker_count * sizeof rt->workers[0]);
  if (!rt->workers) {
    RT__MUST_SUCCEED(HeapFree(heap, 0, rt));
    return ERROR_NOT_ENOUGH_MEMORY;
  }
  rt->worker_tls = TlsAlloc();
  if (rt->worker_tls == TLS_OUT_OF_INDEXES) {
    rt_error error = GetLastError();
    RT__MUST_SUCCEED(HeapFree(heap, 0, rt->workers));
    RT__MUST_SUCCEED(HeapFree(heap, 0, rt));
    return error;
  }
  rt->batch_size = batch_size;
  rt->state = RT__RUNNING;
  InitializeSRWLock(&rt->lock);
  rt->refs = 1; /* the owner's */
  /* Concurrency value = worker count: every worker may run at once. */
  rt->port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, (DWORD)worker_count);
  if (!rt->port) {
    rt_error error = GetLastError();
    rt__runtime_release(rt);
    return error;
  }

  /* Every worker is created suspended, and only resumed once all of them
   * exist, so that the references and the running count are complete
   * before any worker can exit and count down. */
  rt_error error = RT_OK;
  for (int i = 0; i < worker_count && error == RT_OK; i++) error = start_worker(rt, i + 1);
  rt->refs += rt->worker_count;
  rt->workers_running = rt->worker_count;
  if (rt->worker_count == 0) {
    /* No worker to close the port at its exit. */
    RT__MUST_SUCCEED(CloseHandle(rt->port));
    rt__runtime_release(rt);
    return error;
  }
  for (int i = 0; i < rt->worker_count; i++)
    RT__MUST_SUCCEED(ResumeThread(rt->workers[i]) == 1); /* it was suspended once */
  if (error != RT_OK) {
    /* Some workers started: stop them the ordinary way.  The error that
     * matters to the caller is the one that stopped rt_create. */
    (void)rt_shutdown(rt);
    return error;
  }
  *runtime_out = rt;
  return RT_OK;
}

rt_error rt_shutdown(rt_runtime *rt) {
  assert(rt != NULL);
  assert(!rt__on_worker_thread(rt) && "rt_shutdown on one of its own workers would wait for itself");
  rt_error error = begin_shutdown(rt);
  if (error != RT_OK) return error;
  for (int i = 0; i < rt->worker_count; i++) {
    HANDLE worker = rt->workers[i];
    DWORD exit_code = 0;
    if (WaitForSingleObject(worker, INFINITE) != WAIT_OBJECT_0 ||
        !GetExitCodeThread(worker, &exit_code))
      exit_code = GetLastError();
    /* A worker's exit code is 0, or the Win32 error that stopped it. */
    if (error == RT_OK) error = exit_code;
    RT__MUST_SUCCEED(CloseHandle(worker));
  }
  rt__runtime_release(rt);
  return error;
}

rt_error rt_shutdown_background(rt_runtime *rt) {
  assert(rt != NULL);
  rt_error error = begin_shutdown(rt);
  if (error != RT_OK) return error;
  /* Closing a thread's handle does not stop the thread: the workers run on
   * and the last one frees the runtime. */
  for (int i = 0; i < rt->worker_count; i++) RT__MUST_SUCCEED(CloseHandle(rt->workers[i]));
  rt__runtime_release(rt);
  return RT_OK;
}
