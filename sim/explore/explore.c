/* The exploration driver: runs a program under a strategy until it finds a
 * bug, exhausts the strategy, or runs out of budget; then shortens the
 * schedule it found.
 *
 * DFS searches with bound 0, then 1, ... up to K, so the first bug it
 * reports has the fewest preemptions any buggy schedule has.  Random and
 * PCT schedules are shortened greedily: drop one recorded choice at a time
 * and keep the drop when a lenient replay still ends in the same verdict.
 * With --jobs, random and PCT searches fork worker processes that explore
 * disjoint seeds; the first worker to find a bug reports its schedule.
 */
#include "explore.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void sim_explore_options_default(sim_explore_options *o) {
  memset(o, 0, sizeof *o);
  o->strategy = SIM_STRATEGY_RANDOM;
  o->preemption_bound = 2;
  o->depth = 3;
  o->seed = 1;
  o->minimize = true;
  o->jobs = 1;
  sim_options_default(&o->run);
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void sim_replay(sim_program *p, const sim_options *run, const sim_schedule *s, sim_result *res) {
  sim_options o = *run;
  o.trace = true;
  sim_strategy *st = sim_strategy_replay(s, false, NULL);
  sim_run_program(p, &o, st, res);
  sim_strategy_destroy(st);
}

/* Lenient replay of s; true if it ends in `kind`, with its schedule. */
static bool still_fails(sim_program *p, const sim_options *run, const sim_schedule *s,
                        sim_verdict_kind kind, sim_result *res) {
  sim_options o = *run;
  o.trace = false;
  sim_strategy *st = sim_strategy_replay(s, true, NULL);
  sim_run_program(p, &o, st, res);
  sim_strategy_destroy(st);
  return res->verdict.kind == kind;
}

static void minimize(sim_program *p, const sim_options *run, sim_explore_result *out) {
  sim_result res;
  sim_result_init(&res);
  int budget = 400;
  bool progress = true;
  while (progress && budget > 0) {
    progress = false;
    for (int i = out->bug.n - 1; i >= 0 && budget > 0; i--, budget--) {
      sim_schedule candidate;
      sim_schedule_copy(&candidate, &out->bug);
      memmove(&candidate.choices[i], &candidate.choices[i + 1],
              (size_t)(candidate.n - i - 1) * sizeof candidate.choices[0]);
      candidate.n--;
      if (still_fails(p, run, &candidate, out->kind, &res) && res.schedule.n < out->bug.n) {
        sim_schedule_free(&out->bug);
        sim_schedule_copy(&out->bug, &res.schedule);
        out->bug_preemptions = res.preemptions;
        progress = true;
      }
      sim_schedule_free(&candidate);
      if (progress) break;
    }
  }
  sim_result_free(&res);
}

/* A bounded DFS for the same verdict with fewer preemptions than the
 * schedule random or PCT found, and among those the shortest run: a
 * counterexample with fewer context switches and steps is easier to read,
 * and usually exists. */
static void fewer_preemptions(sim_program *p, const sim_options *run, sim_explore_result *out) {
  sim_options o = *run;
  o.trace = false;
  sim_result res;
  sim_result_init(&res);
  for (int bound = 0; bound < out->bug_preemptions; bound++) {
    sim_strategy *s = sim_strategy_dfs(bound);
    bool more = true, found = false;
    uint64_t best_steps = UINT64_MAX;
    for (int i = 0; i < 2000 && more; i++) {
      more = sim_run_program(p, &o, s, &res);
      if (res.verdict.kind != out->kind || res.preemptions > bound || res.steps >= best_steps) continue;
      found = true;
      best_steps = res.steps;
      sim_schedule_free(&out->bug);
      sim_schedule_copy(&out->bug, &res.schedule);
      out->bug_preemptions = res.preemptions;
    }
    sim_strategy_destroy(s);
    if (found) break;
  }
  sim_result_free(&res);
}

static sim_strategy *make_strategy(const sim_explore_options *o, uint64_t seed, int bound) {
  sim_strategy *s;
  switch (o->strategy) {
  case SIM_STRATEGY_PCT: s = sim_strategy_pct(seed, o->depth, 0); break;
  case SIM_STRATEGY_DFS: s = sim_strategy_dfs(bound); break;
  default: s = sim_strategy_random(seed); break;
  }
  if (o->prefix) s = sim_strategy_replay(o->prefix, false, s);
  return s;
}

