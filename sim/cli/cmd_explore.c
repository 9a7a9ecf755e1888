/* loaderlab explore: search many schedules for a bug. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char *strategy_name(sim_strategy_kind k) {
  return k == SIM_STRATEGY_PCT ? "pct" : k == SIM_STRATEGY_DFS ? "dfs" : "random";
}

int cli_explore(cli *c) {
  int status = EXIT_OK;
  sim_program_spec spec;
  sim_program *p = cli_load_program(c, &spec, &status);
  if (!p) {
    sim_spec_free(&spec);
    return status;
  }
  cli_run_options(c, &spec, &c->ex.run);
  sim_explore_result r;
  struct strbuf err = {0};
  printf("exploring %s with %s", sim_program_name(p), strategy_name(c->ex.strategy));
  if (c->ex.strategy == SIM_STRATEGY_DFS) printf(" (at most %d preemptions)", c->ex.preemption_bound);
  else printf(" (seed %" PRIu64 ")", c->ex.seed);
  printf("\n");
  if (c->ex.strategy == SIM_STRATEGY_DFS)
    printf("search space: about %.0f schedules with at most %d preemptions\n",
           sim_explore_estimate(p, &c->ex), c->ex.preemption_bound);
  fflush(stdout);
  if (!sim_explore(p, &c->ex, &r, &err)) {
    fprintf(stderr, "loaderlab: %s\n", strbuf_str(&err));
    strbuf_free(&err);
    sim_program_free(p);
    sim_spec_free(&spec);
    return EXIT_USAGE;
  }
  if (!r.found) {
    if (r.exhausted)
      printf("no bug in any schedule with at most %d preemptions: %" PRIu64 " schedules (%.2f s%s)\n",
             r.bound, r.schedules_in_bound, r.seconds,
             r.bound < c->ex.preemption_bound ? "; the time or schedule limit stopped the next bound" : "");
    else
      printf("no bug found in %" PRIu64 " schedules (%.2f s%s)\n", r.schedules, r.seconds,
             r.timed_out ? ", time limit reached" : "");
  } else {
    sim_result res;
    sim_result_init(&res);
    sim_replay(p, &c->ex.run, &r.bug, &res);
    char *enc = sim_schedule_encode(&res.schedule);
    struct strbuf out = {0};
    if (c->ex.all)
      strbuf_printf(&out, "%" PRIu64 " of %" PRIu64 " schedules found a bug; the first:\n", r.buggy, r.schedules);
    else
      strbuf_printf(&out, "bug found after %" PRIu64 " schedule%s (%.3f s)\n", r.found_at,
                    r.found_at == 1 ? "" : "s", r.seconds);
    sim_report_verdict(&out, &res);
    strbuf_printf(&out, "schedule (%d preemption%s): %s\n\ntrace of the counterexample:\n",
                  res.preemptions, res.preemptions == 1 ? "" : "s", enc);
    sim_report_trace_text(&out, &res);
    strbuf_puts(&out, "\nreplay it step by step with:\n  ");
    cli_replay_command(c, enc, &out);
    strbuf_puts(&out, "\n");
    fwrite(out.data, 1, out.len, stdout);
    status = r.kind == SIM_VERDICT_DIVERGED ? EXIT_USAGE : EXIT_BUG;
    free(enc);
    strbuf_free(&out);
    sim_result_free(&res);
  }
  sim_explore_result_free(&r);
  strbuf_free(&err);
  sim_program_free(p);
  sim_spec_free(&spec);
  return status;
}
