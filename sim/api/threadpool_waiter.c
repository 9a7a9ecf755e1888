/* The thread pool of windows.h, part two: timers, waits and I/O, and the
 * pool threads that watch them (threadpool.c runs the callbacks).
 *
 * Models Windows' pool as Wine's dlls/ntdll/threadpool.c spells it out: a
 * timer thread and wait threads decide when a timer or wait callback is
 * queued, and I/O completions reach the pool through a completion port.
 * Here one simulated thread, the pool's waiter, waits for every set wait
 * handle at once (at most MAXIMUM_WAIT_OBJECTS) with a timeout at the
 * earliest timer or wait deadline, and one more, the pool's I/O thread,
 * takes completions off the pool's own port.  Both run in virtual time, so
 * a timer callback comes at its due time, and a periodic timer keeps a
 * process busy as it would on Windows.
 *
 * - SetThreadpoolTimer: a negative due time is relative (100 ns units), a
 *   positive one absolute (a FILETIME on the simulated clock, which starts
 *   at 2024-01-01 UTC); one already past fires at once; NULL stops the
 *   timer, leaving callbacks already queued.  A timer stays set for
 *   IsThreadpoolTimerSet after a one-shot expiry, until it is stopped (as
 *   Wine's tests check on Windows).
 * - SetThreadpoolWait: one callback per set, with WAIT_OBJECT_0 when the
 *   object is signalled (the waiter takes it, as any waiter would: an
 *   auto-reset event is reset, a mutex is owned by the waiter) or
 *   WAIT_TIMEOUT.  Setting it again replaces the previous wait.
 * - CreateThreadpoolIo binds a named pipe handle to the pool's port, as
 *   CreateIoCompletionPort would (a handle bound to a port already fails
 *   with ERROR_INVALID_PARAMETER); every completion queues one callback
 *   with the OVERLAPPED, the Win32 error and the byte count.  A
 *   completion that no StartThreadpoolIo announced is flagged, as
 *   Microsoft documents that the pool may then corrupt itself.
 *
 * Left out: msWindowLength (timers are exact), more than 64 waits set at
 * once (a resource-limit verdict), and I/O sources other than pipes.
 */
#include "threadpool.h"

/* ---- The waiter thread ------------------------------------------------------------ */

static void describe_waiter(const sim_thread *t, struct strbuf *out) {
  (void)t;
  strbuf_puts(out, "waits for the thread pool's timers and waits (none is due)");
}

static const sim_key_kind waiter_key = {describe_waiter};

/* Queues the callbacks of timers and waits whose time has come. */
static void fire_due(sim_thread *self, tp_pool *pool) {
  uint64_t now = sim__current_run->now_ms;
  for (tp_object *o = pool->watched; o; o = o->watched_next) {
    if (o->type == TP_T_TIMER && o->timer_armed && o->due_ms <= now) {
      if (o->period_ms) {
        /* A periodic timer that fell behind fires once and keeps its rhythm. */
        uint64_t missed = (now - o->due_ms) / o->period_ms;
        o->due_ms += (missed + 1) * o->period_ms;
      } else {
        o->timer_armed = false; /* still "set" for IsThreadpoolTimerSet, as on Windows */
      }
      sim__tp_queue(self, o, &(tp_task){0});
    } else if (o->type == TP_T_WAIT && o->wait_set && o->wait_deadline_ms <= now) {
      /* A wait checks its object before its time, as every wait does. */
      DWORD w = sim__wait_objects(self, 1, &o->wait_object, false, 0);
      o->wait_set = false;
      sim__tp_queue(self, o, &(tp_task){.wait_result = w == WAIT_TIMEOUT ? WAIT_TIMEOUT : WAIT_OBJECT_0});
    }
  }
}

