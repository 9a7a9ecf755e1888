/* Showing a replayed run on the command line: the text trace. */
#include "cli_trace.h"

void cli_trace_text(const cli *c, const sim_result *res, struct strbuf *out) {
  (void)c;
  sim_report_trace_text(out, res);
}
