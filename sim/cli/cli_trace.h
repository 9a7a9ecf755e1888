/* Showing a replayed run on the command line (trace.c). */
#ifndef LOADERLAB_CLI_TRACE_H
#define LOADERLAB_CLI_TRACE_H

#include "cli.h"

/* The text trace, one line per event; summarised when long, unless --full. */
void cli_trace_text(const cli *c, const sim_result *res, struct strbuf *out);
/* The swimlanes: a column per thread, `columns` wide for up to four
 * threads; colour when asked. */
void cli_trace_lanes(const cli *c, const sim_result *res, struct strbuf *out, bool color, int columns);
/* Which events a summary keeps (malloc'd), or NULL to show them all. */
bool *cli_trace_summary(const cli *c, const sim_result *res);
/* Whether to colour what goes to fd: --color, then NO_COLOR and isatty. */
bool cli_color(const cli *c, int fd);
/* The terminal's width, or 80 when fd is not a terminal. */
int cli_terminal_width(int fd);

#endif
