/* Calling the program back from inside a simulated call, and running a
 * thread's user APCs.
 *
 * An APC, a thread-pool callback or an InitOnceExecuteOnce function is the
 * program's code, called by the simulator on the thread that made the
 * call (or on a pool thread).  If its module was unloaded, calling it is
 * an access violation, as on Windows (the call jumps into unmapped code).
 * Its own Win32 calls are scheduling points that overwrite the thread's
 * call state, so the outer call's is saved around it: when the outer call
 * returns, it is checked against the module it returns into.
 *
 * APCs run as QueueUserAPC documents: all of them, first in, first out,
 * when the thread is alertable (kernel/apc.c queues them); a waitable
 * timer's completion routine gets the time the timer fired, as a FILETIME.
 */
#include "loader.h"

sim_call_state sim__callback_begin(sim_thread *t, const void *addr, const char *what) {
  if (sim__current_run->n_unloaded) sim__check_call(t, (void *)addr, what);
  return (sim_call_state){t->api, t->ret_addr, t->user_sp};
}

void sim__callback_end(sim_thread *t, sim_call_state saved) {
  t->api = saved.api;
  t->ret_addr = saved.ret_addr;
  t->user_sp = saved.user_sp;
}

int sim__apc_deliver(sim_thread *t) {
  int n = 0;
  for (struct sim_apc *apc; (apc = sim__apc_take(t)); n++) {
    char where[160];
    const void *code = apc->routine ? (const void *)apc->routine : (const void *)apc->timer_routine;
    if (sim__tracing())
      sim__trace_note(t, SIM_EV_NOTE, "runs the %s %s", apc->routine ? "APC" : "timer completion routine",
                     sim__describe_code(code, where, sizeof where));
    sim_call_state saved = sim__callback_begin(t, code, apc->routine ? "ran its APC at" : "ran its timer completion routine at");
    if (apc->routine) apc->routine(apc->arg);
    else apc->timer_routine(apc->timer_arg, apc->timer_low, apc->timer_high);
    sim__callback_end(t, saved);
  }
  return n;
}
