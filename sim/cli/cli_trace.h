/* Showing a replayed run on the command line (trace.c, lanes.c). */
#ifndef LOADERLAB_CLI_TRACE_H
#define LOADERLAB_CLI_TRACE_H

#include "cli.h"

/* The text trace, one line per event. */
void cli_trace_text(const cli *c, const sim_result *res, struct strbuf *out);

#endif
