/* `loaderlab grade` on one submission, end to end, on the test fixture
 * tests/grade/00-driver-unload: scores, verdicts, certificates, progress,
 * the host's own checks, counterexamples that replay, determinism. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grade_helpers.h"

#define EXERCISE GRADE_TESTS_DIR "/00-driver-unload"
#define SOLUTIONS GRADE_TESTS_DIR "/solutions/00-driver-unload"

static const char *str(const jval *obj, const char *key) {
  const jval *v = json_get(obj, key);
  cr_assert(v && v->t == J_STR, "no string %s", key);
  return v->s;
}

static double num(const jval *obj, const char *key) {
  const jval *v = json_get(obj, key);
  cr_assert(v && v->t == J_NUM, "no number %s", key);
  return v->n;
}

Test(grade, the_reference_fix_scores_full_marks_with_a_certificate_per_exhaustive_scenario) {
  char *tmp = test_dir("grade");
  jval *r = grade_json(tmp, EXERCISE, SOLUTIONS "/driver.c", NULL);
  cr_assert_eq(num(r, "score"), 100);
  cr_assert_eq(num(r, "max_score"), 100);
  cr_assert_str_eq(str(r, "status"), "graded");
  const jval *churn = scenario_of(r, "churn");
  cr_assert(json_get(churn, "passed")->b);
  const jval *search = json_get(churn, "search");
  cr_assert(json_get(search, "exhaustive")->b);
  cr_assert_str_eq(str(search, "summary"), "no failure in any schedule with at most 2 preemptions: 3267 schedules; "
                                           "the host showed progress (\"42 rows\") in schedule 1");
  cr_assert_str_eq(str(json_get(scenario_of(r, "pool"), "search"), "summary"),
                   "no failure in 300 random schedules (seed 3)");
  json_free(r);
  cr_assert(dir_is_empty(tmp), "the grader left files in TMPDIR");
  remove_dir(tmp);
  free(tmp);
}

Test(grade, the_buggy_dll_gets_the_verdicts_the_manifest_lists) {
  char *tmp = test_dir("grade");
  jval *r = grade_json(tmp, EXERCISE, EXERCISE "/driver.c", NULL);
  cr_assert_eq(num(r, "score"), 30);
  cr_assert_str_eq(str(scenario_of(r, "churn"), "verdict"), "access-violation");
  cr_assert_str_eq(str(scenario_of(r, "pool"), "verdict"), "leak-at-unload");
  cr_assert_str_eq(str(scenario_of(r, "exit-open"), "verdict"), "ok");
  json_free(r);
  remove_dir(tmp);
  free(tmp);
}

Test(grade, a_failure_carries_a_short_counterexample_and_a_replay_command_that_reproduces_it) {
  char *tmp = test_dir("grade");
  jval *r = grade_json(tmp, EXERCISE, SOLUTIONS "/wrong-wait-in-detach.c", NULL);
  const jval *churn = scenario_of(r, "churn");
  cr_assert_str_eq(str(churn, "verdict"), "deadlock");
  const char *trace = str(churn, "counterexample");
  int lines = 0;
  for (const char *p = trace; *p; p++) lines += *p == '\n';
  cr_assert(lines < 70, "the counterexample has %d lines", lines);
  cr_assert(strstr(trace, "** deadlock"), "%s", trace);
  const char *replay = str(churn, "replay");
  const char *expect = "loaderlab replay " EXERCISE "/scenarios/churn --dll wrong-wait-in-detach.c --schedule ";
  cr_assert(strncmp(replay, expect, strlen(expect)) == 0, "%s", replay);
  /* The command, run from the solutions folder as a student would. */
  const char *schedule = str(churn, "schedule");
  char dll[4096];
  snprintf(dll, sizeof dll, "%s/wrong-wait-in-detach.c", SOLUTIONS);
  const char *args[] = {"replay", EXERCISE "/scenarios/churn", "--dll", dll, "--schedule", schedule, NULL};
  run_result rr = run_loaderlab(tmp, 60, args);
  cr_assert_eq(rr.status, 1, "replay: %s", rr.err);
  cr_assert(strstr(rr.out, "deadlock at step"), "%s", rr.out);
  run_result_free(&rr);
  json_free(r);
  remove_dir(tmp);
  free(tmp);
}

