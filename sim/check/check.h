/* The check layer: what turns a stuck or suspicious run into a verdict a
 * student can act on (deadlock cycles, lock-order inversions, faults), the
 * resource report at process end, and presenting results (report.c, whose
 * functions are public).
 *
 * Checks run when the kernel calls them through its hooks (a deadlock, a
 * lock taken, a block to describe) or when a run ends (explore/run.c).
 */
#ifndef SIM_CHECK_H
#define SIM_CHECK_H

#include "loader.h"

/* The check layer's state in a run (run->check), allocated on first use. */
struct sim_check_run {
  /* lock-order graph: edges (a before b) seen in this run */
  struct sim_lock_edge *lock_edges;
  int n_lock_edges, cap_lock_edges;
};

/* Nothing is ready and nothing has a deadline: reports the wait-for cycle
 * (or, without one, what every thread waits for) and ends the run. */
__attribute__((noreturn)) void sim__report_deadlock(sim_thread *cur);

/* What thread t waits for, in words ("waits for event#2"). */
void sim__describe_wait(const sim_thread *t, struct strbuf *out);

/* The trace viewer's page, styles and script, compiled in from
 * check/viewer/ by cmake/embed_viewer.cmake (report_html.c fills them in). */
extern const char sim__viewer_html[], sim__viewer_css[], sim__viewer_js[];

/* Called when t has taken `lock` (its newest held lock) while holding
 * others: records the order and ends the run with a lock-order verdict
 * when it closes a cycle. */
void sim__lock_order_note(sim_thread *t, void *lock, int kind);
/* The lock-order graph's part of a state fingerprint (lock_order.c). */
void sim__lock_order_fingerprint(const sim_run *r, sim_fingerprint *f);

/* What is left at the end of the process (information, not a bug). */
void sim__resources_report(sim_result *res);

/* After a fault ended the run (core/fault.c): works out and records its
 * verdict. */
void sim__fault_verdict(sim_run *r, const sim_fault *f);
/* A watchdog interrupt reached a safe point, where t called the simulator
 * from `at` (or NULL): ends the run with the hang verdict.  The kernel's
 * interrupted hook. */
__attribute__((noreturn)) void sim__interrupted(sim_thread *t, const sim_fault *f, void *at);

#endif
