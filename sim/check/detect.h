/* Detectors: what turns a stuck or suspicious run into a verdict a student
 * can act on (deadlock cycles, lock-order inversions, resources left at
 * process end), and the checks behind access violations. */
#ifndef SIM_DETECT_H
#define SIM_DETECT_H

#include "sim.h"

/* Nothing is ready and nothing has a deadline: reports the wait-for cycle
 * (or, without one, what every thread waits for) and ends the run. */
__attribute__((noreturn)) void sim_report_deadlock(sim_thread *cur);

/* Called as t takes `lock` while holding others: records the order and
 * ends the run with a lock-order verdict when it closes a cycle. */
void sim_lock_order_note(sim_thread *t, void *lock, int kind);

/* What is left at the end of the process (information, not a bug). */
void sim_resources_report(sim_result *res);

/* What thread t waits for, in words ("waits for event#2"). */
void sim_describe_wait(const sim_thread *t, struct strbuf *out);

#endif
