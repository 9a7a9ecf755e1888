/* Every report format, checked against what its platform publishes.  The
 * facts each check relies on are written above it, with their source.
 *
 * Each format is produced for three submissions of the fixture, graded
 * with its hidden scenarios: the buggy driver (passes and failures, a
 * hidden failure), the reference fix (full marks), and a syntax error
 * (a compile error).  Across all of them, a hidden scenario shows its
 * name and verdict only, and the hidden host's own text never appears. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grade_helpers.h"

#define EXERCISE GRADE_TESTS_DIR "/00-driver-unload"
#define SECRET "SECRET-7f3a9c"

enum { BUGGY, REFERENCE, SYNTAX, N_SUBMISSIONS };
static const int expected_score[N_SUBMISSIONS] = {30 + 0, 100 + 20, 0}; /* of 120 */
#define MAX_SCORE 120
#define N_SCENARIOS 4

/* Grades submission `which` in `format`; returns the report text. */
static char *report(int which, const char *format) {
  char *tmp = test_dir("formats");
  char *hidden = private_hidden();
  char *src = NULL;
  if (which == SYNTAX) {
    char *dir = test_dir("submission");
    src = test_file(dir, "driver.c", "int driver_query(const char *sql {\n", 35);
    free(dir);
  } else {
    src = strdup(which == BUGGY ? EXERCISE "/driver.c" : GRADE_TESTS_DIR "/solutions/00-driver-unload/driver.c");
  }
  const char *args[] = {"grade", EXERCISE, src, "--hidden", hidden, "--format", format, "--jobs", "2", NULL};
  run_result r = run_loaderlab(tmp, 240, args);
  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert_null(strstr(r.out, SECRET), "the hidden host's text reached a %s report", format);
  free(r.err);
  remove_dir(hidden);
  remove_dir(tmp);
  free(hidden);
  free(tmp);
  free(src);
  return r.out;
}

static jval *parse(const char *text, const char *format) {
  char err[200];
  jval *v = json_parse(text, strlen(text), err, sizeof err);
  cr_assert(v, "the %s report is not one JSON document (%s):\n%s", format, err, text);
  return v;
}

static const jval *field(const jval *obj, const char *key, jtype t) {
  const jval *v = json_get(obj, key);
  cr_assert(v, "no \"%s\"", key);
  cr_assert_eq(v->t, t, "\"%s\" has the wrong type", key);
  return v;
}

static void keys_within(const jval *obj, const char *const *allowed, const char *what) {
  const char *unknown = NULL;
  cr_assert(json_keys_within(obj, allowed, &unknown), "%s has a field the platform does not document: %s", what,
            unknown);
}

static bool one_of(const char *s, const char *const *list) {
  for (; *list; list++)
    if (strcmp(s, *list) == 0) return true;
  return false;
}

/* Gradescope results.json ("Autograder Specifications",
 * gradescope-autograders.readthedocs.io/en/latest/specs/):
 * - top level: score (number; overrides the sum of the tests),
 *   execution_time (seconds), output (text), output_format,
 *   test_output_format and test_name_format (text, html, simple_format,
 *   md, ansi), visibility, stdout_visibility, extra_data, tests,
 *   leaderboard;
 * - each test: score, max_score, status ("passed" or "failed"), name,
 *   name_format, number, output, output_format, tags, visibility
 *   (hidden, after_due_date, after_published, visible), extra_data. */