/* One process's search; stops at the first bug unless o->all or the bug
 * hints at a worse one (search_policy.c). */
static void search(sim_program *p, const sim_explore_options *o, uint64_t seed, uint64_t budget,
                   sim_explore_result *out) {
  sim_search_clock clock;
  sim__search_clock_start(&clock, o);
  sim_options run = o->run;
  run.trace = false;
  run.should_stop = sim__search_should_stop;
  run.stop_ctx = &clock;
  sim_result res;
  sim_result_init(&res);
  bool dfs = o->strategy == SIM_STRATEGY_DFS;
  bool stop = false;
  for (int bound = dfs ? 0 : o->preemption_bound; bound <= o->preemption_bound && !stop; bound++) {
    sim_strategy *s = make_strategy(o, seed, bound);
    bool more = true;
    uint64_t in_bound = 0;
    while (more && !stop) {
      if (budget && out->schedules >= budget) {
        stop = true;
        break;
      }
      if (sim__search_should_stop(&clock)) {
        out->interrupted = o->interrupt && *o->interrupt;
        out->timed_out = !out->interrupted;
        stop = true;
        break;
      }
      more = sim_run_program(p, &run, s, &res);
      if (res.stopped) {
        /* Cut short: not a schedule, and not a verdict. */
        out->interrupted = o->interrupt && *o->interrupt;
        out->timed_out = !out->interrupted;
        stop = true;
        break;
      }
      out->schedules++;
      in_bound++;
      out->verdicts[res.verdict.kind]++;
      sim__search_progress(o, &clock, out, bound);
      if (res.verdict.kind == SIM_VERDICT_DIVERGED) {
        /* Only a replayed prefix can diverge, and it would on every run. */
        out->found = true;
        out->kind = SIM_VERDICT_DIVERGED;
        sim_schedule_copy(&out->bug, &res.schedule);
        stop = true;
        break;
      }
      if (!sim_verdict_is_bug(res.verdict.kind)) continue;
      out->buggy++;
      sim__search_keep_bug(out, &res);
      sim__search_wake_parked(p, &run, &res, out);
      if (!o->all && !sim__search_looks_further(o, out)) stop = true;
    }
    if (dfs && !more && !out->found) {
      out->exhausted = true;
      out->bound = bound;
      out->schedules_in_bound = in_bound;
    }
    sim_strategy_destroy(s);
  }
  sim_result_free(&res);
}

double sim_explore_estimate(sim_program *p, const sim_explore_options *o) {
  sim_options run = o->run;
  run.trace = false;
  sim_strategy *s = sim_strategy_dfs(o->preemption_bound);
  sim__dfs_set_probe(s, true, o->seed);
  sim_result res;
  sim_result_init(&res);
  for (int i = 0; i < 200; i++) sim_run_program(p, &run, s, &res);
  double e = sim__dfs_estimate(s);
  sim_result_free(&res);
  sim_strategy_destroy(s);
  return e;
}

