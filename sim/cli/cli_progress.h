/* The explore progress line and Ctrl-C (progress.c). */
#ifndef LOADERLAB_CLI_PROGRESS_H
#define LOADERLAB_CLI_PROGRESS_H

#include <stdlib.h>

#include "cli.h"

typedef struct cli_progress {
  bool enabled;                   /* the standard error is a terminal */
  bool shown;                     /* a line is on the screen */
  sim_strategy_kind strategy;
  uint64_t budget;
  int bound_max;
  double estimate;                /* dfs: the estimated schedules, or 0 */
} cli_progress;

/* Installs the Ctrl-C handler; returns the flag it sets. */
const volatile sig_atomic_t *cli_catch_interrupt(void);
void cli_progress_init(cli_progress *p, const sim_explore_options *o, double estimate);
/* A sim_explore_options.progress callback (ctx: the cli_progress). */
void cli_progress_show(const sim_explore_progress *sp, void *ctx);
/* Erases the line before the report is printed. */
void cli_progress_clear(cli_progress *p);

#endif
