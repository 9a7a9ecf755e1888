/* The JSON reports: loaderlab's own, and the three course platforms'.
 *
 * Gradescope results.json (gradescope-autograders.readthedocs.io, "specs"):
 *   top level score, execution_time (seconds), output, output_format,
 *   test_output_format, tests[]; each test name, score, max_score, status
 *   ("passed"/"failed"), output, visibility.
 * PrairieLearn results.json (PrairieLearn docs, "External grading"):
 *   gradable, score in [0, 1], message, output, tests[] with name,
 *   description, points, max_points, message, output.
 * GitHub Classroom: the result a runner step hands to the grading reporter
 *   (classroom-resources/autograding-grading-reporter), version 1: status
 *   ("pass"/"fail"/"error"), max_score, tests[] with name, status, score,
 *   message, test_code, filename, line_no, duration.  The reporter adds
 *   up tests[].score and max_score into the "Points X/Y" Classroom reads.
 */
#include <inttypes.h>
#include <string.h>

#include "grade_internal.h"

static void key(struct strbuf *b, const char *k) {
  grade_json_string(b, k);
  strbuf_puts(b, ": ");
}

static void str_field(struct strbuf *b, const char *k, const char *v, bool last) {
  key(b, k);
  if (v) grade_json_string(b, v);
  else strbuf_puts(b, "null");
  strbuf_puts(b, last ? "" : ", ");
}

static const char *status_id(const grade_submission *s) {
  switch (s->status) {
  case GRADE_SUB_COMPILE_ERROR: return "compile-error";
  case GRADE_SUB_NOT_FOUND: return "not-found";
  case GRADE_SUB_ERROR: return "error";
  default: return "graded";
  }
}

static const char *strategy_id(sim_strategy_kind k) {
  return k == SIM_STRATEGY_PCT ? "pct" : k == SIM_STRATEGY_DFS ? "dfs" : "random";
}

/* The text of one scenario for a platform's per-test output. */
static void scenario_text(const grade_scenario *sc, const grade_outcome *o, const grade_submission *s,
                          struct strbuf *t) {
  bool show = grade_details_visible(sc) && s->status == GRADE_SUB_GRADED;
  if (o->passed) strbuf_printf(t, "passed%s%s\n", show && o->coverage ? ": " : "", show && o->coverage ? o->coverage : "");
  else strbuf_printf(t, "failed: %s\n", grade_verdict_name(o->verdict));
  if (!show || o->passed) return;
  strbuf_printf(t, "%s\n", o->details && *o->details ? o->details : o->message ? o->message : "");
  if (o->counterexample && *o->counterexample)
    strbuf_printf(t, "\ncounterexample (schedule %s, %d preemption%s):\n%s\n", o->schedule ? o->schedule : "?",
                  o->preemptions, o->preemptions == 1 ? "" : "s", o->counterexample);
  if (o->replay) strbuf_printf(t, "\nreplay it step by step with:\n  %s\n", o->replay);
}

static void summary_text(const grade_manifest *m, const grade_submission *s, struct strbuf *t) {
  strbuf_printf(t, "Points %d/%d\n", s->score, m->points_max);
  if (s->status == GRADE_SUB_COMPILE_ERROR)
    strbuf_printf(t, "%s did not compile:\n%s", s->file ? s->file : "the submission", s->message ? s->message : "");
  else if (s->status != GRADE_SUB_GRADED)
    strbuf_printf(t, "not graded: %s\n", s->message ? s->message : "");
}

static void loaderlab_json(const grade_manifest *m, const grade_submission *s, struct strbuf *b) {
  strbuf_puts(b, "{\n  \"format\": \"loaderlab-grade\",\n  \"version\": 1,\n  ");
  str_field(b, "exercise", m->exercise, false);
  str_field(b, "submission", s->file, false);
  if (s->student) str_field(b, "student", s->student, false);
  str_field(b, "status", status_id(s), false);
  strbuf_printf(b, "\"score\": %d, \"max_score\": %d,\n  ", s->score, m->points_max);
  str_field(b, "message", s->status == GRADE_SUB_GRADED ? NULL : s->message, true);
  strbuf_puts(b, ",\n  \"scenarios\": [");
  for (int i = 0; i < m->n_scenarios; i++) {
    const grade_scenario *sc = &m->scenarios[i];
    const grade_outcome *o = &s->outcomes[i];
    strbuf_puts(b, i ? ",\n    {" : "\n    {");
    str_field(b, "name", sc->name, false);
    str_field(b, "visibility", sc->hidden ? "hidden" : "public", false);
    strbuf_printf(b, "\"points\": %d, \"max_points\": %d, \"passed\": %s, ", o->passed ? sc->points : 0, sc->points,
                  o->passed ? "true" : "false");
    str_field(b, "verdict", o->verdict, false);
    str_field(b, "verdict_name", grade_verdict_name(o->verdict), true);
    if (grade_details_visible(sc) && s->status == GRADE_SUB_GRADED) {
      strbuf_puts(b, ",\n     ");
      str_field(b, "message", o->message, false);
      strbuf_puts(b, "\"search\": {");
      str_field(b, "strategy", strategy_id(sc->strategy), false);
      if (sc->strategy == SIM_STRATEGY_DFS) strbuf_printf(b, "\"bound\": %d, ", sc->bound);
      else strbuf_printf(b, "\"seed\": %" PRIu64 ", ", sc->seed);
      if (sc->strategy == SIM_STRATEGY_PCT) strbuf_printf(b, "\"depth\": %d, ", sc->depth);
      strbuf_printf(b, "\"schedules\": %" PRIu64 ", \"exhaustive\": %s, ", o->schedules,
                    o->exhaustive ? "true" : "false");
      str_field(b, "summary", o->coverage, true);
      strbuf_puts(b, "},\n     ");
      str_field(b, "progress", sc->progress, false);
      str_field(b, "details", o->details, false);
      strbuf_puts(b, "\n     ");
      str_field(b, "counterexample", o->counterexample, false);
      strbuf_puts(b, "\n     ");
      str_field(b, "schedule", o->schedule, false);
      strbuf_printf(b, "\"preemptions\": %d, ", o->schedule ? o->preemptions : 0);
      str_field(b, "replay", o->replay, true);
    }
    strbuf_puts(b, "}");
  }
  strbuf_puts(b, "\n  ]\n}\n");
}

