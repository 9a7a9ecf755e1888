/* The smallest specifications: a run ends, output is captured, replay is
 * exact. */
#include "harness.h"

Test(basics, thread_exit_code_is_start_routine_result) {
  sim_program *p = th_build("basics_thread_exit_code.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "before: STILL_ACTIVE\nafter: 42\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(basics, every_schedule_of_a_correct_program_is_ok) {
  sim_program *p = th_build("basics_thread_exit_code.c", NULL);
  sim_explore_result e;
  th_explore(p, SIM_STRATEGY_DFS, 3, 0, &e);
  cr_expect(!e.found, "a correct program has no bug: %s", sim_verdict_name(e.kind));
  cr_expect(e.exhausted, "the bounded space is small enough to exhaust");
  cr_expect_gt(e.schedules, 1);
  sim_explore_result_free(&e);
  sim_program_free(p);
}