DWORD WINAPI sim__thread_pool_waiter(LPVOID arg) {
  tp_pool *pool = arg;
  sim_run *r = sim__current_run;
  sim_thread *self = r->cur;
  for (;;) {
    /* The pool's lists are not declared to the dependence relation: see
     * sim__thread_pool_worker. */
    sim__fp_global();
    fire_due(self, pool);
    sim_object *objs[MAXIMUM_WAIT_OBJECTS];
    tp_object *owners[MAXIMUM_WAIT_OBJECTS];
    int n = 0;
    uint64_t deadline = SIM_NO_DEADLINE;
    for (tp_object *o = pool->watched; o; o = o->watched_next) {
      if (o->type == TP_T_TIMER && o->timer_armed && o->due_ms < deadline) deadline = o->due_ms;
      if (o->type != TP_T_WAIT || !o->wait_set) continue;
      if (o->wait_deadline_ms < deadline) deadline = o->wait_deadline_ms;
      if (n == MAXIMUM_WAIT_OBJECTS)
        sim__finish(SIM_VERDICT_LIMIT, self, "more than %d thread-pool waits are set at once; "
                   "the simulator's pool waits for at most %d", MAXIMUM_WAIT_OBJECTS,
                   MAXIMUM_WAIT_OBJECTS);
      objs[n] = o->wait_object;
      owners[n++] = o;
    }
    DWORD timeout = deadline == SIM_NO_DEADLINE ? INFINITE : (DWORD)(deadline - r->now_ms);
    sim__tp_thread_at(self, SIM_API_ThreadpoolWaiterWait);
    if (n == 0) {
      /* Nothing to watch: it ends after a while, as an idle worker does. */
      bool idle = deadline == SIM_NO_DEADLINE;
      if (sim__keyed_wait(self, &waiter_key, pool, idle ? POOL_IDLE_TIMEOUT_MS : timeout, NULL) ==
              WAIT_TIMEOUT && idle) {
        pool->waiter = NULL;
        if (sim__tracing()) sim__trace_note(self, SIM_EV_NOTE, "the idle thread-pool waiter exits");
        sim__thread_exit(self, 0);
      }
      continue;
    }
    DWORD w = sim__wait_objects(self, n, objs, false, timeout);
    DWORD i = w >= WAIT_ABANDONED_0 && w < WAIT_ABANDONED_0 + (DWORD)n ? w - WAIT_ABANDONED_0 : w;
    if (i < (DWORD)n && owners[i]->wait_set && owners[i]->wait_object == objs[i]) {
      owners[i]->wait_set = false;
      sim__tp_queue(self, owners[i], &(tp_task){.wait_result = WAIT_OBJECT_0});
    }
  }
  return 0; /* never reached: pool threads end with the process */
}

void sim__tp_waiter_kick(sim_thread *self) {
  tp_pool *pool = sim__tp_pool();
  sim_thread *w = pool->waiter;
  if (!w) {
    bool needed = false;
    for (tp_object *o = pool->watched; o && !needed; o = o->watched_next)
      needed = o->timer_armed || o->wait_set;
    if (needed) pool->waiter = sim__tp_thread_start(self, sim__thread_pool_waiter, "thread-pool waiter");
    return;
  }
  /* Only its own wait is interrupted: it may also be blocked on the loader
   * lock to start, or while it queues a callback. */
  if (w->state == SIM_T_BLOCKED && w->api == SIM_API_ThreadpoolWaiterWait &&
      (w->wait.kind == SIM_WAIT_OBJECTS || w->wait.kind == SIM_WAIT_KEYED))
    sim__wait_interrupt(w, WAIT_IO_COMPLETION);
}

/* ---- Timers ------------------------------------------------------------------------- */

PTP_TIMER WINAPI CreateThreadpoolTimer(PTP_TIMER_CALLBACK pfnti, PVOID pv, PTP_CALLBACK_ENVIRON pcbe) {
  SIM_ENTER(CreateThreadpoolTimer);
  if (!pfnti) SIM_FAIL(ERROR_INVALID_PARAMETER, NULL);
  tp_object *o = sim__tp_create(self, TP_T_TIMER, (void *)pfnti, pv, pcbe);
  o->due_ms = SIM_NO_DEADLINE;
  if (sim__tracing()) {
    char what[48], code[160];
    sim__trace(self, SIM_EV_CALL, NULL, "CreateThreadpoolTimer(%s) -> %s",
              sim__describe_code((void *)pfnti, code, sizeof code), sim__tp_label(o, what, sizeof what));
  }
  SIM_RETURN((PTP_TIMER)o);
}

