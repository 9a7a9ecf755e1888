/* Reports: the plain text a student reads and TAP 14; the dispatcher for
 * every format (the JSON ones are in format_json.c, JUnit XML in
 * format_junit.c).
 *
 * Every format says the same things: per scenario pass or fail, points,
 * the verdict, and for a visible scenario what the search covered, the
 * counterexample and the replay command.  A hidden scenario shows its name
 * and verdict only, unless its manifest line says `details shown`.
 */
#include <inttypes.h>
#include <string.h>

#include "grade_internal.h"
#include "loaderlab.h"

static const struct {
  const char *id, *name;
} grader_verdicts[] = {
#define GRADE_VERDICT_ENTRY(e, id, name) {id, name},
    GRADE_VERDICT_LIST(GRADE_VERDICT_ENTRY)
#undef GRADE_VERDICT_ENTRY
};

const char *grade_verdict_name(const char *id) {
  for (size_t i = 0; i < sizeof grader_verdicts / sizeof grader_verdicts[0]; i++)
    if (strcmp(grader_verdicts[i].id, id) == 0) return grader_verdicts[i].name;
  for (int k = 0; k < SIM_VERDICT_COUNT; k++)
    if (strcmp(sim_verdict_id((sim_verdict_kind)k), id) == 0) return sim_verdict_name((sim_verdict_kind)k);
  return id;
}

bool grade_format_parse(const char *name, grade_format *f) {
  static const struct {
    const char *name;
    grade_format f;
  } formats[] = {
      {"text", GRADE_FORMAT_TEXT},
      {"json", GRADE_FORMAT_JSON},
      {"gradescope", GRADE_FORMAT_GRADESCOPE},
      {"prairielearn", GRADE_FORMAT_PRAIRIELEARN},
      {"classroom", GRADE_FORMAT_CLASSROOM},
      {"junit", GRADE_FORMAT_JUNIT},
      {"tap", GRADE_FORMAT_TAP},
  };
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
    if (strcmp(name, formats[i].name) == 0) {
      *f = formats[i].f;
      return true;
    }
  return false;
}

const char *grade_format_extension(grade_format f) {
  switch (f) {
  case GRADE_FORMAT_JUNIT: return "xml";
  case GRADE_FORMAT_TAP: return "tap";
  case GRADE_FORMAT_TEXT: return "txt";
  default: return "json";
  }
}

bool grade_details_visible(const grade_scenario *sc) { return !sc->hidden || sc->details_shown; }

void grade_report_json(grade_format f, const grade_manifest *m, const grade_submission *s, struct strbuf *out);
void grade_report_junit(const grade_manifest *m, const grade_submission *s, struct strbuf *out);

/* Appends text with every line indented. */
static void indented(struct strbuf *out, const char *indent, const char *text) {
  const char *p = text;
  while (p && *p) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    strbuf_printf(out, "%s%.*s\n", indent, (int)n, p);
    p += n + (nl ? 1 : 0);
  }
}

static const char *status_line(const grade_submission *s) {
  switch (s->status) {
  case GRADE_SUB_COMPILE_ERROR: return "did not compile";
  case GRADE_SUB_NOT_FOUND: return "no submission found";
  case GRADE_SUB_ERROR: return "could not be graded";
  default: return NULL;
  }
}

