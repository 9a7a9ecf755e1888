/* The grade manifest (docs/grade-manifest.md): what it accepts, what it
 * refuses, and that every refusal names the file, the line and the word. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "grade_helpers.h"
#include "manifest.h"

/* An exercise folder named `name` with scenarios a and b and grade.txt. */
static char *exercise_with(const char *name, const char *grade_txt) {
  char *root = test_dir("manifest");
  char *dir;
  if (asprintf(&dir, "%s/%s", root, name) < 0) abort();
  mkdir(dir, 0755);
  const char *scenarios[] = {"a", "b"};
  for (int i = 0; i < 2; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/scenarios", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/scenarios/%s", dir, scenarios[i]);
    mkdir(path, 0755);
    free(test_file(path, "scenario.txt", "host host.c\ndll driver.dll driver.c\nstudent driver.dll\n", 55));
  }
  free(test_file(dir, "grade.txt", grade_txt, strlen(grade_txt)));
  free(root);
  return dir;
}

static bool load(const char *grade_txt, grade_manifest *m, struct strbuf *err) {
  char *dir = exercise_with("07-example", grade_txt);
  bool ok = grade_manifest_load(dir, NULL, m, err);
  free(dir);
  return ok;
}

static void refused(const char *grade_txt, const char *line, const char *word) {
  grade_manifest m;
  struct strbuf err = {0};
  cr_assert_not(load(grade_txt, &m, &err), "accepted:\n%s", grade_txt);
  cr_assert(strstr(strbuf_str(&err), "grade.txt:"), "the error does not name the file: %s", strbuf_str(&err));
  cr_assert(strstr(strbuf_str(&err), line), "the error does not name line %s: %s", line, strbuf_str(&err));
  cr_assert(strstr(strbuf_str(&err), word), "the error does not name \"%s\": %s", word, strbuf_str(&err));
  strbuf_free(&err);
}

Test(grade_manifest, reads_every_key_with_its_default_and_its_value) {
  grade_manifest m;
  struct strbuf err = {0};
  cr_assert(load("# a comment line\n"
                 "exercise 07-example\n"
                 "submission driver.dll   # the DLL students fix\n"
                 "\n"
                 "scenario a points 30 public strategy dfs bound 3 buggy access-violation\n"
                 "scenario b points 70 hidden details shown strategy pct schedules 500 seed 9 depth 2 "
                 "time-limit 12.5 buggy ok progress \"2 queries # in \\\"flight\\\"\"\n",
                 &m, &err),
            "%s", strbuf_str(&err));
  cr_assert_str_eq(m.exercise, "07-example");
  cr_assert_str_eq(m.submission_dll, "driver.dll");
  cr_assert_eq(m.n_scenarios, 2);
  cr_assert_eq(m.points_max, 100);
  grade_scenario *a = &m.scenarios[0], *b = &m.scenarios[1];
  cr_assert_str_eq(a->name, "a");
  cr_assert_eq(a->points, 30);
  cr_assert_not(a->hidden);
  cr_assert_eq(a->strategy, SIM_STRATEGY_DFS);
  cr_assert_eq(a->bound, 3);
  cr_assert_eq(a->schedules, 0, "dfs has no cap unless one is given");
  cr_assert_eq(a->time_limit_s, GRADE_TIME_LIMIT_DEFAULT_S);
  cr_assert_str_eq(a->buggy, "access-violation");
  cr_assert_null(a->progress);
  cr_assert(b->hidden && b->details_shown);
  cr_assert_eq(b->strategy, SIM_STRATEGY_PCT);
  cr_assert_eq(b->schedules, 500);
  cr_assert_eq(b->seed, 9);
  cr_assert_eq(b->depth, 2);
  cr_assert_float_eq(b->time_limit_s, 12.5, 1e-9);
  cr_assert_str_eq(b->buggy, "ok");
  cr_assert_str_eq(b->progress, "2 queries # in \"flight\"", "a quoted string keeps # and escaped quotes");
  cr_assert(strstr(b->dir, "/07-example/scenarios/b"));
  grade_manifest_free(&m);
}

Test(grade_manifest, random_and_pct_default_to_the_explore_budget) {
  grade_manifest m;
  struct strbuf err = {0};
  cr_assert(load("exercise 07-example\nsubmission driver.dll\nscenario a points 1 strategy random\n", &m, &err),
            "%s", strbuf_str(&err));
  cr_assert_eq(m.scenarios[0].schedules, GRADE_SCHEDULES_DEFAULT);
  cr_assert_eq(m.scenarios[0].seed, 1);
  grade_manifest_free(&m);
}

