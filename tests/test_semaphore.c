/* Specification of semaphores: a wait takes one count, the maximum count
 * bounds ReleaseSemaphore (ERROR_TOO_MANY_POSTS), the previous count is
 * reported, and a release of n wakes exactly n waiters. */
#include <string.h>

#include "harness.h"

static sim_program *program;
static sim_result result;

static void run_counts(void) {
  program = th_build("sem_counts.c", NULL);
  th_run(program, &result);
  th_expect_verdict(&result, SIM_VERDICT_OK);
}

static void done(void) {
  sim_result_free(&result);
  sim_program_free(program);
}

#define expect_line(line) \
  cr_expect(strstr(th_stdout(&result), line "\n"), "expected \"%s\" in:\n%s", line, th_stdout(&result))

Test(semaphore, semaphore_wait_takes_one_count_and_times_out_at_zero, .init = run_counts,
     .fini = done) {
  expect_line("count 2, three waits: WAIT_OBJECT_0, WAIT_OBJECT_0, WAIT_TIMEOUT");
}

Test(semaphore, release_semaphore_reports_the_previous_count, .init = run_counts, .fini = done) {
  expect_line("release 3 at count 0: 1, previous count 0");
}

Test(semaphore, release_semaphore_beyond_the_maximum_fails_with_too_many_posts_and_changes_nothing,
     .init = run_counts, .fini = done) {
  expect_line("release 1 at the maximum: 0, error 298, previous count left -1");
  expect_line("counts left after the failed release: 3");
}

Test(semaphore, create_semaphore_with_an_initial_count_above_the_maximum_fails,
     .init = run_counts, .fini = done) {
  expect_line("initial count above the maximum: NULL, error 87");
}

Test(semaphore, release_semaphore_of_n_wakes_exactly_n_waiters) {
  sim_program *p = th_build("sem_wakes.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "released by a count of 2: 2\n");
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 1, 2, NULL);
  sim_program_free(p);
}

Test(semaphore, wide_and_narrow_names_open_the_same_semaphore) {
  sim_program *p = th_build("events_wide_names.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r), "semaphore: error 183, one count between both handles: 1\n"),
            "stdout: %s", th_stdout(&r));
  sim_result_free(&r);
  sim_program_free(p);
}