/* --jobs: each worker searches its own seeds and reports one line. */
static bool search_in_workers(sim_program *p, const sim_explore_options *o, uint64_t budget,
                              sim_explore_result *out, struct strbuf *err) {
  int n = o->jobs;
  pid_t pids[64];
  int fds[64];
  for (int j = 0; j < n; j++) {
    int pipefd[2];
    if (pipe(pipefd) != 0) {
      strbuf_printf(err, "cannot start worker processes: %s", strerror(errno));
      return false;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
      strbuf_printf(err, "cannot start worker processes: %s", strerror(errno));
      return false;
    }
    if (pid == 0) {
      close(pipefd[0]);
      sim_explore_result mine;
      memset(&mine, 0, sizeof mine);
      uint64_t share = budget ? (budget + (uint64_t)n - 1 - (uint64_t)j) / (uint64_t)n : 0;
      search(p, o, o->seed + 0x100000000ULL * (uint64_t)j, share, &mine);
      char *enc = mine.found ? sim_schedule_encode(&mine.bug) : NULL;
      FILE *f = fdopen(pipefd[1], "w");
      fprintf(f, "%" PRIu64 " %" PRIu64 " %d %d %s %d", mine.schedules, mine.buggy,
              mine.found ? (int)mine.kind : -1, mine.bug_preemptions, enc ? enc : "-",
              mine.timed_out);
      /* Then what search_policy.c merges: verdict counts and the latent verdict. */
      fprintf(f, " %d %d", (int)mine.latent, mine.interrupted);
      for (int k = 0; k < SIM_VERDICT_COUNT; k++) fprintf(f, " %" PRIu64, mine.verdicts[k]);
      fprintf(f, "\n");
      fclose(f);
      _exit(0);
    }
    close(pipefd[1]);
    pids[j] = pid;
    fds[j] = pipefd[0];
  }
  for (int j = 0; j < n; j++) {
    FILE *f = fdopen(fds[j], "r");
    uint64_t sched = 0, buggy = 0;
    int kind = -1, pre = 0, timed = 0;
    char enc[65536];
    if (f && fscanf(f, "%" SCNu64 " %" SCNu64 " %d %d %65535s %d", &sched, &buggy, &kind, &pre, enc,
                    &timed) == 6) {
      out->schedules += sched;
      out->buggy += buggy;
      out->timed_out |= timed != 0;
      int latent = 0, interrupted = 0;
      if (fscanf(f, "%d %d", &latent, &interrupted) == 2) {
        if (sim_verdict_severity((sim_verdict_kind)latent) > sim_verdict_severity(out->latent))
          out->latent = (sim_verdict_kind)latent;
        out->interrupted |= interrupted != 0;
        for (int k = 0; k < SIM_VERDICT_COUNT; k++) {
          uint64_t v = 0;
          if (fscanf(f, "%" SCNu64, &v) == 1) out->verdicts[k] += v;
        }
      }
      if (kind >= 0 && (!out->found || sim_verdict_severity((sim_verdict_kind)kind) > sim_verdict_severity(out->kind))) {
        if (out->found) sim_schedule_free(&out->bug);
        out->found = false;
        struct strbuf e = {0};
        if (sim_schedule_decode(enc, &out->bug, &e)) {
          out->found = true;
          out->kind = (sim_verdict_kind)kind;
          out->bug_preemptions = pre;
          out->found_at = out->schedules;
        }
        strbuf_free(&e);
      }
    }
    if (f) fclose(f);
    int status;
    while (waitpid(pids[j], &status, 0) < 0 && errno == EINTR) {}
  }
  return true;
}

bool sim_explore(sim_program *p, const sim_explore_options *o, sim_explore_result *out,
                 struct strbuf *err) {
  memset(out, 0, sizeof *out);
  if (o->jobs < 1 || o->jobs > 64) {
    strbuf_printf(err, "--jobs must be between 1 and 64");
    return false;
  }
  if (o->jobs > 1 && o->strategy == SIM_STRATEGY_DFS) {
    strbuf_printf(err, "--jobs applies to the random and pct strategies; dfs searches in one "
                  "process (its schedules depend on each other)");
    return false;
  }
  if (o->preemption_bound < 0 || o->preemption_bound > 64) {
    strbuf_printf(err, "--preemption-bound must be between 0 and 64");
    return false;
  }
  if (o->depth < 1 || o->depth > 16) {
    strbuf_printf(err, "--depth must be between 1 and 16");
    return false;
  }
  double start = now_s();
  uint64_t budget = o->schedules_max;
  if (!budget && o->strategy != SIM_STRATEGY_DFS) budget = 10000;
  if (o->jobs > 1) {
    if (!search_in_workers(p, o, budget, out, err)) return false;
  } else {
    search(p, o, o->seed, budget, out);
  }
  if (out->found && out->kind != SIM_VERDICT_DIVERGED && o->minimize &&
      o->strategy != SIM_STRATEGY_DFS && !o->prefix) {
    fewer_preemptions(p, &o->run, out);
    minimize(p, &o->run, out);
  }
  out->seconds = now_s() - start;
  return true;
}

void sim_explore_result_free(sim_explore_result *r) { sim_schedule_free(&r->bug); }
