/* Condition variables, one-time initialisation and address waits:
 * InitializeConditionVariable, SleepConditionVariableCS/SRW,
 * WakeConditionVariable, WakeAllConditionVariable, InitOnceInitialize,
 * InitOnceExecuteOnce, WaitOnAddress, WakeByAddressSingle/All.
 *
 * All of them wait on an address (kernel/keyed.c), as Windows implements
 * them.  Sleeping on a condition variable leaves the lock and starts
 * waiting in one step, so no wake between the two is lost; on waking, the
 * thread takes the lock again like any other acquirer, so another thread
 * may take it first and change the condition (the case `while`, not `if`,
 * is for).  An INIT_ONCE keeps its state in its own pointer, as on
 * Windows: 0 before, the initialising thread while InitFn runs, the
 * context with bit 1 set once done.
 *
 * Misuse Windows leaves undefined is flagged as a warning and then done
 * the way Windows' code does it: sleeping with a critical section entered
 * twice leaves it once (it stays held); sleeping with a critical section
 * the caller does not hold leaves it anyway (as LeaveCriticalSection
 * would); sleeping with an SRW lock not held in the mode named raises
 * STATUS_RESOURCE_NOT_OWNED, a crash.
 *
 * Left out: spurious wake-ups (kernel/keyed.c), InitOnceBeginInitialize
 * and InitOnceComplete, and asynchronous one-time initialisation.
 */
#include "api.h"

#include <string.h>

/* ---- Condition variables ------------------------------------------------------ */

static void describe_condition(const sim_thread *t, struct strbuf *out) {
  char where[128];
  strbuf_printf(out, "sleeps on condition variable %s",
                sim__describe_address(t->wait.key, where, sizeof where));
}

static const sim_key_kind condition_key = {describe_condition};

void WINAPI InitializeConditionVariable(PCONDITION_VARIABLE cv) {
  SIM_ENTER(InitializeConditionVariable);
  cv->Ptr = NULL;
  if (sim__tracing()) {
    char where[128];
    sim__trace(self, SIM_EV_CALL, NULL, "InitializeConditionVariable(%s)", sim__describe_address(cv, where, sizeof where));
  }
  SIM_RETURN_VOID();
}

static const char *ms_label(DWORD ms, char *buf, size_t size) {
  if (ms == INFINITE) snprintf(buf, size, "INFINITE");
  else snprintf(buf, size, "%lu ms", ms);
  return buf;
}

/* The sleep itself, once the lock is left: TRUE when woken, FALSE with
 * ERROR_TIMEOUT when the time is up. */
static BOOL condition_sleep(sim_thread *self, PCONDITION_VARIABLE cv, DWORD ms, const char *fn,
                            const char *lock) {
  char where[128], tl[32];
  DWORD r = sim__keyed_wait(self, &condition_key, cv, ms, NULL);
  if (sim__tracing())
    sim__trace(self, SIM_EV_RETURN, r == WAIT_TIMEOUT ? "timed out" : "woken", "%s(%s, %s, %s)", fn,
              sim__describe_address(cv, where, sizeof where), lock, ms_label(ms, tl, sizeof tl));
  return r != WAIT_TIMEOUT;
}

BOOL WINAPI SleepConditionVariableCS(PCONDITION_VARIABLE cv, PCRITICAL_SECTION cs, DWORD ms) {
  SIM_ENTER(SleepConditionVariableCS);
  char what[128];
  sim__lock_label(cs, SIM_WAIT_CS, what, sizeof what);
  /* Leaving a section the caller does not hold is flagged by
   * sim__cs_leave, as for LeaveCriticalSection. */
  if ((int)(uintptr_t)cs->OwningThread == self->id && cs->RecursionCount > 1)
    sim__warn(self, "SleepConditionVariableCS with critical section %s entered %ld times: it is "
             "left once, so it stays held while the thread sleeps", what, cs->RecursionCount);
  sim__cs_leave(self, cs);
  BOOL woken = condition_sleep(self, cv, ms, "SleepConditionVariableCS", what);
  sim__cs_enter(self, cs);
  if (!woken) SIM_FAIL(ERROR_TIMEOUT, FALSE);
  SIM_RETURN(TRUE);
}

