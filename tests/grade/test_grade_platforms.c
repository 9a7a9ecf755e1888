/* The platform setups in docs/grading.md, run as far as this machine
 * allows: the commands are read out of the page itself (the blocks marked
 * "tested"), so the page and the tests cannot drift apart.
 *
 * - GitHub Classroom: the workflow's grade step runs with GITHUB_OUTPUT
 *   pointing at a file, as the runner does; its `result` output is decoded
 *   and added up as the grading reporter adds it (NotifyClassroom: the
 *   tests' scores over max_score), into the Points line Classroom reads.
 * - PrairieLearn: tests/grade.sh runs against a /grade laid out as the
 *   external grader lays it out (student/, tests/), and results.json is
 *   read back.
 * (Gradescope's zip is test_grade_autograder.c's.) */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grade_helpers.h"

#define EXERCISE GRADE_TESTS_DIR "/00-driver-unload"
#define DOCS LOADERLAB_SOURCE_DIR "/docs/grading.md"

/* The first fenced block after the marker line, without its fences. */
static char *block_after(const char *marker) {
  char *page = slurp(DOCS, NULL);
  char *at = strstr(page, marker);
  cr_assert(at, "docs/grading.md has no \"%s\"", marker);
  char *open = strstr(at, "```");
  cr_assert(open);
  char *body = strchr(open, '\n') + 1;
  char *close = strstr(body, "\n```");
  cr_assert(close);
  char *text = strndup(body, (size_t)(close - body + 1));
  free(page);
  return text;
}

static char *replace_all(const char *text, const char *from, const char *to) {
  size_t nf = strlen(from), nt = strlen(to), n = 0;
  for (const char *p = strstr(text, from); p; p = strstr(p + nf, from)) n++;
  char *out = malloc(strlen(text) + n * nt + 1), *o = out;
  for (const char *p = text; *p;) {
    if (strncmp(p, from, nf) == 0) {
      memcpy(o, to, nt);
      o += nt;
      p += nf;
    } else {
      *o++ = *p++;
    }
  }
  *o = '\0';
  return out;
}

/* The exercise the page names, swapped for the grader's test fixture. */
static char *for_fixture(const char *script) {
  char *a = replace_all(script, "exercises/01-static-runtime/driver.c", EXERCISE "/driver.c");
  char *b = replace_all(a, "01-static-runtime", EXERCISE);
  free(a);
  return b;
}

/* A folder with `loaderlab` in it, for PATH. */
static char *bin_dir(void) {
  char *dir = test_dir("bin"), path[4200];
  snprintf(path, sizeof path, "%s/loaderlab", dir);
  cr_assert_eq(symlink(LOADERLAB_BIN, path), 0);
  return dir;
}

/* Runs a step's script in `dir`, as the runner runs it in its checkout. */
static run_result run_script(const char *dir, const char *script, const char *const *env) {
  char *in_dir;
  if (asprintf(&in_dir, "cd '%s'\n%s", dir, script) < 0) abort();
  char *file = test_file(dir, "step.sh", in_dir, strlen(in_dir));
  free(in_dir);
  const char *argv[] = {"/bin/sh", "-e", file, NULL};
  run_result r = run_program(dir, 300, argv, env);
  free(file);
  return r;
}

static int b64(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  return c == '+' ? 62 : c == '/' ? 63 : -1;
}

static char *base64_decode(const char *s, size_t *len) {
  char *out = malloc(strlen(s) + 1);
  size_t n = 0;
  unsigned acc = 0;
  int bits = 0;
  for (; *s && *s != '\n'; s++) {
    if (*s == '=') break;
    int v = b64(*s);
    cr_assert_geq(v, 0, "not base64: %c", *s);
    acc = acc << 6 | (unsigned)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (char)(acc >> bits & 0xFF);
    }
  }
  out[n] = '\0';
  *len = n;
  return out;
}