Test(grade, random_search_failures_are_shortened_and_still_replay) {
  char *tmp = test_dir("grade");
  jval *r = grade_json(tmp, EXERCISE, SOLUTIONS "/wrong-no-pool.c", NULL);
  const jval *pool = scenario_of(r, "pool");
  cr_assert_str_eq(str(pool, "verdict"), "exit-code");
  cr_assert_eq(num(pool, "preemptions"), 0, "a failure with no preemption exists and is the one shown");
  char dll[4096];
  snprintf(dll, sizeof dll, "%s/wrong-no-pool.c", SOLUTIONS);
  const char *args[] = {"replay", EXERCISE "/scenarios/pool", "--dll", dll, "--schedule", str(pool, "schedule"), NULL};
  run_result rr = run_loaderlab(tmp, 60, args);
  cr_assert_eq(rr.status, 1, "the replayed run fails for the simulator too: %s", rr.err);
  cr_assert(strstr(rr.out, "the process exited with code 1"), "%s", rr.out);
  run_result_free(&rr);
  json_free(r);
  remove_dir(tmp);
  free(tmp);
}

Test(grade, progress_and_the_hosts_own_checks_fail_a_fix_that_never_answers) {
  char *tmp = test_dir("grade");
  jval *r = grade_json(tmp, EXERCISE, SOLUTIONS "/wrong-no-pool.c", NULL);
  cr_assert_eq(num(r, "score"), 0);
  const jval *churn = scenario_of(r, "churn");
  cr_assert_str_eq(str(churn, "verdict"), "no-progress", "nothing crashes; only the progress line is missing");
  cr_assert(strstr(str(churn, "message"), "\"42 rows\""));
  cr_assert_str_eq(str(scenario_of(r, "exit-open"), "verdict"), "exit-code");
  json_free(r);
  remove_dir(tmp);
  free(tmp);
}

Test(grade, a_dll_that_ends_the_process_before_the_host_finishes_fails) {
  char *tmp = test_dir("grade");
  jval *r = grade_json(tmp, EXERCISE, SOLUTIONS "/wrong-exit-in-dllmain.c", NULL);
  cr_assert_eq(num(r, "score"), 0);
  for (int i = 0; i < 3; i++) {
    const char *name = (const char *[]){"churn", "pool", "exit-open"}[i];
    cr_assert_str_eq(str(scenario_of(r, name), "verdict"), "host-unfinished", "%s", name);
  }
  json_free(r);
  remove_dir(tmp);
  free(tmp);
}

Test(grade, the_same_submission_gets_the_same_report_every_time) {
  char *tmp = test_dir("grade");
  const char *args[] = {"grade", EXERCISE, SOLUTIONS "/wrong-no-pool.c", "--jobs", "2", NULL};
  const char *args1[] = {"grade", EXERCISE, SOLUTIONS "/wrong-no-pool.c", NULL};
  run_result a = run_loaderlab(tmp, 120, args1);
  run_result b = run_loaderlab(tmp, 120, args);
  cr_assert_eq(a.status, 0);
  cr_assert_str_eq(a.out, b.out, "reports differ between runs (and between --jobs 1 and 2)");
  run_result_free(&a);
  run_result_free(&b);
  remove_dir(tmp);
  free(tmp);
}

