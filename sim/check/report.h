/* Presenting runs to people and tools: the verdict, the trace as text or
 * JSON, warnings and the resource report. */
#ifndef SIM_REPORT_H
#define SIM_REPORT_H

#include <stdio.h>

#include "sim.h"

/* "access violation at step 57 in thread 3 (worker 1): ..." plus details. */
void sim_report_verdict(struct strbuf *out, const sim_result *res);
/* One line per event, for a student reading a counterexample. */
void sim_report_trace_text(struct strbuf *out, const sim_result *res);
/* The same events and the verdict as one JSON document. */
void sim_report_trace_json(struct strbuf *out, const sim_result *res, const char *program,
                           const char *schedule);

#endif