Test(formats, gradescope_results_json_has_the_documented_fields_and_adds_up) {
  static const char *const top[] = {"score", "execution_time", "output", "output_format", "test_output_format",
                                    "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests",
                                    "leaderboard", NULL};
  static const char *const test_keys[] = {"score", "max_score", "status", "name", "name_format", "number", "output",
                                          "output_format", "tags", "visibility", "extra_data", NULL};
  static const char *const text_formats[] = {"text", "html", "simple_format", "md", "ansi", NULL};
  static const char *const visibilities[] = {"hidden", "after_due_date", "after_published", "visible", NULL};
  for (int which = 0; which < N_SUBMISSIONS; which++) {
    char *text = report(which, "gradescope");
    jval *r = parse(text, "gradescope");
    keys_within(r, top, "results.json");
    double score = field(r, "score", J_NUM)->n;
    cr_assert_eq(score, expected_score[which]);
    cr_assert(field(r, "execution_time", J_NUM)->n >= 0);
    cr_assert(strstr(field(r, "output", J_STR)->s, "Points "));
    cr_assert(one_of(field(r, "output_format", J_STR)->s, text_formats));
    cr_assert(one_of(field(r, "test_output_format", J_STR)->s, text_formats));
    const jval *tests = field(r, "tests", J_ARR);
    cr_assert_eq(tests->n_items, N_SCENARIOS);
    double sum = 0, max = 0;
    for (int i = 0; i < tests->n_items; i++) {
      const jval *t = tests->items[i];
      keys_within(t, test_keys, "a test");
      double s = field(t, "score", J_NUM)->n, m = field(t, "max_score", J_NUM)->n;
      const char *status = field(t, "status", J_STR)->s;
      cr_assert(strcmp(status, "passed") == 0 || strcmp(status, "failed") == 0);
      cr_assert_eq(strcmp(status, "passed") == 0, s == m, "status and score disagree");
      cr_assert(one_of(field(t, "visibility", J_STR)->s, visibilities));
      field(t, "name", J_STR);
      field(t, "output", J_STR);
      sum += s;
      max += m;
    }
    cr_assert_eq(sum, score, "the top-level score overrides the tests' sum, so they must agree");
    cr_assert_eq(max, MAX_SCORE);
    json_free(r);
    free(text);
  }
}

/* PrairieLearn results.json ("External grading", PrairieLearn docs):
 * score is a number in [0.0, 1.0]; gradable a boolean; message and
 * output text; tests[] with name, description, points, max_points,
 * message, output (and images, unused); the file stays under 1 MB. */
Test(formats, prairielearn_results_json_has_a_score_between_0_and_1_and_its_tests) {
  static const char *const top[] = {"gradable", "score", "message", "output", "format_errors", "images", "tests", NULL};
  static const char *const test_keys[] = {"name", "description", "points", "max_points", "message", "output", "images",
                                          NULL};
  for (int which = 0; which < N_SUBMISSIONS; which++) {
    char *text = report(which, "prairielearn");
    cr_assert(strlen(text) < 1000000, "PrairieLearn limits results.json to 1 MB");
    jval *r = parse(text, "prairielearn");
    keys_within(r, top, "results.json");
    cr_assert(field(r, "gradable", J_BOOL)->b, "a compile error is graded, as issue 13 asks");
    double score = field(r, "score", J_NUM)->n;
    cr_assert(score >= 0 && score <= 1);
    cr_assert_float_eq(score, (double)expected_score[which] / MAX_SCORE, 1e-6);
    field(r, "message", J_STR);
    field(r, "output", J_STR);
    const jval *tests = field(r, "tests", J_ARR);
    double points = 0, max = 0;
    for (int i = 0; i < tests->n_items; i++) {
      const jval *t = tests->items[i];
      keys_within(t, test_keys, "a test");
      field(t, "name", J_STR);
      field(t, "description", J_STR);
      field(t, "message", J_STR);
      field(t, "output", J_STR);
      points += field(t, "points", J_NUM)->n;
      max += field(t, "max_points", J_NUM)->n;
    }
    cr_assert_float_eq(points / max, score, 1e-6);
    json_free(r);
    free(text);
  }
}

/* GitHub Classroom: a runner step hands its result to the grading reporter
 * (classroom-resources/autograding-grading-reporter) as base64 JSON, the
 * shape autograding-command-grader's generateResult builds: version 1,
 * status ("pass", "fail" or "error"), max_score, tests[] with name,
 * status, score, message, test_code, filename, line_no, duration.  The
 * reporter's NotifyClassroom adds max_score and every test's score and
 * writes "Points X/Y", the line Classroom reads. */