static void gradescope_json(const grade_manifest *m, const grade_submission *s, struct strbuf *b) {
  struct strbuf t = {0};
  summary_text(m, s, &t);
  strbuf_printf(b, "{\n  \"score\": %d,\n  \"execution_time\": %.0f,\n  ", s->score, s->seconds + 0.5);
  str_field(b, "output", strbuf_str(&t), false);
  strbuf_puts(b, "\n  \"output_format\": \"text\",\n  \"test_output_format\": \"text\",\n  \"tests\": [");
  for (int i = 0; i < m->n_scenarios; i++) {
    const grade_scenario *sc = &m->scenarios[i];
    const grade_outcome *o = &s->outcomes[i];
    strbuf_reset(&t);
    scenario_text(sc, o, s, &t);
    strbuf_puts(b, i ? ",\n    {" : "\n    {");
    str_field(b, "name", sc->name, false);
    strbuf_printf(b, "\"score\": %d, \"max_score\": %d, ", o->passed ? sc->points : 0, sc->points);
    str_field(b, "status", o->passed ? "passed" : "failed", false);
    /* Hidden scenarios stay visible, with their name and verdict only. */
    str_field(b, "visibility", "visible", false);
    str_field(b, "output", strbuf_str(&t), true);
    strbuf_puts(b, "}");
  }
  strbuf_puts(b, "\n  ]\n}\n");
  strbuf_free(&t);
}

static void prairielearn_json(const grade_manifest *m, const grade_submission *s, struct strbuf *b) {
  struct strbuf t = {0};
  summary_text(m, s, &t);
  double score = m->points_max ? (double)s->score / m->points_max : 0.0;
  strbuf_printf(b, "{\n  \"gradable\": true,\n  \"score\": %.6g,\n  ", score);
  str_field(b, "message", strbuf_str(&t), false);
  strbuf_reset(&t);
  grade_report(GRADE_FORMAT_TEXT, m, s, &t);
  strbuf_puts(b, "\n  ");
  str_field(b, "output", strbuf_str(&t), false);
  strbuf_puts(b, "\n  \"tests\": [");
  for (int i = 0; i < m->n_scenarios; i++) {
    const grade_scenario *sc = &m->scenarios[i];
    const grade_outcome *o = &s->outcomes[i];
    strbuf_reset(&t);
    scenario_text(sc, o, s, &t);
    struct strbuf d = {0};
    strbuf_printf(&d, "%s scenario, %s search", sc->hidden ? "hidden" : "public", strategy_id(sc->strategy));
    strbuf_puts(b, i ? ",\n    {" : "\n    {");
    str_field(b, "name", sc->name, false);
    str_field(b, "description", strbuf_str(&d), false);
    strbuf_printf(b, "\"points\": %d, \"max_points\": %d, ", o->passed ? sc->points : 0, sc->points);
    str_field(b, "message", o->passed ? "passed" : grade_verdict_name(o->verdict), false);
    str_field(b, "output", strbuf_str(&t), true);
    strbuf_puts(b, "}");
    strbuf_free(&d);
  }
  strbuf_puts(b, "\n  ]\n}\n");
  strbuf_free(&t);
}

static void classroom_json(const grade_manifest *m, const grade_submission *s, struct strbuf *b) {
  struct strbuf t = {0}, code = {0};
  bool all = s->score == m->points_max && s->status == GRADE_SUB_GRADED;
  strbuf_printf(&code, "loaderlab grade %s %s", m->exercise, s->file ? s->file : "");
  strbuf_printf(b, "{\"version\": 1, \"status\": \"%s\", \"max_score\": %d, \"tests\": [", all ? "pass" : "fail",
                m->points_max);
  for (int i = 0; i < m->n_scenarios; i++) {
    const grade_scenario *sc = &m->scenarios[i];
    const grade_outcome *o = &s->outcomes[i];
    strbuf_reset(&t);
    scenario_text(sc, o, s, &t);
    strbuf_puts(b, i ? ",\n  {" : "\n  {");
    str_field(b, "name", sc->name, false);
    str_field(b, "status", o->passed ? "pass" : "fail", false);
    strbuf_printf(b, "\"score\": %d, ", o->passed ? sc->points : 0);
    str_field(b, "message", strbuf_str(&t), false);
    str_field(b, "test_code", strbuf_str(&code), false);
    strbuf_puts(b, "\"filename\": \"\", \"line_no\": 0, \"duration\": 0}");
  }
  strbuf_puts(b, "\n]}\n");
  strbuf_free(&t);
  strbuf_free(&code);
}

void grade_report_json(grade_format f, const grade_manifest *m, const grade_submission *s, struct strbuf *out) {
  switch (f) {
  case GRADE_FORMAT_GRADESCOPE: gradescope_json(m, s, out); break;
  case GRADE_FORMAT_PRAIRIELEARN: prairielearn_json(m, s, out); break;
  case GRADE_FORMAT_CLASSROOM: classroom_json(m, s, out); break;
  default: loaderlab_json(m, s, out); break;
  }
}
