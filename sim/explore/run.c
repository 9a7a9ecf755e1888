/* One run of a program under a strategy (sim_run_program), and the hook
 * table that lets the kernel reach the loader and the checks without
 * including them (see docs/architecture.md).
 *
 * A run: the kernel resets its state, the loader maps fresh modules, the
 * strategy begins, the main thread is created, faults are armed, and the
 * first pick switches to it.  Control comes back here when a verdict ends
 * the run (sim__finish switches to the scheduler's own fiber) or when a
 * fault jumps out of simulated code; then the result is completed and what
 * the run took is given back.
 */
#include "explore.h"

#include <errno.h>
#include <string.h>

static const sim_kernel_hooks hooks = {
    .check_return = sim__check_return,
    .describe_address = sim__loader_describe_address,
    .image_of_address = sim__image_of_address,
    .deadlock = sim__report_deadlock,
    .describe_wait = sim__describe_wait,
    .lock_order_note = sim__lock_order_note,
    .interrupted = sim__interrupted,
    .lock_would_wait = sim__lock_wait_at_exit,
};

bool sim_run_program(sim_program *p, const sim_options *opt, sim_strategy *s, sim_result *res) {
  sim_run *r = sim__run_begin(p, opt, s, &hooks, res);
  sim__loader_reset(r);
  /* Footprints cost a little on every access of the program's memory:
   * only for a strategy that reduces with them (which may pause them for
   * steps it already knows, in begin_run). */
  sim__fp_run_begin(s->ops->step != NULL, s->ops->declared_calls, p->instrumented);
  if (s->ops->begin_run) s->ops->begin_run(s);

  sim_thread *main_thread = sim__thread_create(NULL, NULL, false, SIM_STACK_DEFAULT_SIZE, NULL);
  int main_errno = errno;
  /* Every run is armed, in whatever process it happens (an exploration
   * worker is a fork): the watchdog is per process and per run. */
  sim_fault_arming arming = {
      .jmp = &r->crash_jmp,
      .cpu_ms_max = r->opt.cpu_ms_per_step_max,
      .wall_ms_max = r->opt.wall_ms_per_step_max,
      .code_healed = sim__code_healed,
      .in_program = sim__in_program_code,
  };
  if (!main_thread) {
    sim__finish_verdict(SIM_VERDICT_LIMIT, NULL, NULL,
                        "the system refused memory for the stack of the main thread (mmap or "
                        "mprotect failed: %s)", strerror(main_errno));
  } else if (!sim__fault_arm(&arming)) {
    sim__finish_verdict(SIM_VERDICT_LIMIT, NULL, NULL,
                        "cannot start the watchdog thread (%s): without it a program that never "
                        "returns to the simulator would hang it", strerror(errno));
  } else if (sigsetjmp(r->crash_jmp, 1) == 0) {
    sim__run_start(r);
    /* Returns here when a run finishes (sim__finish switches to us), with
     * every structure of the simulator consistent (a fault, below, may
     * have struck inside one). */
    sim__run_verify(r);
    sim__loader_verify(r);
  } else {
    /* A signal ended the run: work out what happened. */
    sim__fault_verdict(r, sim__fault_last());
  }
  sim__fault_disarm();
  sim__fp_run_end();

  /* Verdicts found at the end are dated when their cause happened. */
  if (res->verdict.kind == SIM_VERDICT_LEAK_AT_UNLOAD) {
    res->verdict.step = r->loader->leak_step;
    res->verdict.tid = r->loader->leak_tid;
  } else if (res->verdict.kind == SIM_VERDICT_DLLMAIN_MISUSE) {
    res->verdict.step = r->loader->misuse_step;
    res->verdict.tid = r->loader->misuse_tid;
  }
  for (int i = 0; i < r->loader->n_modules && i < 32; i++)
    if (r->loader->modules[i].loads > 0) res->dlls_loaded |= 1u << i;
  sim__resources_report(res);
  sim__loader_end_run(r);
  sim__run_end(r);
  return s->ops->end_run ? s->ops->end_run(s) : false;
}