Test(grade, bad_input_is_exit_status_2_with_a_message_and_no_report) {
  char *tmp = test_dir("grade");
  char *out;
  if (asprintf(&out, "%s/report.json", tmp) < 0) abort();
  const char *no_exercise[] = {"grade", "no-such-exercise", SOLUTIONS "/driver.c", "-o", out, NULL};
  run_result r = run_loaderlab(tmp, 60, no_exercise);
  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "no exercise \"no-such-exercise\""), "%s", r.err);
  run_result_free(&r);
  const char *no_file[] = {"grade", EXERCISE, "missing.c", "-o", out, NULL};
  r = run_loaderlab(tmp, 60, no_file);
  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "missing.c"), "%s", r.err);
  run_result_free(&r);
  const char *bad_format[] = {"grade", EXERCISE, SOLUTIONS "/driver.c", "--format", "yaml", NULL};
  r = run_loaderlab(tmp, 60, bad_format);
  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "--format yaml"), "%s", r.err);
  run_result_free(&r);
  cr_assert(dir_is_empty(tmp), "something was written");
  free(out);
  remove_dir(tmp);
  free(tmp);
}

Test(grade, a_hidden_scenario_with_details_shown_shows_its_counterexample_but_no_replay) {
  char *tmp = test_dir("grade");
  char *hidden = private_hidden();
  /* The fixture's hidden manifest, with `details shown` added. */
  char path[4200];
  snprintf(path, sizeof path, "%s/grade.txt", hidden);
  char *text = slurp(path, NULL);
  char *at = strstr(text, "strategy dfs");
  cr_assert(at);
  char *shown;
  if (asprintf(&shown, "%.*sdetails shown %s", (int)(at - text), text, at) < 0) abort();
  free(test_file(hidden, "grade.txt", shown, strlen(shown)));
  const char *extra[] = {"--hidden", hidden, NULL};
  jval *r = grade_json(tmp, EXERCISE, EXERCISE "/driver.c", extra);
  const jval *secret = scenario_of(r, "secret-churn");
  cr_assert_str_eq(str(secret, "visibility"), "hidden");
  cr_assert_str_eq(str(secret, "verdict"), "access-violation");
  cr_assert(strstr(str(secret, "counterexample"), "step  thread"));
  const jval *replay = json_get(secret, "replay");
  cr_assert(!replay || replay->t == J_NULL, "a replay command for a scenario the student does not have");
  json_free(r);
  free(shown);
  free(text);
  remove_dir(hidden);
  remove_dir(tmp);
  free(hidden);
  free(tmp);
}

Test(grade, a_search_longer_than_its_time_limit_stops_at_the_limit_in_cpu_seconds) {
  char *tmp = test_dir("grade");
  char *hidden = private_hidden();
  /* The hidden churn at bound 6 takes the reference fix far longer than
   * 0.3 s (445,648 schedules, about 4 s of CPU time; bound 4 took 0.3 to
   * 0.5 s, too close to the limit to say anything): the search must stop
   * there, by the CPU time it used, whatever else the machine is doing
   * (details shown: the message is the check). */
  char path[4200];
  snprintf(path, sizeof path, "%s/grade.txt", hidden);
  char *text = slurp(path, NULL);
  char *at = strstr(text, "bound 1");
  cr_assert(at);
  char *limited;
  if (asprintf(&limited, "%.*sbound 6 time-limit 0.3 details shown%s", (int)(at - text), text, at + strlen("bound 1")) < 0)
    abort();
  free(test_file(hidden, "grade.txt", limited, strlen(limited)));
  const char *extra[] = {"--hidden", hidden, NULL};
  jval *r = grade_json(tmp, EXERCISE, SOLUTIONS "/driver.c", extra);
  const jval *secret = scenario_of(r, "secret-churn");
  cr_assert_str_eq(str(secret, "verdict"), "time-limit");
  cr_assert(strstr(str(secret, "message"), "time limit (0.3 s of CPU time)"), "%s", str(secret, "message"));
  cr_assert(json_get(scenario_of(r, "churn"), "passed")->b, "the other scenarios keep their own limits");
  json_free(r);
  free(limited);
  free(text);
  remove_dir(hidden);
  remove_dir(tmp);
  free(hidden);
  free(tmp);
}