/* When a FILETIME due time or timeout comes, in virtual milliseconds:
 * negative is relative, positive absolute on the simulated clock. */
static uint64_t due_of(const FILETIME *ft) {
  sim_run *r = sim__current_run;
  int64_t q = (int64_t)(((uint64_t)ft->dwHighDateTime << 32) | ft->dwLowDateTime);
  if (q < 0) return r->now_ms + ((uint64_t)-q + 9999) / 10000;
  uint64_t now_ft = sim__system_time_100ns();
  if ((uint64_t)q <= now_ft) return r->now_ms;
  return r->now_ms + ((uint64_t)q - now_ft + 9999) / 10000;
}

void WINAPI SetThreadpoolTimer(PTP_TIMER pti, PFILETIME pftDueTime, DWORD msPeriod, DWORD msWindowLength) {
  SIM_ENTER(SetThreadpoolTimer);
  (void)msWindowLength;
  char what[48];
  tp_object *o = sim__tp_object(self, pti, TP_T_TIMER, "SetThreadpoolTimer");
  sim__tp_label(o, what, sizeof what);
  if (!pftDueTime) {
    o->timer_set = o->timer_armed = false;
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "SetThreadpoolTimer(%s, NULL): stopped", what);
  } else {
    o->due_ms = due_of(pftDueTime);
    o->period_ms = msPeriod;
    o->timer_set = o->timer_armed = true;
    if (sim__tracing())
      sim__trace(self, SIM_EV_CALL, NULL, "SetThreadpoolTimer(%s): due at t=%llu ms, period %lu ms", what,
                (unsigned long long)o->due_ms, msPeriod);
  }
  sim__tp_waiter_kick(self);
  SIM_RETURN_VOID();
}

BOOL WINAPI IsThreadpoolTimerSet(PTP_TIMER pti) {
  SIM_ENTER(IsThreadpoolTimerSet);
  tp_object *o = sim__tp_object(self, pti, TP_T_TIMER, "IsThreadpoolTimerSet");
  SIM_RETURN(o->timer_set ? TRUE : FALSE);
}

void WINAPI WaitForThreadpoolTimerCallbacks(PTP_TIMER pti, BOOL fCancelPendingCallbacks) {
  SIM_ENTER(WaitForThreadpoolTimerCallbacks);
  tp_object *o = sim__tp_object(self, pti, TP_T_TIMER, "WaitForThreadpoolTimerCallbacks");
  sim__tp_wait_callbacks(self, o, fCancelPendingCallbacks != FALSE, "WaitForThreadpoolTimerCallbacks");
  SIM_RETURN_VOID();
}

void WINAPI CloseThreadpoolTimer(PTP_TIMER pti) {
  SIM_ENTER(CloseThreadpoolTimer);
  tp_object *o = sim__tp_object(self, pti, TP_T_TIMER, "CloseThreadpoolTimer");
  sim__tp_close(self, o, "CloseThreadpoolTimer");
  SIM_RETURN_VOID();
}

/* ---- Waits ---------------------------------------------------------------------------- */

PTP_WAIT WINAPI CreateThreadpoolWait(PTP_WAIT_CALLBACK pfnwa, PVOID pv, PTP_CALLBACK_ENVIRON pcbe) {
  SIM_ENTER(CreateThreadpoolWait);
  if (!pfnwa) SIM_FAIL(ERROR_INVALID_PARAMETER, NULL);
  tp_object *o = sim__tp_create(self, TP_T_WAIT, (void *)pfnwa, pv, pcbe);
  if (sim__tracing()) {
    char what[48], code[160];
    sim__trace(self, SIM_EV_CALL, NULL, "CreateThreadpoolWait(%s) -> %s",
              sim__describe_code((void *)pfnwa, code, sizeof code), sim__tp_label(o, what, sizeof what));
  }
  SIM_RETURN((PTP_WAIT)o);
}