Test(platforms, the_classroom_workflows_grade_step_gives_the_reporter_its_points) {
  char *yaml = block_after("<!-- tested: classroom-workflow");
  /* The `run: |` block of the step with `id: loaderlab`. */
  char *step = strstr(yaml, "id: loaderlab");
  cr_assert(step, "no step with id loaderlab");
  char *run = strstr(step, "run: |");
  cr_assert(run);
  int indent = 0;
  for (char *p = run; p > yaml && p[-1] == ' '; p--) indent++;
  struct strbuf_like {
    char *s;
    size_t n;
  } script = {calloc(1, strlen(run) + 1), 0};
  for (char *line = strchr(run, '\n') + 1; *line;) {
    char *nl = strchr(line, '\n');
    size_t len = nl ? (size_t)(nl - line) : strlen(line);
    int spaces = 0;
    while (spaces < (int)len && line[spaces] == ' ') spaces++;
    if (len && spaces <= indent) break;
    if (len > (size_t)spaces) {
      memcpy(script.s + script.n, line + spaces, len - (size_t)spaces);
      script.n += len - (size_t)spaces;
    }
    script.s[script.n++] = '\n';
    line = nl ? nl + 1 : line + len;
  }
  char *fixed = for_fixture(script.s);
  char *dir = test_dir("classroom"), *bin = bin_dir(), out_file[4200], env_out[4300], env_path[8400];
  snprintf(out_file, sizeof out_file, "%s/github-output", dir);
  snprintf(env_out, sizeof env_out, "GITHUB_OUTPUT=%s", out_file);
  snprintf(env_path, sizeof env_path, "PATH=%s:%s", bin, getenv("PATH"));
  const char *env[] = {env_out, env_path, NULL};
  run_result r = run_script(dir, fixed, env);
  cr_assert_eq(r.status, 0, "the grade step failed:\n%s%s", r.out, r.err);
  run_result_free(&r);
  char *output = slurp(out_file, NULL);
  cr_assert(strncmp(output, "result=", 7) == 0, "%s", output);
  size_t len;
  char *json = base64_decode(output + 7, &len);
  char err[200];
  jval *v = json_parse(json, len, err, sizeof err);
  cr_assert(v, "the runner's result is not JSON: %s", err);
  double total = 0, max = json_get(v, "max_score")->n;
  const jval *tests = json_get(v, "tests");
  for (int i = 0; i < tests->n_items; i++) total += json_get(tests->items[i], "score")->n;
  char points[64];
  snprintf(points, sizeof points, "Points %.0f/%.0f", total, max);
  cr_assert_str_eq(points, "Points 30/100", "the buggy driver of the fixture scores 30 of 100");
  json_free(v);
  free(json);
  free(output);
  free(fixed);
  free(script.s);
  free(yaml);
  remove_dir(bin);
  remove_dir(dir);
  free(bin);
  free(dir);
}

Test(platforms, the_prairielearn_entry_point_writes_results_json) {
  char *script = block_after("<!-- tested: prairielearn-entrypoint");
  char *root = test_dir("prairielearn"), grade[4200], path[4400];
  chmod(root, 0755);
  snprintf(grade, sizeof grade, "%s/grade", root);
  /* Paths into /grade first (the fixture's own path holds "/grade"). */
  char from_root[4300];
  snprintf(from_root, sizeof from_root, " %s/", grade);
  char *a = replace_all(script, " /grade/", from_root), *fixed = for_fixture(a);
  free(a);
  /* /grade as PrairieLearn lays it out: the student's file, the question's
   * tests/ with the hidden scenarios. */
  mkdir(grade, 0755);
  snprintf(path, sizeof path, "%s/student", grade);
  mkdir(path, 0755);
  size_t len;
  char *buggy = slurp(EXERCISE "/driver.c", &len);
  free(test_file(path, "driver.c", buggy, len));
  snprintf(path, sizeof path, "%s/tests", grade);
  mkdir(path, 0755);
  char *hidden = private_hidden(), to[4400];
  snprintf(to, sizeof to, "%s/tests/hidden", grade);
  cr_assert_eq(rename(hidden, to), 0);
  char *bin = bin_dir(), env_path[8400];
  snprintf(env_path, sizeof env_path, "PATH=%s:%s", bin, getenv("PATH"));
  const char *env[] = {env_path, NULL};
  char *tmp = test_dir("tmp");
  char *file = test_file(tmp, "grade.sh", fixed, strlen(fixed));
  const char *argv[] = {"/bin/sh", "-e", file, NULL};
  run_result r = run_program(tmp, 300, argv, env);
  cr_assert_eq(r.status, 0, "tests/grade.sh failed:\n%s%s", r.out, r.err);
  run_result_free(&r);
  snprintf(path, sizeof path, "%s/results/results.json", grade);
  char *results = slurp(path, &len);
  char err[200];
  jval *v = json_parse(results, len, err, sizeof err);
  cr_assert(v, "results.json: %s", err);
  cr_assert(json_get(v, "gradable")->b);
  cr_assert_float_eq(json_get(v, "score")->n, 30.0 / 120, 1e-6);
  cr_assert_null(strstr(results, "SECRET-7f3a9c"));
  json_free(v);
  free(results);
  free(file);
  free(buggy);
  free(fixed);
  free(script);
  free(hidden);
  remove_dir(tmp);
  remove_dir(bin);
  remove_dir(root);
  free(tmp);
  free(bin);
  free(root);
}
