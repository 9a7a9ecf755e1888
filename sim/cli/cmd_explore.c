/* loaderlab explore: search many schedules for a bug, and report the most
 * severe one found with its trace, how many schedules ended in each
 * verdict, and the command that replays it; or the certificate of a search
 * that ran every schedule (within a preemption bound, or --complete); or,
 * with --report json, one JSON object for a batch engine and loaderlab
 * merge (docs/scale.md). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_progress.h"
#include "cli_trace.h"

static const char *strategy_name(sim_strategy_kind k) {
  return k == SIM_STRATEGY_PCT ? "pct" : k == SIM_STRATEGY_DFS ? "dfs" : "random";
}

/* The default run, to see which DLLs the host loads when no bug was found. */
static void check_dlls(cli *c, sim_program *p) {
  if (!c->n_dlls) return;
  sim_result res;
  sim_result_init(&res);
  sim_strategy *s = sim_strategy_replay(&(sim_schedule){0}, true, NULL);
  sim_run_program(p, &c->ex.run, s, &res);
  sim_strategy_destroy(s);
  cli_check_dlls_loaded(c, p, &res);
  sim_result_free(&res);
}

/* The certificate (or the figures) of a search that found no bug. */
void cli_no_bug_line(const sim_explore_options *o, const sim_explore_result *r, struct strbuf *out) {
  char shard[64] = "";
  if (o->shard_count > 1 && o->shard_index > 0)
    snprintf(shard, sizeof shard, "shard %d of %d: ", o->shard_index, o->shard_count);
  const char *part = o->shard_count > 1 && o->shard_index > 0 ? " of its part" : "";
  const char *stopped = r->bound < o->preemption_bound ? "; the time or schedule limit stopped the next bound" : "";
  /* Runs the state cache stopped stand for schedules already run from the
   * same state (explore/state_cache.c): counted as runs, with how many.  A
   * finished bounded search counts those of its last bound; a complete or
   * unfinished one, all. */
  bool all_runs = r->complete || !r->exhausted;
  uint64_t cut_n = all_runs ? r->cut : r->cut_in_bound;
  uint64_t runs = (all_runs ? r->schedules : r->schedules_in_bound) + cut_n;
  char cut[128] = "";
  if (cut_n)
    snprintf(cut, sizeof cut, " (%" PRIu64 " of them cut short at a state already searched)", cut_n);
  if (r->exhausted && r->complete) {
    if (cut_n)
      strbuf_printf(out, "%sno failure in any schedule%s: %" PRIu64 " runs%s (%.2f s)\n", shard, part, runs, cut,
                    r->seconds);
    else if (r->reduced)
      strbuf_printf(out, "%sno failure in any schedule%s: %" PRIu64 " class%s of executions (%.2f s)\n", shard,
                    part, r->schedules, r->schedules == 1 ? "" : "es", r->seconds);
    else /* --reduction off: every schedule was run */
      strbuf_printf(out, "%sno failure in any schedule%s: %" PRIu64 " schedule%s (%.2f s)\n", shard, part,
                    r->schedules, cli_plural(r->schedules, "", "s"), r->seconds);
  } else if (r->exhausted && r->reduced) {
    /* Under a bound a class may be run more than once (a thread only
     * sleeps where that costs no preemption), so schedules are counted;
     * with runs the cache cut, runs. */
    if (cut_n)
      strbuf_printf(out, "%sno bug in any schedule%s with at most %d preemption%s: %" PRIu64 " runs%s, at least "
                    "one per class of executions (%.2f s%s)\n",
                    shard, part, r->bound, cli_plural((uint64_t)r->bound, "", "s"), runs, cut, r->seconds, stopped);
    else
      strbuf_printf(out, "%sno bug in any schedule%s with at most %d preemption%s: %" PRIu64 " schedule%s, at "
                    "least one per class of executions (%.2f s%s)\n",
                    shard, part, r->bound, cli_plural((uint64_t)r->bound, "", "s"), r->schedules_in_bound,
                    cli_plural(r->schedules_in_bound, "", "s"), r->seconds, stopped);
  } else if (r->exhausted) {
    if (cut_n)
      strbuf_printf(out, "%sno bug in any schedule%s with at most %d preemption%s: %" PRIu64 " runs%s (%.2f s%s)\n",
                    shard, part, r->bound, cli_plural((uint64_t)r->bound, "", "s"), runs, cut, r->seconds, stopped);
    else
      strbuf_printf(out, "%sno bug in any schedule%s with at most %d preemption%s: %" PRIu64 " schedule%s (%.2f s%s)\n",
                    shard, part, r->bound, cli_plural((uint64_t)r->bound, "", "s"), r->schedules_in_bound,
                    cli_plural(r->schedules_in_bound, "", "s"), r->seconds, stopped);
  } else if (!r->interrupted && cut_n) {
    /* Unfinished, with runs the cache cut: counted as runs too, or a
     * search that cut nearly every run would seem to have run almost
     * nothing. */
    strbuf_printf(out, "%sno bug found in %" PRIu64 " runs%s (%.2f s%s)\n", shard, runs, cut, r->seconds,
                  r->timed_out ? ", time limit reached" : "");
  } else if (!r->interrupted) {
    strbuf_printf(out, "%sno bug found in %" PRIu64 " schedule%s (%.2f s%s)\n", shard, r->schedules,
                  cli_plural(r->schedules, "", "s"), r->seconds, r->timed_out ? ", time limit reached" : "");
  } else {
    strbuf_puts(out, "no bug found so far\n");
  }
}