void WINAPI SetThreadpoolWait(PTP_WAIT pwa, HANDLE h, PFILETIME pftTimeout) {
  SIM_ENTER(SetThreadpoolWait);
  char what[48], obj[96];
  tp_object *o = sim__tp_object(self, pwa, TP_T_WAIT, "SetThreadpoolWait");
  sim__tp_label(o, what, sizeof what);
  o->wait_set = false;
  if (h) {
    sim_object *w = sim__handle_get(self, h);
    if (!w || w->type == SIM_OBJ_PORT || w->type == SIM_OBJ_PIPE) {
      sim__warn(self, "SetThreadpoolWait(%s, %s): not a handle one can wait for; the wait never ends",
               what, sim__handle_label(h, obj, sizeof obj));
    } else {
      o->wait_object = w;
      o->wait_deadline_ms = pftTimeout ? due_of(pftTimeout) : SIM_NO_DEADLINE;
      o->wait_set = true;
    }
  }
  if (sim__tracing()) {
    if (!o->wait_set) sim__trace(self, SIM_EV_CALL, NULL, "SetThreadpoolWait(%s, NULL): stopped", what);
    else if (o->wait_deadline_ms == SIM_NO_DEADLINE)
      sim__trace(self, SIM_EV_CALL, NULL, "SetThreadpoolWait(%s, %s)", what, sim__object_label(o->wait_object, obj, sizeof obj));
    else
      sim__trace(self, SIM_EV_CALL, NULL, "SetThreadpoolWait(%s, %s, times out at t=%llu ms)", what,
                sim__object_label(o->wait_object, obj, sizeof obj), (unsigned long long)o->wait_deadline_ms);
  }
  sim__tp_waiter_kick(self);
  SIM_RETURN_VOID();
}

void WINAPI WaitForThreadpoolWaitCallbacks(PTP_WAIT pwa, BOOL fCancelPendingCallbacks) {
  SIM_ENTER(WaitForThreadpoolWaitCallbacks);
  tp_object *o = sim__tp_object(self, pwa, TP_T_WAIT, "WaitForThreadpoolWaitCallbacks");
  sim__tp_wait_callbacks(self, o, fCancelPendingCallbacks != FALSE, "WaitForThreadpoolWaitCallbacks");
  SIM_RETURN_VOID();
}

void WINAPI CloseThreadpoolWait(PTP_WAIT pwa) {
  SIM_ENTER(CloseThreadpoolWait);
  tp_object *o = sim__tp_object(self, pwa, TP_T_WAIT, "CloseThreadpoolWait");
  sim__tp_close(self, o, "CloseThreadpoolWait");
  SIM_RETURN_VOID();
}

/* ---- I/O ---------------------------------------------------------------------------------- */

DWORD WINAPI sim__thread_pool_io(LPVOID arg) {
  tp_pool *pool = arg;
  sim_thread *self = sim__current_run->cur;
  for (;;) {
    /* As in sim__thread_pool_worker: the pool's state is undeclared. */
    sim__fp_global();
    sim_packet *got = NULL;
    DWORD error = 0;
    sim__tp_thread_at(self, SIM_API_ThreadpoolIoWait);
    if (!sim__port_dequeue(self, pool->io_port, &got, 1, POOL_IDLE_TIMEOUT_MS, &error)) {
      /* With no I/O object left to complete, it ends after a while. */
      bool any = false;
      for (tp_object *o = pool->watched; o && !any; o = o->watched_next) any = o->type == TP_T_IO;
      if (any) continue;
      pool->io_thread = NULL;
      if (sim__tracing()) sim__trace_note(self, SIM_EV_NOTE, "the idle thread-pool I/O thread exits");
      sim__thread_exit(self, 0);
    }
    tp_object *o = (tp_object *)got->key;
    if (!o || o->released) continue; /* its TP_IO was closed and freed */
    if (o->io_skipped) {
      o->io_skipped--;
      continue;
    }
    if (o->io_outstanding) {
      o->io_outstanding--;
    } else {
      char what[48];
      sim__warn(self, "an I/O of %s completed without StartThreadpoolIo before it (Microsoft "
               "documents that the thread pool may then corrupt itself)",
               sim__tp_label(o, what, sizeof what));
    }
    sim__tp_queue(self, o, &(tp_task){.overlapped = got->ov, .io_error = got->error, .io_bytes = got->bytes});
  }
  return 0; /* never reached: pool threads end with the process */
}