BOOL WINAPI SleepConditionVariableSRW(PCONDITION_VARIABLE cv, PSRWLOCK l, DWORD ms, ULONG flags) {
  SIM_ENTER(SleepConditionVariableSRW);
  char what[128];
  bool exclusive = !(flags & CONDITION_VARIABLE_LOCKMODE_SHARED);
  sim__lock_label(l, SIM_WAIT_SRW_EXCLUSIVE, what, sizeof what);
  if (!sim__srw_release(self, l, exclusive))
    sim__finish(SIM_VERDICT_CRASH, self,
               "SleepConditionVariableSRW(%s): the lock is not held %s; Windows raises "
               "STATUS_RESOURCE_NOT_OWNED (0xC0000264)",
               what, exclusive ? "exclusively" : "shared");
  BOOL woken = condition_sleep(self, cv, ms, "SleepConditionVariableSRW", what);
  sim__srw_acquire(self, l, exclusive);
  if (!woken) SIM_FAIL(ERROR_TIMEOUT, FALSE);
  SIM_RETURN(TRUE);
}

static void condition_wake(sim_thread *self, PCONDITION_VARIABLE cv, int max, const char *fn) {
  int n = sim__keyed_wake(&condition_key, cv, max);
  if (sim__tracing()) {
    char where[128], res[48];
    if (n) snprintf(res, sizeof res, "wakes %d thread%s", n, n == 1 ? "" : "s");
    else snprintf(res, sizeof res, "nobody sleeps on it: the wake is lost");
    sim__trace(self, SIM_EV_CALL, res, "%s(%s)", fn, sim__describe_address(cv, where, sizeof where));
  }
}

void WINAPI WakeConditionVariable(PCONDITION_VARIABLE cv) {
  SIM_ENTER(WakeConditionVariable);
  condition_wake(self, cv, 1, "WakeConditionVariable");
  SIM_RETURN_VOID();
}

void WINAPI WakeAllConditionVariable(PCONDITION_VARIABLE cv) {
  SIM_ENTER(WakeAllConditionVariable);
  condition_wake(self, cv, sim__current_run->n_threads, "WakeAllConditionVariable");
  SIM_RETURN_VOID();
}

/* ---- One-time initialisation ----------------------------------------------------- */

/* INIT_ONCE.Ptr: 0 before; (thread id << 2) | ONCE_BUSY while InitFn runs;
 * context | ONCE_DONE after. */
#define ONCE_BUSY 1u
#define ONCE_DONE 2u
#define ONCE_STATE 3u

static void describe_once(const sim_thread *t, struct strbuf *out) {
  char where[128], who[64];
  strbuf_printf(out, "waits for one-time initialisation %s",
                sim__describe_address(t->wait.key, where, sizeof where));
  if (t->wait.blocker)
    strbuf_printf(out, ", which %s is running", sim__thread_label(t->wait.blocker, who, sizeof who));
}

static const sim_key_kind once_key = {describe_once};

void WINAPI InitOnceInitialize(PINIT_ONCE once) {
  SIM_ENTER(InitOnceInitialize);
  once->Ptr = NULL;
  if (sim__tracing()) {
    char where[128];
    sim__trace(self, SIM_EV_CALL, NULL, "InitOnceInitialize(%s)", sim__describe_address(once, where, sizeof where));
  }
  SIM_RETURN_VOID();
}