Test(formats, classroom_result_is_what_the_reporter_reads_and_adds_up_to_the_points_line) {
  static const char *const top[] = {"version", "status", "max_score", "tests", NULL};
  static const char *const test_keys[] = {"name", "status", "score", "message", "test_code", "filename", "line_no",
                                          "duration", NULL};
  static const char *const statuses[] = {"pass", "fail", "error", NULL};
  for (int which = 0; which < N_SUBMISSIONS; which++) {
    char *text = report(which, "classroom");
    jval *r = parse(text, "classroom");
    keys_within(r, top, "the runner result");
    cr_assert_eq(field(r, "version", J_NUM)->n, 1);
    cr_assert(one_of(field(r, "status", J_STR)->s, statuses));
    double max = field(r, "max_score", J_NUM)->n, total = 0;
    const jval *tests = field(r, "tests", J_ARR);
    for (int i = 0; i < tests->n_items; i++) {
      const jval *t = tests->items[i];
      keys_within(t, test_keys, "a test");
      cr_assert(one_of(field(t, "status", J_STR)->s, statuses));
      field(t, "name", J_STR);
      field(t, "message", J_STR);
      field(t, "test_code", J_STR);
      field(t, "filename", J_STR);
      field(t, "line_no", J_NUM);
      field(t, "duration", J_NUM);
      total += field(t, "score", J_NUM)->n;
    }
    /* The reporter's line, and the text report's first line, agree. */
    char points[64];
    snprintf(points, sizeof points, "Points %.0f/%.0f\n", total, max);
    char *plain = report(which, "text");
    cr_assert(strncmp(plain, points, strlen(points)) == 0, "reporter: %s, text report: %.40s", points, plain);
    cr_assert_eq(strcmp(field(r, "status", J_STR)->s, "pass") == 0, total == max);
    free(plain);
    json_free(r);
    free(text);
  }
}

/* ---- JUnit XML ------------------------------------------------------------------------- */

/* A small XML reader: elements, attributes, text and the five entities
 * plus numeric references; anything else is an error. */
typedef struct xnode {
  char name[64];
  char *attr_names[16], *attr_values[16];
  int n_attrs;
  struct xnode *kids[256];
  int n_kids;
  char *text;
} xnode;

static const char *xp;

static void xskip(void) {
  while (*xp == ' ' || *xp == '\n' || *xp == '\t' || *xp == '\r') xp++;
}

static char *xtext(char stop) {
  char *out = malloc(strlen(xp) + 1);
  size_t n = 0;
  while (*xp && *xp != stop && !(stop == '<' && *xp == '<')) {
    if (*xp == '<') cr_assert_fail("'<' in an attribute value");
    if (*xp == '&') {
      const char *ents[][2] = {{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&quot;", "\""}, {"&apos;", "'"}};
      bool ok = false;
      for (int i = 0; i < 5 && !ok; i++)
        if (strncmp(xp, ents[i][0], strlen(ents[i][0])) == 0) {
          out[n++] = ents[i][1][0];
          xp += strlen(ents[i][0]);
          ok = true;
        }
      if (!ok && xp[1] == '#') {
        char *end;
        long cp = strtol(xp + 2, &end, 10);
        cr_assert(*end == ';' && (cp == 9 || cp == 10 || cp == 13 || cp >= 0x20), "a bad character reference");
        out[n++] = (char)(cp < 0x80 ? cp : '?');
        xp = end + 1;
        ok = true;
      }
      cr_assert(ok, "an unknown entity: %.10s", xp);
      continue;
    }
    unsigned char c = (unsigned char)*xp;
    cr_assert(c >= 0x20 || c == '\n' || c == '\t' || c == '\r', "a character XML 1.0 forbids");
    out[n++] = *xp++;
  }
  out[n] = '\0';
  return out;
}

