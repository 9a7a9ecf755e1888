/* Exploring the schedules of a program for a bug (see explore.c). */
#ifndef SIM_EXPLORE_H
#define SIM_EXPLORE_H

#include "sim.h"

typedef enum sim_strategy_kind {
  SIM_STRATEGY_RANDOM,
  SIM_STRATEGY_PCT,
  SIM_STRATEGY_DFS,
} sim_strategy_kind;

typedef struct sim_explore_options {
  sim_strategy_kind strategy;
  uint64_t schedules_max;         /* 0: no limit (dfs), 10000 (random, pct) */
  int preemption_bound;           /* dfs: search bounds 0..K in turn */
  int depth;                      /* pct */
  uint64_t seed;
  double time_limit_s;            /* 0: none */
  bool all;                       /* count every buggy schedule, do not stop */
  bool minimize;                  /* shorten a found schedule */
  int jobs;                       /* worker processes (random and pct) */
  sim_options run;                /* per-run options (trace is forced off) */
  const sim_schedule *prefix;     /* replay this first, then explore */
} sim_explore_options;

void sim_explore_options_default(sim_explore_options *o);

typedef struct sim_explore_result {
  uint64_t schedules;             /* runs made */
  uint64_t buggy;                 /* buggy runs (with --all) */
  bool found;
  sim_verdict_kind kind;          /* of the reported bug */
  sim_schedule bug;               /* its schedule, minimized */
  int bug_preemptions;
  uint64_t found_at;              /* the run that found it (1-based) */
  bool exhausted;                 /* dfs: every schedule within the bound ran */
  int bound;                      /* dfs: the bound of the exhausted search */
  uint64_t schedules_in_bound;    /* dfs: schedules with at most `bound` preemptions */
  double seconds;
  bool timed_out;
  uint64_t verdicts[SIM_VERDICT_COUNT];
} sim_explore_result;

/* Runs the search.  Returns false (with err) only for bad options. */
bool sim_explore(sim_program *p, const sim_explore_options *o, sim_explore_result *out,
                 struct strbuf *err);
void sim_explore_result_free(sim_explore_result *r);
/* DFS: Knuth's estimate of how many schedules the search will run (from
 * random probes), to print before a long search. */
double sim_explore_estimate(sim_program *p, const sim_explore_options *o);

/* Replays s strictly with a trace; fills res.  The replay is the evidence:
 * it reproduces the run exactly. */
void sim_replay(sim_program *p, const sim_options *run, const sim_schedule *s, sim_result *res);

#endif
