/* Specification of the deadlock verdict: when no thread can run and no
 * deadline is pending, the run is a deadlock; with a wait-for cycle the
 * details name each thread of the cycle, what it holds and what it waits
 * for; without one they list what every thread waits for. */
#include <string.h>

#include "harness.h"

#define expect_details(text) \
  cr_expect(strstr(th_details(&r), text), "expected \"%s\" in the details:\n%s", text, th_details(&r))

Test(deadlock, deadlock_reports_cycle_of_two_critical_sections) {
  sim_program *p = th_build("deadlock_two_cs.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_DEADLOCK);
  cr_expect_str_eq(th_message(&r), "2 threads wait for each other in a cycle");
  expect_details("thread 2 holds g_first (host.exe) and waits for g_second (host.exe) "
                 "(held by thread 3) in EnterCriticalSection");
  expect_details("thread 3 holds g_second (host.exe) and waits for g_first (host.exe) "
                 "(held by thread 2) in EnterCriticalSection");
  /* Main waits for the two threads, but it is not part of the cycle. */
  cr_expect(!strstr(th_details(&r), "thread 1 (main)"), "details: %s", th_details(&r));
  sim_result_free(&r);
  /* The events force the cycle in every schedule. */
  sim_explore_result e;
  th_explore(p, SIM_STRATEGY_DFS, 2, 0, &e);
  cr_expect(e.found && e.kind == SIM_VERDICT_DEADLOCK && e.found_at == 1,
            "the first schedule explored deadlocks");
  sim_explore_result_free(&e);
  sim_program_free(p);
}

Test(deadlock, deadlock_reports_cycle_of_two_mutexes) {
  sim_program *p = th_build("deadlock_two_mutexes.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_DEADLOCK);
  cr_expect_str_eq(th_message(&r), "2 threads wait for each other in a cycle");
  expect_details("thread 2 holds mutex#1 and waits for mutex#2 (held by thread 3) in "
                 "WaitForSingleObject");
  expect_details("thread 3 holds mutex#2 and waits for mutex#1 (held by thread 2) in "
                 "WaitForSingleObject");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(deadlock, waiting_forever_for_an_event_nobody_sets_is_a_deadlock_listing_every_wait) {
  sim_program *p = th_build("deadlock_event.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_DEADLOCK);
  cr_expect_str_eq(th_message(&r), "every thread is blocked and nothing can wake any of them");
  expect_details("thread 1 (main) waits for event#1 in WaitForSingleObject");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(deadlock, thread_waiting_for_its_own_handle_waits_for_itself) {
  sim_program *p = th_build("deadlock_self_join.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_DEADLOCK);
  cr_expect_str_eq(th_message(&r), "thread 1 (main) waits for itself");
  expect_details("thread 1 (main) waits for thread 1 (main) to exit");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(deadlock, waiting_for_a_thread_that_is_never_resumed_is_a_deadlock) {
  sim_program *p = th_build("deadlock_never_resumed.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_DEADLOCK);
  expect_details("thread 1 (main) waits for thread 2 to exit in WaitForSingleObject");
  expect_details("thread 2 is suspended");
  sim_result_free(&r);
  sim_program_free(p);
}
