/* Accuracy, for every exercise in tests/grade/accuracy.txt: the reference
 * fix scores full marks, the buggy DLL gets the verdicts its manifest
 * lists, and each wrong fix in WRONG-FIXES.md scores below full marks
 * with the verdict that file lists.  Adding an exercise is one line in
 * the table. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grade_helpers.h"
#include "manifest.h"

typedef struct exercise_row {
  char exercise[1024];
  char solutions[1024];
} exercise_row;

static int read_table(exercise_row *rows, int max) {
  char path[1024];
  snprintf(path, sizeof path, "%s/accuracy.txt", GRADE_TESTS_DIR);
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  char line[1200];
  int n = 0;
  while (n < max && fgets(line, sizeof line, f)) {
    char a[256], b[256];
    if (line[0] == '#' || sscanf(line, "%255s %255s", a, b) != 2) continue;
    snprintf(rows[n].exercise, sizeof rows[n].exercise, "%s/%s", LOADERLAB_SOURCE_DIR, a);
    snprintf(rows[n].solutions, sizeof rows[n].solutions, "%s/%s", LOADERLAB_SOURCE_DIR, b);
    n++;
  }
  fclose(f);
  return n;
}

static struct criterion_test_params table(void) {
  exercise_row local[64];
  int n = read_table(local, 64);
  exercise_row *rows = cr_malloc(sizeof *rows * (size_t)(n ? n : 1));
  memcpy(rows, local, sizeof *rows * (size_t)n);
  return cr_make_param_array(exercise_row, rows, (size_t)n);
}

static grade_manifest manifest_of(const exercise_row *row) {
  grade_manifest m;
  struct strbuf err = {0};
  cr_assert(grade_manifest_load(row->exercise, NULL, &m, &err), "%s", strbuf_str(&err));
  strbuf_free(&err);
  return m;
}

/* The source a submission replaces: driver.c for driver.dll. */
static char *source_name(const grade_manifest *m) {
  char *name;
  if (asprintf(&name, "%.*s.c", (int)(strlen(m->submission_dll) - 4), m->submission_dll) < 0) abort();
  return name;
}

static jval *grade(const exercise_row *row, const char *file) {
  char *tmp = test_dir("accuracy");
  const char *extra[] = {"--jobs", "2", NULL};
  jval *r = grade_json(tmp, row->exercise, file, extra);
  cr_assert(dir_is_empty(tmp));
  remove_dir(tmp);
  free(tmp);
  return r;
}

ParameterizedTestParameters(accuracy, the_reference_fix_scores_full_marks) { return table(); }
ParameterizedTest(exercise_row *row, accuracy, the_reference_fix_scores_full_marks) {
  grade_manifest m = manifest_of(row);
  char *name = source_name(&m), *file;
  if (asprintf(&file, "%s/%s", row->solutions, name) < 0) abort();
  jval *r = grade(row, file);
  const jval *list = json_get(r, "scenarios");
  for (int i = 0; i < list->n_items; i++)
    cr_expect(json_get(list->items[i], "passed")->b, "%s: the reference fix fails scenario %s (%s)", m.exercise,
              json_get(list->items[i], "name")->s, json_get(list->items[i], "verdict")->s);
  cr_assert_eq(json_get(r, "score")->n, m.points_max, "%s: the reference fix scores %.0f of %d", m.exercise,
               json_get(r, "score")->n, m.points_max);
  json_free(r);
  free(file);
  free(name);
  grade_manifest_free(&m);
}

ParameterizedTestParameters(accuracy, the_buggy_dll_gets_the_verdicts_the_manifest_lists) { return table(); }
ParameterizedTest(exercise_row *row, accuracy, the_buggy_dll_gets_the_verdicts_the_manifest_lists) {
  grade_manifest m = manifest_of(row);
  char *name = source_name(&m), *file;
  if (asprintf(&file, "%s/%s", row->exercise, name) < 0) abort();
  jval *r = grade(row, file);
  for (int i = 0; i < m.n_scenarios; i++) {
    if (!m.scenarios[i].buggy) continue;
    const jval *s = scenario_of(r, m.scenarios[i].name);
    cr_expect_str_eq(json_get(s, "verdict")->s, m.scenarios[i].buggy, "%s, scenario %s: the buggy DLL gets %s",
                     m.exercise, m.scenarios[i].name, json_get(s, "verdict")->s);
  }
  cr_assert_lt(json_get(r, "score")->n, m.points_max, "%s: the buggy DLL scores full marks", m.exercise);
  json_free(r);
  free(file);
  free(name);
  grade_manifest_free(&m);
}

/* Rows of WRONG-FIXES.md's table: the first cell that names a .c file, and
 * the first cell after it that is a verdict id (backquotes optional). */
static int wrong_fixes(const char *solutions, char files[][1400], char verdicts[][64], int max) {
  char path[1200];
  snprintf(path, sizeof path, "%s/WRONG-FIXES.md", solutions);
  FILE *f = fopen(path, "r");
  cr_assert(f, "no %s", path);
  char line[4096];
  int n = 0;
  while (n < max && fgets(line, sizeof line, f)) {
    if (line[0] != '|') continue;
    char *file = NULL, *verdict = NULL, *save;
    for (char *cell = strtok_r(line, "|", &save); cell; cell = strtok_r(NULL, "|", &save)) {
      while (*cell == ' ' || *cell == '`') cell++;
      char *end = cell + strlen(cell);
      while (end > cell && (end[-1] == ' ' || end[-1] == '`' || end[-1] == '\n')) *--end = '\0';
      size_t len = strlen(cell);
      if (!file && len > 2 && strcmp(cell + len - 2, ".c") == 0 && !strchr(cell, ' ')) file = cell;
      else if (file && !verdict && (grade_verdict_id_known(cell) || strcmp(cell, "no-progress") == 0 ||
                                    strcmp(cell, "exit-code") == 0 || strcmp(cell, "host-unfinished") == 0 ||
                                    strcmp(cell, "memory-limit") == 0))
        verdict = cell;
    }
    if (!file) continue;
    cr_assert(verdict, "%s: the row of %s lists no verdict id", path, file);
    snprintf(files[n], 1400, "%s/%s", solutions, file);
    snprintf(verdicts[n], 64, "%s", verdict);
    n++;
  }
  fclose(f);
  cr_assert_gt(n, 0, "%s lists no wrong fix", path);
  return n;
}

ParameterizedTestParameters(accuracy, each_wrong_fix_scores_below_full_marks_with_its_verdict) { return table(); }
ParameterizedTest(exercise_row *row, accuracy, each_wrong_fix_scores_below_full_marks_with_its_verdict) {
  grade_manifest m = manifest_of(row);
  static char files[32][1400], verdicts[32][64];
  int n = wrong_fixes(row->solutions, files, verdicts, 32);
  for (int k = 0; k < n; k++) {
    jval *r = grade(row, files[k]);
    cr_expect_lt(json_get(r, "score")->n, m.points_max, "%s scores full marks", files[k]);
    const jval *list = json_get(r, "scenarios");
    bool seen = false;
    for (int i = 0; i < list->n_items; i++)
      if (!json_get(list->items[i], "passed")->b && strcmp(json_get(list->items[i], "verdict")->s, verdicts[k]) == 0)
        seen = true;
    cr_expect(seen, "%s: no failing scenario has the verdict %s that WRONG-FIXES.md lists", files[k], verdicts[k]);
    json_free(r);
  }
  grade_manifest_free(&m);
}
