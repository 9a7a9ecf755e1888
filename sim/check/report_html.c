/* A run as one self-contained web page (sim_report_trace_html): the trace
 * viewer of check/viewer/ (its page, styles and script, compiled in by
 * cmake/embed_viewer.cmake) with the run's JSON trace inside.
 *
 * The page loads nothing: no network, no other file, no font; its content
 * security policy says so too.  The trace goes into a <script> element of
 * type application/json, where "</script>" in a program's output would end
 * the element early: every "<" of the JSON is written as \u003c, which is
 * the same JSON. */
#include "check.h"

#include <string.h>

/* Appends template up to marker; returns what follows the marker. */
static const char *copy_until(struct strbuf *out, const char *template, const char *marker) {
  const char *at = strstr(template, marker);
  sim_assert(at, "the viewer page has no %s marker", marker);
  strbuf_append(out, template, (size_t)(at - template));
  return at + strlen(marker);
}

static void html_escape(struct strbuf *out, const char *s) {
  for (; *s; s++) {
    switch (*s) {
    case '<': strbuf_puts(out, "&lt;"); break;
    case '>': strbuf_puts(out, "&gt;"); break;
    case '&': strbuf_puts(out, "&amp;"); break;
    case '"': strbuf_puts(out, "&quot;"); break;
    default: strbuf_append(out, s, 1);
    }
  }
}

void sim_report_trace_html(struct strbuf *out, const sim_result *res, const char *program, const char *schedule) {
  struct strbuf json = {0};
  sim_report_trace_json(&json, res, program, schedule);
  const char *p = sim__viewer_html;
  p = copy_until(out, p, "@@LOADERLAB_TITLE@@");
  html_escape(out, program);
  strbuf_puts(out, " ");
  html_escape(out, sim_verdict_name(res->verdict.kind));
  p = copy_until(out, p, "@@LOADERLAB_CSS@@");
  strbuf_puts(out, sim__viewer_css);
  p = copy_until(out, p, "@@LOADERLAB_DATA@@");
  for (size_t i = 0; i < json.len; i++) {
    if (json.data[i] == '<') strbuf_puts(out, "\\u003c");
    else strbuf_append(out, &json.data[i], 1);
  }
  p = copy_until(out, p, "@@LOADERLAB_JS@@");
  strbuf_puts(out, sim__viewer_js);
  strbuf_puts(out, p);
  strbuf_free(&json);
}
