/* Specification of WaitForMultipleObjects: wait-any returns the lowest
 * signalled index and takes only that object; wait-all is satisfied only
 * by every object at once and takes all or nothing, even while blocked;
 * abandoned mutexes report their index; invalid waits fail with the
 * documented errors. */
#include <string.h>

#include "harness.h"

Test(wait_multiple, wait_any_returns_the_lowest_signalled_index) {
  sim_program *p = th_build("waitmulti_any.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r), "manual 1 and 3 set: WAIT_OBJECT_0+1\n"), "stdout: %s", th_stdout(&r));
  cr_expect(strstr(th_stdout(&r), "auto 0 and 2 set, first wait: WAIT_OBJECT_0+0\n"), "stdout: %s",
            th_stdout(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(wait_multiple, wait_any_takes_only_the_object_it_returns) {
  sim_program *p = th_build("waitmulti_any.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r), "second wait: WAIT_OBJECT_0+2\nthird wait: WAIT_TIMEOUT\n"),
            "stdout: %s", th_stdout(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(wait_multiple, wait_all_needs_every_object_and_takes_all_or_nothing) {
  sim_program *p = th_build("waitmulti_all.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "one of two set: WAIT_TIMEOUT\n"
                   "the set one is still set: WAIT_OBJECT_0\n"
                   "both set: WAIT_OBJECT_0\n"
                   "afterwards: WAIT_TIMEOUT, WAIT_TIMEOUT\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(wait_multiple, blocked_wait_all_holds_nothing_until_it_can_take_everything) {
  sim_program *p = th_build("waitmulti_atomic.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(wait_multiple, wait_any_on_an_abandoned_mutex_returns_wait_abandoned_0_plus_its_index) {
  sim_program *p = th_build("waitmulti_abandoned.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "WAIT_ABANDONED_0+2\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(wait_multiple, invalid_waits_fail_with_the_documented_errors) {
  sim_program *p = th_build("waitmulti_invalid.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "no handles: WAIT_FAILED, error 87\n"
                   "65 handles: WAIT_FAILED, error 87\n"
                   "one event twice, wait all: WAIT_FAILED, error 87\n"
                   "a closed handle among two: WAIT_FAILED, error 6\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(wait_multiple, blocked_wait_any_may_name_the_same_handle_twice) {
  sim_program *p = th_build("waitmulti_duplicate.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "WAIT_OBJECT_0+0\n");
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}
