/* User APCs and interrupted waits.
 *
 * Follows QueueUserAPC's documentation: each thread has a queue of user
 * APCs, first in, first out.  Queueing one does nothing to a thread until
 * it is in an alertable wait (SleepEx, WaitFor*Ex, SignalObjectAndWait,
 * GetQueuedCompletionStatusEx with fAlertable TRUE); then the wait ends,
 * the thread runs every queued APC, and the wait returns
 * WAIT_IO_COMPLETION.  A waitable timer's completion routine is an APC
 * queued to the thread that set the timer.  Running the APCs is the
 * loader's (loader/apc.c), since it calls into the program's code.
 *
 * sim__wait_interrupt is the one way to end a blocked thread's wait from
 * outside its object: an alert, or the simulator's own thread-pool
 * threads being told that their work changed.
 *
 * Left out: kernel-mode APCs, and the special user APCs of QueueUserAPC2.
 */
#include "kernel.h"

void sim__wait_interrupt(sim_thread *t, DWORD result) {
  sim_assert(t->state == SIM_T_BLOCKED, "interrupting a thread that is not waiting");
  sim__wait_cancel(t);
  t->wait.result = result;
  sim__wake(t, SIM_PHASE_RETURN);
}

void sim__apc_queue(sim_thread *t, struct sim_apc *apc) {
  apc->next = NULL;
  if (t->apcs_tail) t->apcs_tail->next = apc;
  else t->apcs = apc;
  t->apcs_tail = apc;
  if (t->state == SIM_T_BLOCKED && t->alertable) sim__wait_interrupt(t, WAIT_IO_COMPLETION);
}

struct sim_apc *sim__apc_take(sim_thread *t) {
  struct sim_apc *apc = t->apcs;
  if (!apc) return NULL;
  t->apcs = apc->next;
  if (!t->apcs) t->apcs_tail = NULL;
  apc->next = NULL;
  return apc;
}