static int explore_json(cli *c, sim_program *p, const sim_explore_result *r) {
  struct strbuf args = {0}, out = {0};
  cli_program_args(c, &args);
  sim_explore_result_json(&out, &c->ex, r, sim_program_name(p), strbuf_str(&args));
  fwrite(out.data, 1, out.len, stdout);
  strbuf_free(&args);
  strbuf_free(&out);
  if (!r->found) return r->interrupted ? EXIT_INTERRUPTED : EXIT_OK;
  return r->kind == SIM_VERDICT_DIVERGED ? EXIT_USAGE : EXIT_BUG;
}

static void report_bug(cli *c, sim_program *p, const sim_explore_result *r, struct strbuf *out) {
  sim_result res;
  sim_result_init(&res);
  sim_replay(p, &c->ex.run, &r->bug, &res);
  char *enc = sim_schedule_encode(&res.schedule);
  if (r->interrupted)
    strbuf_printf(out, "the most severe bug found before Ctrl-C, after %" PRIu64 " schedule%s:\n",
                  r->found_at, cli_plural(r->found_at, "", "s"));
  else if (c->ex.all)
    strbuf_printf(out, "%" PRIu64 " of %" PRIu64 " schedule%s found a bug; the most severe:\n", r->buggy,
                  r->schedules, cli_plural(r->schedules, "", "s"));
  else
    strbuf_printf(out, "bug found after %" PRIu64 " schedule%s (%.3f s)\n", r->found_at,
                  cli_plural(r->found_at, "", "s"), r->seconds);
  if (c->full) sim_report_verdict_full(out, &res);
  else sim_report_verdict(out, &res);
  if (sim_verdict_severity(r->latent) > sim_verdict_severity(r->kind))
    strbuf_printf(out, "a thread parked in an unloaded DLL would make this an %s if it woke; no "
                  "schedule among the next %d showed it (--schedules N searches longer)\n",
                  sim_verdict_name(r->latent),
                  c->ex.schedules_max ? (int)c->ex.schedules_max : SIM_EXPLORE_LOOK_FURTHER);
  sim_report_verdict_counts(out, r->verdicts);
  strbuf_printf(out, "schedule (%d preemption%s): %s\n\ntrace of the counterexample:\n", res.preemptions,
                cli_plural((uint64_t)res.preemptions, "", "s"), enc);
  cli_trace_text(c, &res, out);
  strbuf_puts(out, "\nreplay it step by step with:\n  ");
  cli_replay_command(c, enc, out);
  strbuf_puts(out, "\n");
  cli_check_dlls_loaded(c, p, &res);
  free(enc);
  sim_result_free(&res);
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
  /* Ctrl-C from here on stops the search and reports what it found. */
  c->ex.interrupt = cli_catch_interrupt();
  sim_explore_result r;
  struct strbuf err = {0};
  const sim_explore_options *o = &c->ex;
  double estimate = 0;
  if (!c->report_json) {
    printf("exploring %s with %s", sim_program_name(p), strategy_name(o->strategy));
    if (o->strategy == SIM_STRATEGY_DFS && o->complete)
      printf(o->reduce ? " (no preemption bound, one schedule per class of executions)"
                       : " (no preemption bound, every schedule)");
    else if (o->strategy == SIM_STRATEGY_DFS)
      printf(" (at most %d preemption%s%s)", o->preemption_bound, cli_plural((uint64_t)o->preemption_bound, "", "s"),
             o->reduce ? ", at least one schedule per class of executions" : "");
    else printf(" (seed %" PRIu64 ")", o->seed);
    if (o->shard_count > 1) printf(", shard %d of %d", o->shard_index, o->shard_count);
    printf("\n");
    if (o->strategy == SIM_STRATEGY_DFS && !o->complete && o->shard_count <= 1) {
      /* An importance-sampled estimate from random probes, with its spread
       * (two standard errors), so the line says how sure it is. */
      sim_explore_estimate_range e = sim_explore_estimate_with_range(p, o);
      estimate = e.mean;
      printf("search space: about %.0f schedule%s with at most %d preemption%s%s (between %.0f and %.0f "
             "at two standard errors, from %d random probes)\n",
             e.mean, e.mean == 1 ? "" : "s", o->preemption_bound, cli_plural((uint64_t)o->preemption_bound, "", "s"),
             o->reduce ? " without reduction" : "", e.low, e.high, e.probes);
    }
    fflush(stdout);
  }
  cli_progress progress;
  cli_progress_init(&progress, &c->ex, estimate);
  if (!c->report_json) {
    c->ex.progress = cli_progress_show;
    c->ex.progress_ctx = &progress;
  }
  bool ok = sim_explore(p, &c->ex, &r, &err);
  cli_progress_clear(&progress);
  if (!ok) {
    fprintf(stderr, "loaderlab: %s\n", strbuf_str(&err));
    strbuf_free(&err);
    sim_program_free(p);
    sim_spec_free(&spec);
    return EXIT_USAGE;
  }
  if (c->report_json) {
    status = explore_json(c, p, &r);
    sim_explore_result_free(&r);
    strbuf_free(&err);
    sim_program_free(p);
    sim_spec_free(&spec);
    return status;
  }
  struct strbuf out = {0};
  if (r.interrupted)
    strbuf_printf(&out, "interrupted (Ctrl-C) after %" PRIu64 " schedule%s (%.2f s)\n", r.schedules,
                  cli_plural(r.schedules, "", "s"), r.seconds);
  if (!r.found) {
    cli_no_bug_line(&c->ex, &r, &out);
    if (c->ex.all || r.interrupted) sim_report_verdict_counts(&out, r.verdicts);
    fwrite(out.data, 1, out.len, stdout);
    check_dlls(c, p);
    status = r.interrupted ? EXIT_INTERRUPTED : EXIT_OK;
  } else {
    report_bug(c, p, &r, &out);
    fwrite(out.data, 1, out.len, stdout);
    status = EXIT_BUG;
  }
  strbuf_free(&out);
  sim_explore_result_free(&r);
  strbuf_free(&err);
  sim_program_free(p);
  sim_spec_free(&spec);
  return status;
}
