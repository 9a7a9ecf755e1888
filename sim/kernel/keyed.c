/* Keyed waits: a thread blocks on an address, and another thread wakes
 * one or every thread blocked on that address.
 *
 * Windows builds its condition variables, WaitOnAddress, one-time
 * initialisation and its thread pool's idle workers on this kind of wait
 * (keyed events, and the address-wait table): the address is the key, and
 * nothing about the wait lives in a kernel object.  So a wake-up that
 * finds nobody waiting on its address is lost, exactly as these
 * primitives document.  Waiters are woken longest-waiting first.  Testing
 * a condition and blocking happen in one step of the simulator, which is
 * the atomicity these primitives guarantee.
 *
 * Left out: spurious wake-ups.  Microsoft documents that condition
 * variables and WaitOnAddress may return without a wake; the simulator
 * never produces one, so a program that tests its condition with `if`
 * instead of `while` is only caught where another thread can change the
 * condition between the wake and the return (which the simulator does
 * explore).
 */
#include "kernel.h"

DWORD sim__keyed_wait(sim_thread *t, const sim_key_kind *kind, const void *key, DWORD timeout_ms,
                     sim_thread *blocker) {
  sim_run *r = sim__current_run;
  if (timeout_ms == 0) return WAIT_TIMEOUT;
  t->wait.kind = SIM_WAIT_KEYED;
  t->wait.key_kind = kind;
  t->wait.key = key;
  t->wait.blocker = blocker;
  t->wait.deadline_ms = timeout_ms == INFINITE ? SIM_NO_DEADLINE : r->now_ms + timeout_ms;
  t->wait.result = WAIT_OBJECT_0;
  sim__block(t);
  t->wait.key_kind = NULL;
  t->wait.key = NULL;
  t->wait.blocker = NULL;
  return t->wait.result;
}

int sim__keyed_wake(const sim_key_kind *kind, const void *key, int max) {
  sim_run *r = sim__current_run;
  int woken = 0;
  while (woken < max) {
    sim_thread *oldest = NULL;
    for (int i = 0; i < r->n_threads; i++) {
      sim_thread *t = r->threads[i];
      if (t->state != SIM_T_BLOCKED || t->wait.kind != SIM_WAIT_KEYED ||
          t->wait.key_kind != kind || t->wait.key != key)
        continue;
      if (!oldest || t->wait.since_step < oldest->wait.since_step) oldest = t;
    }
    if (!oldest) break;
    oldest->wait.result = WAIT_OBJECT_0;
    sim__wake(oldest, SIM_PHASE_RETURN);
    woken++;
  }
  return woken;
}
