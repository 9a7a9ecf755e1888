/* The explore progress line and Ctrl-C.
 *
 * On a terminal, a search that lasts more than a second shows one line on
 * the standard error, rewritten in place: schedules done, schedules per
 * second, bugs found and the worst so far, and how much of the budget (or,
 * for dfs, of the estimated search space) is covered.  Nothing of it is
 * written when the standard error is not a terminal, so logs and tests see
 * only the report.  The first Ctrl-C asks the search to stop and report
 * what it found so far; a second one ends loaderlab at once.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli_progress.h"

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig) {
  interrupted = 1;
  signal(sig, SIG_DFL); /* a second Ctrl-C ends loaderlab */
}

const volatile sig_atomic_t *cli_catch_interrupt(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  return &interrupted;
}

void cli_progress_init(cli_progress *p, const sim_explore_options *o, double estimate) {
  memset(p, 0, sizeof *p);
  p->enabled = isatty(STDERR_FILENO);
  p->strategy = o->strategy;
  p->budget = o->schedules_max ? o->schedules_max : o->strategy == SIM_STRATEGY_DFS ? 0 : 10000;
  p->bound_max = o->preemption_bound;
  p->estimate = estimate;
}

static int columns(void) {
  struct winsize w;
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col >= 20) return w.ws_col;
  return 80;
}

/* The line, in the longest form that fits the terminal: the counts and
 * the coverage first, then the worst verdict, the time and the hint. */
void cli_progress_show(const sim_explore_progress *sp, void *ctx) {
  cli_progress *p = ctx;
  if (!p->enabled || sp->seconds < 1.0) return;
  const sim_explore_result *r = sp->so_far;
  char counts[96], cover[96] = "", worst[96] = "";
  snprintf(counts, sizeof counts, "%llu schedule%s, %.0f/s", (unsigned long long)r->schedules,
           r->schedules == 1 ? "" : "s", (double)r->schedules / sp->seconds);
  if (p->strategy == SIM_STRATEGY_DFS) {
    int n = snprintf(cover, sizeof cover, ", bound %d of %d", sp->bound, p->bound_max);
    if (p->estimate > 0)
      snprintf(cover + n, sizeof cover - (size_t)n, ", %.0f%% of the estimate", 100.0 * (double)r->schedules / p->estimate);
  } else if (p->budget) {
    snprintf(cover, sizeof cover, ", %.0f%% of %llu", 100.0 * (double)r->schedules / (double)p->budget,
             (unsigned long long)p->budget);
  }
  if (r->found) snprintf(worst, sizeof worst, " (worst: %s)", sim_verdict_name(r->kind));
  int width = columns() - 1;
  struct strbuf line = {0};
  for (int form = 0; form < 4; form++) {
    strbuf_reset(&line);
    strbuf_printf(&line, "%s%s; %llu bug%s%s", counts, cover, (unsigned long long)r->buggy, r->buggy == 1 ? "" : "s",
                  form < 2 ? worst : "");
    if (form == 0) strbuf_printf(&line, "; %.0f s", sp->seconds);
    if (form < 3) strbuf_puts(&line, "; Ctrl-C stops");
    if ((int)line.len <= width) break;
  }
  fprintf(stderr, "\r%.*s\033[K", width, strbuf_str(&line));
  fflush(stderr);
  p->shown = true;
  strbuf_free(&line);
}

void cli_progress_clear(cli_progress *p) {
  if (!p->shown) return;
  fputs("\r\033[K", stderr);
  fflush(stderr);
  p->shown = false;
}