static xnode *xelement(void) {
  cr_assert_eq(*xp, '<');
  xp++;
  xnode *e = calloc(1, sizeof *e);
  size_t n = 0;
  while (*xp && *xp != ' ' && *xp != '>' && *xp != '/') e->name[n++] = *xp++;
  for (;;) {
    xskip();
    if (*xp == '/' && xp[1] == '>') {
      xp += 2;
      return e;
    }
    if (*xp == '>') {
      xp++;
      break;
    }
    char name[64];
    n = 0;
    while (*xp && *xp != '=') name[n++] = *xp++;
    name[n] = '\0';
    cr_assert(xp[0] == '=' && xp[1] == '"', "attribute %s is not name=\"value\"", name);
    xp += 2;
    for (int i = 0; i < e->n_attrs; i++) cr_assert_str_neq(e->attr_names[i], name, "a repeated attribute");
    e->attr_names[e->n_attrs] = strdup(name);
    e->attr_values[e->n_attrs++] = xtext('"');
    cr_assert_eq(*xp, '"');
    xp++;
  }
  for (;;) {
    char *t = xtext('<');
    if (!e->text) e->text = t;
    else free(t);
    cr_assert(*xp, "unclosed <%s>", e->name);
    if (xp[1] == '/') {
      xp += 2;
      cr_assert(strncmp(xp, e->name, strlen(e->name)) == 0 && xp[strlen(e->name)] == '>', "mismatched </%s>", e->name);
      xp += strlen(e->name) + 1;
      return e;
    }
    e->kids[e->n_kids++] = xelement();
  }
}

static const char *xattr(const xnode *e, const char *name) {
  for (int i = 0; i < e->n_attrs; i++)
    if (strcmp(e->attr_names[i], name) == 0) return e->attr_values[i];
  return NULL;
}

static void xattrs_within(const xnode *e, const char *const *allowed, const char *const *required) {
  for (int i = 0; i < e->n_attrs; i++)
    cr_assert(one_of(e->attr_names[i], allowed), "<%s> has attribute %s, which the schema does not allow", e->name,
              e->attr_names[i]);
  for (; required && *required; required++)
    cr_assert(xattr(e, *required), "<%s> lacks the required attribute %s", e->name, *required);
}

/* JUnit XML as the Jenkins xUnit plugin's junit-10.xsd (Gregory Boissinot,
 * MIT) defines it, the schema CI systems validate against:
 * - testsuites: attributes name, time, tests, failures, errors; children
 *   testsuite only;
 * - testsuite: name, tests, failures, errors required; group, time,
 *   skipped, timestamp, hostname, id, package, file, log, url allowed;
 *   children testsuite, properties, testcase, system-out, system-err;
 * - properties: property children, each with required name and value;
 * - testcase: name required; time, classname, group allowed; children
 *   skipped, error, failure, rerun/flaky elements, system-out, system-err;
 * - failure, error, skipped: attributes type and message, text content. */
Test(formats, junit_xml_follows_the_jenkins_xunit_junit_10_schema) {
  static const char *const suites_attrs[] = {"name", "time", "tests", "failures", "errors", NULL};
  static const char *const suite_attrs[] = {"name", "tests", "failures", "errors", "group", "time", "skipped",
                                            "timestamp", "hostname", "id", "package", "file", "log", "url", NULL};
  static const char *const suite_required[] = {"name", "tests", "failures", "errors", NULL};
  static const char *const suite_kids[] = {"testsuite", "properties", "testcase", "system-out", "system-err", NULL};
  static const char *const case_attrs[] = {"name", "time", "classname", "group", NULL};
  static const char *const case_required[] = {"name", NULL};
  static const char *const case_kids[] = {"skipped", "error", "failure", "rerunFailure", "rerunError", "flakyFailure",
                                          "flakyError", "system-out", "system-err", NULL};
  static const char *const failure_attrs[] = {"type", "message", NULL};
  static const char *const property_attrs[] = {"name", "value", NULL};
  for (int which = 0; which < N_SUBMISSIONS; which++) {
    char *text = report(which, "junit");
    const char *decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    cr_assert(strncmp(text, decl, strlen(decl)) == 0, "no XML declaration");
    xp = text + strlen(decl);
    xnode *root = xelement();
    xskip();
    cr_assert_eq(*xp, '\0', "something after the root element");
    cr_assert_str_eq(root->name, "testsuites");
    xattrs_within(root, suites_attrs, NULL);
    int failures = 0, cases = 0;
    for (int i = 0; i < root->n_kids; i++) {
      xnode *suite = root->kids[i];
      cr_assert_str_eq(suite->name, "testsuite");
      xattrs_within(suite, suite_attrs, suite_required);
      int suite_cases = 0, suite_failures = 0;
      for (int k = 0; k < suite->n_kids; k++) {
        xnode *c = suite->kids[k];
        cr_assert(one_of(c->name, suite_kids), "<%s> inside <testsuite>", c->name);
        if (strcmp(c->name, "properties") == 0)
          for (int p = 0; p < c->n_kids; p++) {
            cr_assert_str_eq(c->kids[p]->name, "property");
            xattrs_within(c->kids[p], property_attrs, property_attrs);
          }
        if (strcmp(c->name, "testcase") != 0) continue;
        suite_cases++;
        xattrs_within(c, case_attrs, case_required);
        for (int f = 0; f < c->n_kids; f++) {
          cr_assert(one_of(c->kids[f]->name, case_kids), "<%s> inside <testcase>", c->kids[f]->name);
          if (strcmp(c->kids[f]->name, "failure") == 0) {
            suite_failures++;
            xattrs_within(c->kids[f], failure_attrs, NULL);
          }
        }
      }
      cr_assert_eq(atoi(xattr(suite, "tests")), suite_cases);
      cr_assert_eq(atoi(xattr(suite, "failures")), suite_failures);
      cases += suite_cases;
      failures += suite_failures;
    }
    cr_assert_eq(cases, N_SCENARIOS);
    cr_assert_eq(atoi(xattr(root, "tests")), cases);
    cr_assert_eq(atoi(xattr(root, "failures")), failures);
    free(text);
  }
}

