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
  th_expect_every_schedule_ok(p, 3, 2, NULL);
  sim_program_free(p);
}
