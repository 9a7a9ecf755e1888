/* Simulated threads: creation, start, exit and termination.
 *
 * Models Windows as docs/design.md ("Loader model") describes: a new thread first takes the
 * loader lock and sends DLL_THREAD_ATTACH (so a thread created inside
 * DllMain cannot start until its creator leaves DllMain), then runs its
 * start routine; a thread that returns or calls ExitThread takes the loader
 * lock again for DLL_THREAD_DETACH, gives up its mutexes as abandoned, and
 * signals its handle; the last thread to exit ends the process.
 * TerminateThread sends nothing and releases no critical section.
 *
 * A thread's stack is as big as Windows would reserve for it (api/thread.c
 * works the size out; 1 MiB by default, the main thread's too), so a stack
 * overflow is reported only where Windows would fault.
 *
 * Left out: thread priorities and affinity (the strategy decides who runs).
 */
#include "loader.h"

#include <errno.h>
#include <string.h>


static void thread_entry(void *arg) {
  sim_thread *t = arg;
  sim_run *r = sim__current_run;
  sim_fiber_started(&r->sched_fiber);
  if (sim__tracing()) {
    char where[160];
    sim__trace_note(t, SIM_EV_NOTE, "starts at %s",
                   t->id == 1 ? "main" : sim__describe_code((void *)t->start, where, sizeof where));
  }
  if (t->id == 1) {
    sim__loader_process_start(t);
    int (*host_main)(int, char **) = (int (*)(int, char **))r->program->host->entry_main;
    char *argv[] = {"host.exe", NULL};
    sim__stack_scrub(t, true);
    sim__in_simulator = 0;
    int code = host_main(1, argv);
    sim__in_simulator = 1;
    sim__main_returned(t, code);
  }
  sim__thread_attach_notify(t);
  /* APCs queued before the thread ran come first (QueueUserAPC's
   * documentation). */
  if (t->apcs) sim__apc_deliver(t);
  if (r->n_unloaded) sim__check_call(t, (void *)t->start, "start its thread routine at");
  /* A stack is reused from threads before: what they left goes too. */
  sim__stack_scrub(t, true);
  sim__in_simulator = 0;
  DWORD code = t->start(t->param);
  sim__in_simulator = 1;
  if (t->start_returns_32) code = (unsigned)code; /* _beginthreadex: the upper half is garbage */
  t->ret_addr = NULL;
  sim__thread_exit(t, code);
}

sim_thread *sim__thread_create(LPTHREAD_START_ROUTINE start, void *param, bool suspended,
                              size_t stack_size, sim_thread *creator) {
  sim_run *r = sim__current_run;
  /* The simulator's limits end the run loudly; Windows would go on. */
  if (r->n_live >= r->opt.threads_max) {
    char where[160];
    sim__finish(SIM_VERDICT_LIMIT, creator,
                "a new thread would make %d threads alive at once, more than the simulator's "
                "limit (sim_options.threads_max, default SIM_THREADS_MAX_DEFAULT in "
                "sim/include/loaderlab.h; exited threads do not count); creating it at %s ends "
                "the run: threads created in a loop that never exit?",
                r->n_live + 1,
                sim__describe_code(creator ? creator->ret_addr : NULL, where, sizeof where));
  }
  struct sim_stack *stack = sim__stack_get(stack_size);
  if (!stack) {
    /* The simulator's shortage, not the program's: Windows would have had
     * the memory for the stack. */
    if (creator)
      sim__finish(SIM_VERDICT_LIMIT, creator,
                  "the system refused memory for the stack of a new thread (%zu bytes, %d threads "
                  "alive; mmap or mprotect failed: %s)", stack_size, r->n_live, strerror(errno));
    return NULL;
  }
  sim_thread *t = sim__arena_alloc(&r->thread_arena, sizeof *t);
  sim__fp_touch(SIM_RES_THREADS, 0, true);
  sim__thread_register(t);
  t->stack = stack;
  t->start = start;
  t->param = param;
  t->exit_code = STILL_ACTIVE;
  t->stack_low = UINTPTR_MAX;
  /* The C runtime's rand() keeps its seed per thread, and every thread's,
   * the main thread's included, starts at 1 (Microsoft's rand
   * documentation; Wine's msvcrt per-thread data). */
  t->rand_state = 1;
  t->api = SIM_API_ThreadStart;
  t->phase = SIM_PHASE_START;
  t->created_step = r->step;
  t->created_by = creator ? creator->id : 0;
  t->object = sim__object_new(SIM_OBJ_THREAD);
  t->object->u.thread.thread = t;
  t->object->handles = 0;
  sim_fiber_init(&t->fiber, stack->lo, stack->size, thread_entry, t);
  r->n_live++;
  if (suspended) {
    t->suspend_count = 1;
    t->state = SIM_T_SUSPENDED;
  } else {
    sim__make_ready(t);
  }
  return t;
}

/* What every ending thread does once it no longer runs code: abandoned
 * mutexes, the signalled handle, and the ready set. */
static void thread_gone(sim_thread *t, DWORD code) {
  t->exit_code = code;
  sim__mutexes_abandon(t);
  sim__thread_retire(t);
  if (t->port_assoc) sim__port_thread_gone(t);
  t->object->signal = 1;
  sim__object_signal(t->object);
  if (t->stack) {
    sim__stack_put(t->stack);
    t->stack = NULL;
  }
}

/* Two threads can both be past the "am I the last thread?" check in
 * sim__thread_exit before either is gone: the check comes before
 * DLL_THREAD_DETACH, as in RtlExitUserThread, and a notification that
 * blocks or yields lets the other thread exit meanwhile.  Windows' kernel
 * ends a process when its last thread terminates, with that thread's exit
 * code; the loader's process shutdown never runs, so no DLL gets
 * DLL_PROCESS_DETACH.  (Without this the run would end as a deadlock with
 * no thread left in it.) */
void sim__last_thread_gone(sim_thread *t, DWORD code) {
  sim_run *r = sim__current_run;
  if (sim__tracing())
    sim__trace_note(t, SIM_EV_NOTE, "the last thread is gone: the process ends without "
                   "DLL_PROCESS_DETACH");
  r->result->exited = true;
  r->exit_code = (int)code;
  sim__end_of_process_verdicts();
  sim__finish(SIM_VERDICT_OK, t, "the process exited with code %lu when its last thread ended",
             code);
}

void sim__thread_exit(sim_thread *t, DWORD code) {
  sim_run *r = sim__current_run;
  t->exiting = true;
  if (t->api != SIM_API_ExitThread && t->api != SIM_API_FreeLibraryAndExitThread) {
    /* Returning from the start routine is a step of its own. */
    t->api = SIM_API_ThreadExit;
    t->phase = SIM_PHASE_CALL;
    t->ret_addr = NULL;
    sim__yield_point(t);
  }
  if (sim__tracing()) sim__trace(t, SIM_EV_CALL, NULL, "thread exits with code %lu", code);
  sim__fp_touch(SIM_RES_THREADS, 0, false);
  if (r->n_live == 1) sim__process_exit(t, (int)code);
  sim__thread_detach_notify(t);
  thread_gone(t, code);
  if (r->n_live == 0) sim__last_thread_gone(t, code);
  sim__switch_away_forever(t);
}

void sim__thread_kill(sim_thread *t, DWORD code) {
  if (t->state == SIM_T_EXITED) return;
  thread_gone(t, code);
}