/* TAP 14 (testanything.org/tap-version-14-specification.html):
 * - the first line is "TAP version 14";
 * - the plan "1..N" appears exactly once, before any test point (or after
 *   all), N the number of test points;
 * - a test point is "ok" or "not ok", then its id, then " - " and the
 *   description; ids lie within the plan; a "#" in a description is
 *   escaped as "\#" (and "\" as "\\"), an unescaped "# " starts a
 *   directive;
 * - a YAML diagnostic block follows a test point, indented two spaces,
 *   from "  ---" to "  ..."; other lines starting "#" are comments. */
Test(formats, tap_follows_tap_version_14) {
  for (int which = 0; which < N_SUBMISSIONS; which++) {
    char *text = report(which, "tap");
    char *save, *line = strtok_r(text, "\n", &save);
    cr_assert_str_eq(line, "TAP version 14");
    int plan = -1, points = 0, next_id = 1;
    bool in_yaml = false, after_point = false;
    while ((line = strtok_r(NULL, "\n", &save))) {
      if (in_yaml) {
        if (strcmp(line, "  ...") == 0) {
          in_yaml = false;
          continue;
        }
        cr_assert(strncmp(line, "  ", 2) == 0, "a YAML line not indented two spaces: %s", line);
        /* key: "json string" or key: number */
        const char *colon = strstr(line, ": ");
        cr_assert(colon, "not a YAML mapping line: %s", line);
        const char *value = colon + 2;
        if (*value == '"') {
          char err[100];
          jval *v = json_parse(value, strlen(value), err, sizeof err);
          cr_assert(v && v->t == J_STR, "a YAML value that is not a double-quoted scalar: %s", value);
          json_free(v);
        } else {
          char *end;
          strtol(value, &end, 10);
          cr_assert_eq(*end, '\0', "a YAML value that is neither string nor number: %s", value);
        }
        continue;
      }
      if (line[0] == '#') continue;
      if (strncmp(line, "1..", 3) == 0) {
        cr_assert_eq(plan, -1, "two plans");
        cr_assert_eq(points, 0, "the plan comes before the test points here");
        plan = atoi(line + 3);
        continue;
      }
      if (strcmp(line, "  ---") == 0) {
        cr_assert(after_point, "a YAML block that follows no test point");
        in_yaml = true;
        after_point = false;
        continue;
      }
      const char *p = line;
      if (strncmp(p, "not ok ", 7) == 0) p += 7;
      else if (strncmp(p, "ok ", 3) == 0) p += 3;
      else cr_assert_fail("a line that is not TAP: %s", line);
      char *end;
      long id = strtol(p, &end, 10);
      cr_assert_eq(id, next_id++, "test point ids out of order");
      cr_assert(id >= 1 && id <= plan, "a test point outside the plan");
      cr_assert(strncmp(end, " - ", 3) == 0, "no \" - \" before the description");
      for (const char *d = end + 3; *d; d++) {
        if (*d == '\\') {
          d++;
          continue;
        }
        cr_assert_neq(*d, '#', "an unescaped # in a description: %s", line);
      }
      points++;
      after_point = true;
    }
    cr_assert_eq(points, plan, "the plan says %d, there are %d test points", plan, points);
    cr_assert_eq(plan, N_SCENARIOS);
    free(text);
  }
}

