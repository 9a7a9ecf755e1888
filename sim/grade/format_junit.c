/* JUnit XML, as the Jenkins xUnit plugin's junit-10.xsd describes it
 * (the schema CI systems read): <testsuites> holding one <testsuite> with
 * the required name, tests, failures and errors; one <testcase name
 * classname> per scenario; a failing one holds <failure type message>
 * with the details as text.  No time attributes: the report is the same
 * on every run.  Points go in the suite's <properties>, which the schema
 * allows there and only there.
 */
#include <string.h>

#include "grade_internal.h"

static void attr(struct strbuf *b, const char *name, const char *value) {
  strbuf_printf(b, " %s=\"", name);
  grade_xml_attr(b, value ? value : "");
  strbuf_puts(b, "\"");
}

static void property(struct strbuf *b, const char *name, const char *value) {
  strbuf_puts(b, "      <property");
  attr(b, "name", name);
  attr(b, "value", value);
  strbuf_puts(b, "/>\n");
}

void grade_report_junit(const grade_manifest *m, const grade_submission *s, struct strbuf *out) {
  int failures = 0;
  for (int i = 0; i < m->n_scenarios; i++) failures += !s->outcomes[i].passed;
  char num[32];
  strbuf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
  attr(out, "name", "loaderlab grade");
  snprintf(num, sizeof num, "%d", m->n_scenarios);
  attr(out, "tests", num);
  snprintf(num, sizeof num, "%d", failures);
  attr(out, "failures", num);
  attr(out, "errors", "0");
  strbuf_puts(out, ">\n  <testsuite");
  attr(out, "name", m->exercise);
  snprintf(num, sizeof num, "%d", m->n_scenarios);
  attr(out, "tests", num);
  snprintf(num, sizeof num, "%d", failures);
  attr(out, "failures", num);
  attr(out, "errors", "0");
  attr(out, "skipped", "0");
  strbuf_puts(out, ">\n    <properties>\n");
  property(out, "submission", s->file);
  if (s->student) property(out, "student", s->student);
  snprintf(num, sizeof num, "%d", s->score);
  property(out, "score", num);
  snprintf(num, sizeof num, "%d", m->points_max);
  property(out, "max_score", num);
  strbuf_puts(out, "    </properties>\n");
  for (int i = 0; i < m->n_scenarios; i++) {
    const grade_scenario *sc = &m->scenarios[i];
    const grade_outcome *o = &s->outcomes[i];
    bool show = grade_details_visible(sc) && s->status == GRADE_SUB_GRADED;
    strbuf_puts(out, "    <testcase");
    attr(out, "name", sc->name);
    attr(out, "classname", m->exercise);
    strbuf_puts(out, ">\n");
    if (!o->passed) {
      struct strbuf text = {0}, msg = {0};
      strbuf_printf(&msg, "%s (0/%d points)", grade_verdict_name(o->verdict), sc->points);
      if (show) {
        strbuf_printf(&text, "%s\n", o->details && *o->details ? o->details : o->message ? o->message : "");
        if (o->counterexample && *o->counterexample)
          strbuf_printf(&text, "\ncounterexample (schedule %s):\n%s\n", o->schedule ? o->schedule : "?",
                        o->counterexample);
        if (o->replay) strbuf_printf(&text, "\nreplay it step by step with:\n  %s\n", o->replay);
      }
      strbuf_puts(out, "      <failure");
      attr(out, "type", o->verdict);
      attr(out, "message", strbuf_str(&msg));
      strbuf_puts(out, ">");
      grade_xml_text(out, strbuf_str(&text));
      strbuf_puts(out, "</failure>\n");
      strbuf_free(&text);
      strbuf_free(&msg);
    } else {
      strbuf_puts(out, "      <system-out>");
      struct strbuf text = {0};
      strbuf_printf(&text, "%d/%d points", sc->points, sc->points);
      if (show && o->coverage) strbuf_printf(&text, "; %s", o->coverage);
      grade_xml_text(out, strbuf_str(&text));
      strbuf_free(&text);
      strbuf_puts(out, "</system-out>\n");
    }
    strbuf_puts(out, "    </testcase>\n");
  }
  if (s->status != GRADE_SUB_GRADED) {
    strbuf_puts(out, "    <system-err>");
    grade_xml_text(out, s->message ? s->message : "");
    strbuf_puts(out, "</system-err>\n");
  }
  strbuf_puts(out, "  </testsuite>\n</testsuites>\n");
}
