/* A worker: the loop every thread of the pool runs, waiting on the port in
 * GetQueuedCompletionStatusEx, up to batch_size packets at a time.
 *
 * The shutdown rule that makes batches safe: a worker that finds shutdown
 * packets in its batch keeps exactly one and posts the others back before
 * it does anything else, because each of them is a sibling's signal to
 * exit.  A worker that simply returned at the first shutdown packet of its
 * batch would drop the rest, and the siblings they were meant for would
 * wait on the port forever - and rt_shutdown with them (runtime/tests/
 * naive_pool.c is that worker; tests/test_runtime.c shows both).  The
 * worker also finishes every task of its batch before it exits, so no
 * dequeued task is lost either.
 *
 * Between batches the worker runs the timers that are due, and it waits no
 * longer than the earliest timer allows (rt_timer.c).
 *
 * Left out: alertable waits (APCs), and real I/O completions (every packet
 * is posted by the runtime itself).
 */
#include "rt_internal.h"

void rt__worker_name(int number, WCHAR *name, size_t name_size) {
  /* Spelled out by hand: the C library's wide-character functions do not
   * agree with WCHAR in the simulator build (see sim/include/windows.h). */
  static const char prefix[] = "rt worker ";
  char digits[16];
  int n_digits = 0;
  do {
    digits[n_digits++] = (char)('0' + number % 10);
    number /= 10;
  } while (number > 0 && n_digits < (int)sizeof digits);
  size_t at = 0;
  for (const char *p = prefix; *p && at + 1 < name_size; p++) name[at++] = (WCHAR)*p;
  while (n_digits > 0 && at + 1 < name_size) name[at++] = (WCHAR)digits[--n_digits];
  name[at] = 0;
}

/* Handles one dequeued batch.  Returns TRUE when the worker took a
 * shutdown signal and must exit. */
static BOOL handle_batch(rt_runtime *rt, const OVERLAPPED_ENTRY *entries, ULONG taken) {
  ULONG shutdowns = 0;
  for (ULONG i = 0; i < taken; i++)
    if (entries[i].lpCompletionKey == RT__PACKET_SHUTDOWN) shutdowns++;
  /* Keep one signal, hand the siblings theirs back first, so that they
   * wake while this worker still runs the tasks of its batch.  The port
   * stays open until the last worker exits, so posting to it cannot fail
   * for want of a port. */
  for (ULONG i = 1; i < shutdowns; i++)
    RT__MUST_SUCCEED(PostQueuedCompletionStatus(rt->port, 0, RT__PACKET_SHUTDOWN, NULL));
  for (ULONG i = 0; i < taken; i++) {
    switch (entries[i].lpCompletionKey) {
    case RT__PACKET_TASK:
      /* The task's OVERLAPPED is its first member. */
      rt__task_run((rt_task *)entries[i].lpOverlapped);
      break;
    case RT__PACKET_WAKE:     /* the wait is recomputed before the next one */
    case RT__PACKET_SHUTDOWN: /* counted above */
      break;
    default:
      assert(!"a packet the runtime did not post arrived on its port");
    }
  }
  return shutdowns > 0;
}

DWORD WINAPI rt__worker_main(LPVOID runtime) {
  rt_runtime *rt = runtime;
  /* Lets rt_block_on and rt_shutdown recognise this thread as a worker. */
  RT__MUST_SUCCEED(TlsSetValue(rt->worker_tls, rt));
  OVERLAPPED_ENTRY entries[RT_BATCH_MAX];
  DWORD exit_code = 0;
  for (;;) {
    ULONG taken = 0;
    if (!GetQueuedCompletionStatusEx(rt->port, entries, rt->batch_size, &taken,
                                     rt__timers_wait_ms(rt), FALSE)) {
      DWORD error = GetLastError();
      if (error != WAIT_TIMEOUT) {
        /* The port failed under the worker (someone closed the runtime's
         * handle): nothing can reach this worker any more.  Its exit code
         * tells rt_shutdown why. */
        exit_code = error;
        break;
      }
      /* A timer came due (or the wait returned a little early, which the
       * due-time check in rt__timers_run_due absorbs). */
      rt__timers_run_due(rt);
      continue;
    }
    if (handle_batch(rt, entries, taken)) break;
    /* Timers are also checked after every batch, so a busy pool whose
     * waits never time out still runs them. */
    rt__timers_run_due(rt);
  }
  /* Every worker has posted whatever it handed back before it counts
   * itself out, so the last one can close the port: nothing will be
   * posted to it again. */
  if (InterlockedDecrement(&rt->workers_running) == 0) RT__MUST_SUCCEED(CloseHandle(rt->port));
  rt__runtime_release(rt);
  return exit_code;
}