PTP_IO WINAPI CreateThreadpoolIo(HANDLE fl, PTP_WIN32_IO_CALLBACK pfnio, PVOID pv, PTP_CALLBACK_ENVIRON pcbe) {
  SIM_ENTER(CreateThreadpoolIo);
  sim_run *r = sim__current_run;
  if (!pfnio) SIM_FAIL(ERROR_INVALID_PARAMETER, NULL);
  sim_object *file = sim__handle_get_type(self, fl, SIM_OBJ_PIPE);
  if (!file) SIM_RETURN(NULL);
  if (file->u.pipe.port) SIM_FAIL(ERROR_INVALID_PARAMETER, NULL);
  tp_pool *pool = sim__tp_pool();
  if (!pool->io_port) {
    /* The pool's own port has no handle and no number of its own, so the
     * program's ports keep theirs. */
    pool->io_port = sim__object_new(SIM_OBJ_PORT);
    r->serial[SIM_OBJ_PORT]--;
    pool->io_port->serial = 0;
    pool->io_port->name = "thread pool";
  }
  tp_object *o = sim__tp_create(self, TP_T_IO, (void *)pfnio, pv, pcbe);
  o->io_file = file;
  file->u.pipe.port = pool->io_port;
  file->u.pipe.key = (ULONG_PTR)o;
  if (!pool->io_thread) pool->io_thread = sim__tp_thread_start(self, sim__thread_pool_io, "thread-pool I/O thread");
  if (sim__tracing()) {
    char what[48], f[96];
    sim__trace(self, SIM_EV_CALL, NULL, "CreateThreadpoolIo(%s) -> %s", sim__object_label(file, f, sizeof f),
              sim__tp_label(o, what, sizeof what));
  }
  SIM_RETURN((PTP_IO)o);
}

void WINAPI StartThreadpoolIo(PTP_IO pio) {
  SIM_ENTER(StartThreadpoolIo);
  tp_object *o = sim__tp_object(self, pio, TP_T_IO, "StartThreadpoolIo");
  o->io_outstanding++;
  if (sim__tracing()) {
    char what[48];
    sim__trace(self, SIM_EV_CALL, NULL, "StartThreadpoolIo(%s): %d outstanding", sim__tp_label(o, what, sizeof what),
              o->io_outstanding);
  }
  SIM_RETURN_VOID();
}

void WINAPI CancelThreadpoolIo(PTP_IO pio) {
  SIM_ENTER(CancelThreadpoolIo);
  char what[48];
  tp_object *o = sim__tp_object(self, pio, TP_T_IO, "CancelThreadpoolIo");
  sim__tp_label(o, what, sizeof what);
  if (o->io_outstanding) {
    o->io_outstanding--;
    sim__tp_callbacks_changed(o);
  } else {
    sim__warn(self, "CancelThreadpoolIo(%s) without a StartThreadpoolIo to cancel", what);
  }
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "CancelThreadpoolIo(%s): %d outstanding", what, o->io_outstanding);
  SIM_RETURN_VOID();
}

void WINAPI WaitForThreadpoolIoCallbacks(PTP_IO pio, BOOL fCancelPendingCallbacks) {
  SIM_ENTER(WaitForThreadpoolIoCallbacks);
  tp_object *o = sim__tp_object(self, pio, TP_T_IO, "WaitForThreadpoolIoCallbacks");
  sim__tp_wait_callbacks(self, o, fCancelPendingCallbacks != FALSE, "WaitForThreadpoolIoCallbacks");
  SIM_RETURN_VOID();
}

void WINAPI CloseThreadpoolIo(PTP_IO pio) {
  SIM_ENTER(CloseThreadpoolIo);
  tp_object *o = sim__tp_object(self, pio, TP_T_IO, "CloseThreadpoolIo");
  sim__tp_close(self, o, "CloseThreadpoolIo");
  SIM_RETURN_VOID();
}