Test(grade_manifest, refuses_unknown_directives_and_keys_by_file_line_and_word) {
  refused("exercise 07-example\nsubmission driver.dll\nscenarios a points 1\n", ":3:", "scenarios");
  refused("exercise 07-example\nsubmission driver.dll\nscenario a point 30\n", ":3:", "point");
  refused("exercise 07-example\nsubmission driver.dll\nscenario a points 3 strategy bfs\n", ":3:", "bfs");
  refused("exercise 07-example\nsubmission driver.dll\nscenario a points 3 buggy segfault\n", ":3:", "segfault");
}

Test(grade_manifest, refuses_bad_values_and_missing_or_repeated_keys) {
  refused("exercise 07-example\nsubmission driver.dll\nscenario a\n", ":3:", "no points");
  refused("exercise 07-example\nsubmission driver.dll\nscenario a points -3\n", ":3:", "-3");
  refused("exercise 07-example\nsubmission driver.dll\nscenario a points 3 points 4\n", ":3:", "twice");
  refused("exercise 07-example\nsubmission driver.dll\nscenario a points 3 bound 99\n", ":3:", "99");
  refused("exercise 07-example\nsubmission driver.dll\nscenario a points 3 strategy random bound 2\n", ":3:", "bound");
  refused("exercise 07-example\nsubmission driver.dll\nscenario a points 3 depth 2\n", ":3:", "depth");
  refused("exercise 07-example\nsubmission driver.dll\nscenario a points 3 time-limit 0\n", ":3:", "time-limit");
  refused("exercise 07-example\nsubmission driver.dll\nscenario a points 3 progress \"open\n", ":3:", "quoted");
  refused("exercise 07-example\nsubmission driver.dll\nscenario a points 3 details shown\n", ":3:", "details");
  refused("exercise 07-example\nsubmission driver.dll\nscenario a points 1\nscenario a points 2\n", ":4:", "twice");
}

Test(grade_manifest, refuses_a_scenario_without_its_folder_and_a_wrong_exercise_name) {
  refused("exercise 07-example\nsubmission driver.dll\nscenario c points 1\n", ":3:", "scenarios/c");
  refused("exercise 08-other\nsubmission driver.dll\nscenario a points 1\n", ":1:", "08-other");
  refused("exercise 07-example\nsubmission driver.so\nscenario a points 1\n", ":2:", "NAME.dll");
  refused("scenario a points 1\nexercise 07-example\nsubmission driver.dll\n", ":1:", "before the scenarios");
}

Test(grade_manifest, hidden_scenarios_come_from_their_own_folder_and_default_to_hidden) {
  char *dir = exercise_with("07-example", "exercise 07-example\nsubmission driver.dll\nscenario a points 10\n");
  char *hidden = exercise_with("instructor", "exercise 07-example\nsubmission driver.dll\n"
                                             "scenario b points 5\nscenario a2 points 5 public\n");
  /* a2 has no folder: the hidden manifest is checked as strictly. */
  grade_manifest m;
  struct strbuf err = {0};
  cr_assert_not(grade_manifest_load(dir, hidden, &m, &err));
  cr_assert(strstr(strbuf_str(&err), "scenarios/a2"), "%s", strbuf_str(&err));
  strbuf_free(&err);
  free(hidden);
  hidden = exercise_with("instructor", "exercise 07-example\nsubmission driver.dll\nscenario b points 5\n");
  cr_assert(grade_manifest_load(dir, hidden, &m, &err), "%s", strbuf_str(&err));
  cr_assert_eq(m.n_scenarios, 2);
  cr_assert(m.scenarios[1].hidden && m.scenarios[1].from_hidden_dir);
  cr_assert(strstr(m.scenarios[1].dir, "/instructor/scenarios/b"));
  cr_assert_eq(m.points_max, 15);
  grade_manifest_free(&m);
  free(hidden);
  free(dir);
}

Test(grade_manifest, refuses_hidden_scenarios_kept_inside_the_exercise_folder) {
  char *dir = exercise_with("07-example", "exercise 07-example\nsubmission driver.dll\nscenario a points 10\n");
  char *inside;
  if (asprintf(&inside, "%s/scenarios", dir) < 0) abort();
  grade_manifest m;
  struct strbuf err = {0};
  cr_assert_not(grade_manifest_load(dir, inside, &m, &err));
  cr_assert(strstr(strbuf_str(&err), "outside the student repository"), "%s", strbuf_str(&err));
  strbuf_free(&err);
  free(inside);
  free(dir);
}

Test(grade_manifest, splits_words_with_quotes_and_comments) {
  char line[] = "scenario x progress \"a \\\\ b\" # not \"a word\"";
  char *w[8];
  struct strbuf err = {0};
  int n = grade_split_words(line, w, 8, &err);
  cr_assert_eq(n, 4, "%s", strbuf_str(&err));
  cr_assert_str_eq(w[3], "a \\ b");
  char bad[] = "scenario \"x\"y";
  cr_assert_eq(grade_split_words(bad, w, 8, &err), -1);
  strbuf_free(&err);
}