/* loaderlab's own JSON (docs/grading.md, "The JSON report"). */
Test(formats, loaderlab_json_report_has_its_documented_fields) {
  static const char *const top[] = {"format", "version", "exercise", "submission", "student", "status", "score",
                                    "max_score", "message", "scenarios", NULL};
  static const char *const scenario_keys[] = {"name", "visibility", "points", "max_points", "passed", "verdict",
                                              "verdict_name", "message", "search", "progress", "details",
                                              "counterexample", "schedule", "preemptions", "replay", NULL};
  for (int which = 0; which < N_SUBMISSIONS; which++) {
    char *text = report(which, "json");
    jval *r = parse(text, "json");
    keys_within(r, top, "the report");
    cr_assert_str_eq(field(r, "format", J_STR)->s, "loaderlab-grade");
    cr_assert_eq(field(r, "version", J_NUM)->n, 1);
    cr_assert_eq(field(r, "score", J_NUM)->n, expected_score[which]);
    cr_assert_eq(field(r, "max_score", J_NUM)->n, MAX_SCORE);
    cr_assert_str_eq(field(r, "status", J_STR)->s, which == SYNTAX ? "compile-error" : "graded");
    const jval *list = field(r, "scenarios", J_ARR);
    for (int i = 0; i < list->n_items; i++) keys_within(list->items[i], scenario_keys, "a scenario");
    json_free(r);
    free(text);
  }
}

/* Hidden scenarios show their name and verdict only, in every format. */
Test(formats, a_hidden_scenario_shows_its_name_and_verdict_only) {
  char *json = report(BUGGY, "json");
  jval *r = parse(json, "json");
  const jval *secret = scenario_of(r, "secret-churn");
  cr_assert_str_eq(field(secret, "visibility", J_STR)->s, "hidden");
  cr_assert_str_eq(field(secret, "verdict", J_STR)->s, "access-violation");
  cr_assert_null(json_get(secret, "counterexample"));
  cr_assert_null(json_get(secret, "replay"));
  cr_assert_null(json_get(secret, "progress"), "the progress text is the instructor's");
  cr_assert_null(json_get(secret, "message"));
  json_free(r);
  free(json);
  /* Text, JUnit and TAP list the hidden scenario last: nothing after its
   * name may be a detail.  The platforms' JSON: its own tests[] entry. */
  const char *formats[] = {"text", "junit", "tap"};
  for (int i = 0; i < 3; i++) {
    char *text = report(BUGGY, formats[i]);
    const char *at = strstr(text, "secret-churn");
    cr_assert(at, "%s: the hidden scenario's name is missing", formats[i]);
    cr_assert_null(strstr(text, "hidden-00-driver-unload"), "%s: a hidden path shows", formats[i]);
    cr_assert_null(strstr(at, "replay"), "%s: a replay command shows for the hidden scenario", formats[i]);
    cr_assert_null(strstr(at, "step  thread"), "%s: a counterexample shows for the hidden scenario", formats[i]);
    free(text);
  }
  const char *platforms[] = {"gradescope", "prairielearn", "classroom"};
  const char *detail_key[] = {"output", "output", "message"};
  for (int i = 0; i < 3; i++) {
    char *text = report(BUGGY, platforms[i]);
    jval *doc = parse(text, platforms[i]);
    const jval *tests = field(doc, "tests", J_ARR);
    const jval *entry = NULL;
    for (int k = 0; k < tests->n_items; k++)
      if (strcmp(field(tests->items[k], "name", J_STR)->s, "secret-churn") == 0) entry = tests->items[k];
    cr_assert(entry, "%s: the hidden scenario's name is missing", platforms[i]);
    const char *detail = field(entry, detail_key[i], J_STR)->s;
    cr_assert_str_eq(detail, "failed: access violation\n", "%s shows more than the verdict: %s", platforms[i], detail);
    json_free(doc);
    free(text);
  }
}