BOOL WINAPI InitOnceExecuteOnce(PINIT_ONCE once, PINIT_ONCE_FN fn, PVOID param, LPVOID *context) {
  SIM_ENTER(InitOnceExecuteOnce);
  char where[128], code[160];
  sim__describe_address(once, where, sizeof where);
  for (;;) {
    uintptr_t v = (uintptr_t)once->Ptr;
    if ((v & ONCE_STATE) == ONCE_DONE) {
      if (context) *context = (void *)(v & ~(uintptr_t)ONCE_STATE);
      if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "TRUE (already initialised)", "InitOnceExecuteOnce(%s)", where);
      SIM_RETURN(TRUE);
    }
    if ((v & ONCE_STATE) == ONCE_BUSY) {
      /* Another call is running InitFn, or this thread's own (a recursive
       * call waits for itself, as on Windows). */
      sim_thread *owner = sim__thread_by_id((int)(v >> 2));
      sim__keyed_wait(self, &once_key, once, INFINITE, owner);
      continue;
    }
    if (v != 0) {
      sim__warn(self, "InitOnceExecuteOnce(%s): the INIT_ONCE holds %#lx, which is none of its "
               "states (never initialised?); taken as not yet initialised",
               where, (unsigned long)v);
    }
    break;
  }
  once->Ptr = (PVOID)(((uintptr_t)self->id << 2) | ONCE_BUSY);
  if (sim__tracing())
    sim__trace(self, SIM_EV_CALL, NULL, "InitOnceExecuteOnce(%s): runs %s", where,
              sim__describe_code((void *)fn, code, sizeof code));
  /* The context pointer is handed to InitFn as given, NULL included, as
   * Windows does. */
  sim_call_state saved = sim__callback_begin(self, (void *)fn, "called its init function at");
  BOOL ok = fn(once, param, context);
  sim__callback_end(self, saved);
  uintptr_t ctx = ok && context ? (uintptr_t)*context : 0;
  if (ok && (ctx & ONCE_STATE)) {
    /* RtlRunOnceComplete refuses such a context and leaves the INIT_ONCE
     * as it is: in progress, for good. */
    sim__warn(self, "InitOnceExecuteOnce(%s): InitFn stored context %#lx, whose low %d bits are "
             "not zero; the initialisation never completes",
             where, (unsigned long)ctx, INIT_ONCE_CTX_RESERVED_BITS);
    SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
  }
  once->Ptr = ok ? (PVOID)(ctx | ONCE_DONE) : NULL;
  int woken = sim__keyed_wake(&once_key, once, sim__current_run->n_threads);
  if (sim__tracing())
    sim__trace(self, SIM_EV_RETURN, ok ? "TRUE" : "FALSE (InitFn failed: the next call tries again)",
              "InitOnceExecuteOnce(%s)%s", where, woken ? ": wakes its waiters" : "");
  SIM_RETURN(ok ? TRUE : FALSE);
}

/* ---- Address waits ---------------------------------------------------------------- */

static void describe_address_wait(const sim_thread *t, struct strbuf *out) {
  char where[128];
  strbuf_printf(out, "waits on address %s", sim__describe_address(t->wait.key, where, sizeof where));
}

static const sim_key_kind address_key = {describe_address_wait};

BOOL WINAPI WaitOnAddress(volatile VOID *address, PVOID compare, SIZE_T size, DWORD ms) {
  SIM_ENTER(WaitOnAddress);
  char where[128], tl[32];
  const void *key = (const void *)address;
  sim__describe_address(key, where, sizeof where);
  if (size != 1 && size != 2 && size != 4 && size != 8) SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
  if (memcmp(key, compare, size) != 0) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "TRUE (the value differs: no wait)", "WaitOnAddress(%s, %lu bytes)", where, (unsigned long)size);
    SIM_RETURN(TRUE);
  }
  DWORD r = sim__keyed_wait(self, &address_key, key, ms, NULL);
  if (sim__tracing())
    sim__trace(self, SIM_EV_RETURN, r == WAIT_TIMEOUT ? "FALSE (ERROR_TIMEOUT)" : "TRUE (woken)",
              "WaitOnAddress(%s, %lu bytes, %s)", where, (unsigned long)size, ms_label(ms, tl, sizeof tl));
  if (r == WAIT_TIMEOUT) SIM_FAIL(ERROR_TIMEOUT, FALSE);
  SIM_RETURN(TRUE);
}

static void address_wake(sim_thread *self, PVOID address, int max, const char *fn) {
  int n = sim__keyed_wake(&address_key, address, max);
  if (sim__tracing()) {
    char where[128], res[48];
    if (n) snprintf(res, sizeof res, "wakes %d thread%s", n, n == 1 ? "" : "s");
    else snprintf(res, sizeof res, "nobody waits on it");
    sim__trace(self, SIM_EV_CALL, res, "%s(%s)", fn, sim__describe_address(address, where, sizeof where));
  }
}

void WINAPI WakeByAddressSingle(PVOID address) {
  SIM_ENTER(WakeByAddressSingle);
  address_wake(self, address, 1, "WakeByAddressSingle");
  SIM_RETURN_VOID();
}

void WINAPI WakeByAddressAll(PVOID address) {
  SIM_ENTER(WakeByAddressAll);
  address_wake(self, address, sim__current_run->n_threads, "WakeByAddressAll");
  SIM_RETURN_VOID();
}
