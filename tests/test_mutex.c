/* Specification of mutexes: recursion for the owner, ERROR_NOT_OWNER for a
 * release by anyone else, initial ownership, abandonment when the owner
 * exits, and mutual exclusion in every schedule. */
#include <string.h>

#include "harness.h"

Test(mutex, mutex_is_recursive_and_free_only_after_as_many_releases_as_waits) {
  sim_program *p = th_build("mutex_recursive.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "owner waits twice: WAIT_OBJECT_0, WAIT_OBJECT_0\n"
                   "after one release, another thread gets WAIT_TIMEOUT\n"
                   "after two releases, another thread gets WAIT_OBJECT_0\n"
                   "a third release: 0, error 288\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(mutex, release_mutex_by_a_thread_that_does_not_own_it_fails_with_error_not_owner) {
  sim_program *p = th_build("mutex_not_owner.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r), "release 0, error 288\n"), "stdout: %s", th_stdout(&r));
  /* The failed release left the mutex with its owner, who can release it. */
  cr_expect(strstr(th_stdout(&r), "owner: release 1\n"), "stdout: %s", th_stdout(&r));
  cr_expect(strstr(th_warnings(&r), "thread 2 ReleaseMutex(mutex#1): the mutex is held by thread 1 (main)"),
            "warnings: %s", th_warnings(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(mutex, mutex_created_initially_owned_belongs_to_its_creator) {
  sim_program *p = th_build("mutex_not_owner.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r), "other thread: wait WAIT_TIMEOUT"), "stdout: %s", th_stdout(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(mutex, abandoned_mutex_returns_wait_abandoned) {
  sim_program *p = th_build("mutex_abandoned.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "after the owner exited: WAIT_ABANDONED; the waiter owns it: 1; "
                   "next wait: WAIT_OBJECT_0\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(mutex, abandoned_mutex_wakes_a_blocked_waiter_with_wait_abandoned) {
  sim_program *p = th_build("mutex_abandoned_blocked.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "WAIT_ABANDONED\n");
  /* With the default schedule main blocks on the mutex before the owner
   * exits: the abandonment is what wakes it. */
  cr_expect(th_trace_has(&r, "waits for mutex#1 (held by thread 2)"), "%s", th_trace(&r));
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(mutex, mutex_admits_one_thread_at_a_time_in_every_schedule) {
  sim_program *p = th_build("mutex_exclusion.c", NULL);
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(mutex, wide_and_narrow_names_open_the_same_mutex) {
  sim_program *p = th_build("events_wide_names.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r), "mutex: error 183, owned through W released through A: 1\n"),
            "stdout: %s", th_stdout(&r));
  sim_result_free(&r);
  sim_program_free(p);
}