static void report_text(const grade_manifest *m, const grade_submission *s, struct strbuf *out) {
  strbuf_printf(out, "Points %d/%d\n", s->score, m->points_max);
  strbuf_printf(out, "loaderlab grade: exercise %s, submission %s%s%s\n", m->exercise,
                s->file ? s->file : "(none)", s->student ? ", student " : "", s->student ? s->student : "");
  if (status_line(s)) {
    if (s->status == GRADE_SUB_NOT_FOUND) strbuf_printf(out, "\n%s:\n", status_line(s));
    else strbuf_printf(out, "\n%s %s:\n", s->file ? s->file : "the submission", status_line(s));
    indented(out, "  ", s->message ? s->message : "");
  }
  for (int i = 0; i < m->n_scenarios; i++) {
    const grade_scenario *sc = &m->scenarios[i];
    const grade_outcome *o = &s->outcomes[i];
    bool show = grade_details_visible(sc);
    strbuf_printf(out, "\n%s %s: %d/%d", o->passed ? "PASS" : "FAIL", sc->name, o->passed ? sc->points : 0,
                  sc->points);
    if (!o->passed) strbuf_printf(out, ", %s", grade_verdict_name(o->verdict));
    strbuf_puts(out, sc->hidden ? " (hidden scenario)\n" : "\n");
    if (!show || s->status != GRADE_SUB_GRADED) continue;
    if (o->passed) {
      indented(out, "  ", o->coverage);
      continue;
    }
    if (o->details && *o->details) indented(out, "  ", o->details);
    else indented(out, "  ", o->message);
    if (o->counterexample && *o->counterexample) {
      strbuf_printf(out, "  counterexample (%s; schedule %s, %d preemption%s):\n", o->coverage ? o->coverage : "",
                    o->schedule ? o->schedule : "?", o->preemptions, o->preemptions == 1 ? "" : "s");
      indented(out, "    ", o->counterexample);
    }
    if (o->replay) strbuf_printf(out, "  replay it step by step with:\n    %s\n", o->replay);
  }
}

/* TAP 14: escapes # and \ in a description (the specification's
 * "Escaping" section). */
static void tap_description(struct strbuf *out, const char *s) {
  for (; *s; s++) {
    if (*s == '#' || *s == '\\') strbuf_append(out, "\\", 1);
    if (*s == '\n') strbuf_append(out, " ", 1);
    else strbuf_append(out, s, 1);
  }
}

/* A YAML diagnostic entry: a JSON string is a valid YAML 1.2 double-quoted
 * scalar. */
static void tap_yaml(struct strbuf *out, const char *key, const char *value) {
  if (!value) return;
  strbuf_printf(out, "  %s: ", key);
  grade_json_string(out, value);
  strbuf_puts(out, "\n");
}

static void report_tap(const grade_manifest *m, const grade_submission *s, struct strbuf *out) {
  strbuf_printf(out, "TAP version 14\n1..%d\n", m->n_scenarios);
  strbuf_puts(out, "# loaderlab grade: exercise ");
  tap_description(out, m->exercise);
  strbuf_puts(out, ", submission ");
  tap_description(out, s->file ? s->file : "(none)");
  strbuf_printf(out, "\n# Points %d/%d\n", s->score, m->points_max);
  if (status_line(s)) {
    strbuf_printf(out, "# %s\n", status_line(s));
    const char *p = s->message ? s->message : "";
    while (*p) {
      const char *nl = strchr(p, '\n');
      size_t n = nl ? (size_t)(nl - p) : strlen(p);
      strbuf_printf(out, "#   %.*s\n", (int)n, p);
      p += n + (nl ? 1 : 0);
    }
  }
  for (int i = 0; i < m->n_scenarios; i++) {
    const grade_scenario *sc = &m->scenarios[i];
    const grade_outcome *o = &s->outcomes[i];
    strbuf_printf(out, "%s %d - ", o->passed ? "ok" : "not ok", i + 1);
    tap_description(out, sc->name);
    strbuf_printf(out, " (%d/%d points)\n", o->passed ? sc->points : 0, sc->points);
    strbuf_puts(out, "  ---\n");
    strbuf_printf(out, "  points: %d\n  max_points: %d\n", o->passed ? sc->points : 0, sc->points);
    tap_yaml(out, "visibility", sc->hidden ? "hidden" : "public");
    tap_yaml(out, "verdict", o->verdict);
    if (grade_details_visible(sc) && s->status == GRADE_SUB_GRADED) {
      tap_yaml(out, "message", o->message);
      tap_yaml(out, "coverage", o->coverage);
      tap_yaml(out, "details", o->details);
      tap_yaml(out, "counterexample", o->counterexample);
      tap_yaml(out, "schedule", o->schedule);
      tap_yaml(out, "replay", o->replay);
    }
    strbuf_puts(out, "  ...\n");
  }
}

void grade_report(grade_format f, const grade_manifest *m, const grade_submission *s, struct strbuf *out) {
  switch (f) {
  case GRADE_FORMAT_TEXT: report_text(m, s, out); break;
  case GRADE_FORMAT_TAP: report_tap(m, s, out); break;
  case GRADE_FORMAT_JUNIT: grade_report_junit(m, s, out); break;
  default: grade_report_json(f, m, s, out); break;
  }
}
