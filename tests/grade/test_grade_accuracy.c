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
    snprintf(rows[n].exercise, sizeof rows[n].exercise, "%s%s%s", a[0] == '/' ? "" : LOADERLAB_SOURCE_DIR,
             a[0] == '/' ? "" : "/", a);
    snprintf(rows[n].solutions, sizeof rows[n].solutions, "%s%s%s", b[0] == '/' ? "" : LOADERLAB_SOURCE_DIR,
             b[0] == '/' ? "" : "/", b);
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

/* A verdict as WRONG-FIXES.md may write it: an id (access-violation,
 * no-progress) or the simulator's name for it (access violation). */
static const char *verdict_id(const char *word) {
  static const char *const grader_ids[] = {"no-progress", "exit-code", "host-unfinished", "memory-limit", NULL};
  if (grade_verdict_id_known(word)) return word;
  for (int i = 0; grader_ids[i]; i++)
    if (strcmp(word, grader_ids[i]) == 0) return grader_ids[i];
  for (int k = 0; k < SIM_VERDICT_COUNT; k++)
    if (strcmp(word, sim_verdict_name((sim_verdict_kind)k)) == 0) return sim_verdict_id((sim_verdict_kind)k);
  return NULL;
}

#define VERDICTS_MAX 4

typedef struct wrong_fix {
  char file[1400];
  char verdicts[VERDICTS_MAX][64];
  int n_verdicts;
} wrong_fix;

static char *trim(char *s) {
  while (*s == ' ' || *s == '`') s++;
  char *end = s + strlen(s);
  while (end > s && (end[-1] == ' ' || end[-1] == '`' || end[-1] == '\n' || end[-1] == '.' || end[-1] == ':'))
    *--end = '\0';
  return s;
}

/* The wrong fixes WRONG-FIXES.md lists, in either of two layouts:
 * - table rows: the first cell naming a .c file, and the first cell after
 *   it that is a verdict;
 * - sections: a line "File: `wrong-x.c`...", then lines "# verdict: NAME"
 *   (in the commands' blocks) until the next "## " heading. */
static int wrong_fixes(const char *solutions, wrong_fix *out, int max) {
  char path[1200];
  snprintf(path, sizeof path, "%s/WRONG-FIXES.md", solutions);
  FILE *f = fopen(path, "r");
  cr_assert(f, "no %s", path);
  char line[4096];
  int n = 0;
  wrong_fix *open = NULL;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "## ", 3) == 0) open = NULL;
    if (strncmp(line, "File: `", 7) == 0 && n < max) {
      char *end = strchr(line + 7, '`');
      cr_assert(end, "%s: a File: line without its closing backquote", path);
      *end = '\0';
      open = &out[n++];
      memset(open, 0, sizeof *open);
      snprintf(open->file, sizeof open->file, "%s/%.255s", solutions, line + 7);
      continue;
    }
    if (open && strncmp(line, "# verdict: ", 11) == 0 && open->n_verdicts < VERDICTS_MAX) {
      const char *id = verdict_id(trim(line + 11));
      cr_assert(id, "%s: \"%s\" is not a verdict", path, trim(line + 11));
      snprintf(open->verdicts[open->n_verdicts++], 64, "%s", id);
      continue;
    }
    if (line[0] != '|' || n == max) continue;
    char *file = NULL;
    const char *verdict = NULL;
    char *save;
    for (char *cell = strtok_r(line, "|", &save); cell; cell = strtok_r(NULL, "|", &save)) {
      cell = trim(cell);
      size_t len = strlen(cell);
      if (!file && len > 2 && strcmp(cell + len - 2, ".c") == 0 && !strchr(cell, ' ')) file = cell;
      else if (file && !verdict) verdict = verdict_id(cell);
    }
    if (!file) continue;
    cr_assert(verdict, "%s: the row of %s lists no verdict", path, file);
    memset(&out[n], 0, sizeof out[n]);
    snprintf(out[n].file, sizeof out[n].file, "%s/%.255s", solutions, file);
    snprintf(out[n].verdicts[0], 64, "%s", verdict);
    out[n++].n_verdicts = 1;
  }
  fclose(f);
  cr_assert_gt(n, 0, "%s lists no wrong fix", path);
  for (int i = 0; i < n; i++) cr_assert_gt(out[i].n_verdicts, 0, "%s: %s lists no verdict", path, out[i].file);
  return n;
}

ParameterizedTestParameters(accuracy, each_wrong_fix_scores_below_full_marks_with_its_verdict) { return table(); }
/* A wrong fix may list several verdicts (one per command it shows, with
 * settings of its own); grading with the manifest's settings must fail
 * with at least one of them. */
ParameterizedTest(exercise_row *row, accuracy, each_wrong_fix_scores_below_full_marks_with_its_verdict) {
  grade_manifest m = manifest_of(row);
  static wrong_fix fixes[32];
  int n = wrong_fixes(row->solutions, fixes, 32);
  for (int k = 0; k < n; k++) {
    jval *r = grade(row, fixes[k].file);
    cr_expect_lt(json_get(r, "score")->n, m.points_max, "%s scores full marks", fixes[k].file);
    const jval *list = json_get(r, "scenarios");
    bool seen = false;
    for (int i = 0; i < list->n_items; i++)
      for (int v = 0; v < fixes[k].n_verdicts; v++)
        if (!json_get(list->items[i], "passed")->b &&
            strcmp(json_get(list->items[i], "verdict")->s, fixes[k].verdicts[v]) == 0)
          seen = true;
    cr_expect(seen, "%s: no failing scenario has a verdict WRONG-FIXES.md lists (%s)", fixes[k].file,
              fixes[k].verdicts[0]);
    json_free(r);
  }
  grade_manifest_free(&m);
}
