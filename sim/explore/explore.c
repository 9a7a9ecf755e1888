/* The exploration driver: runs a program under a strategy until it finds a
 * bug, exhausts the strategy, or runs out of budget; then shortens the
 * schedule it found.
 *
 * DFS searches with bound 0, then 1, ... up to K, so the first bug it
 * reports has the fewest preemptions any buggy schedule has (the complete
 * search, with no bound, has one round).  It reduces by partial orders
 * (dpor.c) unless told not to.  Random and PCT schedules are shortened
 * greedily: drop one recorded choice at a time and keep the drop when a
 * lenient replay still ends in the same verdict.
 *
 * A search cut into parts (--jobs J, --shard I/N; docs/scale.md) gives the
 * same answer whatever J is and however the parts are spread:
 * - random: part m is runs m*PART_RUNS .. (m+1)*PART_RUNS - 1 of the seed,
 *   exactly the runs one search would make;
 * - pct: part m is PART_RUNS runs of its own seed (the seed and m), since
 *   PCT's step estimate grows with the runs before it;
 * - dfs: part m is the subtree below the m-th prefix, in DFS order, of the
 *   tree's first D decisions (every choice within the bound there), searched
 *   with or without reduction below it.
 * The parts run in order in one process, or are handed out to J worker
 * processes as they become free; the bug reported is the first one in part
 * order (dfs: in the lowest bound), so once a part finds one, later parts
 * stop and earlier ones finish.  Shard I of N takes the parts m with
 * m % N == I - 1; `loaderlab merge` combines the shards' JSON results
 * (result.c).
 */
#include "explore.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
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
  o->reduce = true;
  o->state_cache = true;
  sim_options_default(&o->run);
}

/* Whether this search runs reduced (see sim_explore_options.reduce). */
static bool reduced_search(const sim_explore_options *o) {
  return o->strategy == SIM_STRATEGY_DFS && o->reduce && !o->prefix;
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
  sim__state_cache_set_wanted(o->state_cache);
  switch (o->strategy) {
  case SIM_STRATEGY_PCT: s = sim_strategy_pct(seed, o->depth, 0); break;
  case SIM_STRATEGY_DFS:
    /* Reduction needs every step of the run, so a replayed prefix runs
     * the plain search after it. */
    if (reduced_search(o)) s = sim_strategy_dpor(o->complete ? SIM_UNBOUNDED : bound);
    else s = sim_strategy_dfs(o->complete ? INT_MAX : bound);
    break;
  default: s = sim_strategy_random(seed); break;
  }
  if (o->prefix) s = sim_strategy_replay(o->prefix, false, s);
  return s;
}

/* Runs per part of a split random or PCT search. */
#define PART_RUNS 256

/* One process's search of the whole space, or of one part of it; stops at
 * the first bug unless o->all.  A part of a DFS is the subtree below the
 * forced prefix `forced` (n_forced choices) in the round of `only_bound`;
 * a part of a random or PCT search is runs [run_lo, run_hi). */
typedef struct part {
  int only_bound;                 /* dfs: -1 for every round */
  const int *forced;
  int n_forced;
  uint64_t run_lo, run_hi;        /* random, pct: 0, 0 for the whole search */
  uint64_t index;                 /* its number, for pct's seed */
  bool split;                     /* a part of a split search */
} part;

static sim_strategy *make_part_strategy(const sim_explore_options *o, const part *pt, uint64_t seed,
                                        int bound) {
  if (pt->split && o->strategy == SIM_STRATEGY_PCT) {
    sim_explore_options po = *o;
    return make_strategy(&po, seed * 0x9E3779B97F4A7C15ULL + pt->index + 1, bound);
  }
  sim_strategy *s = make_strategy(o, seed, bound);
  if (o->strategy == SIM_STRATEGY_DFS && pt->n_forced > 0) {
    if (reduced_search(o)) sim__dpor_force(s, pt->forced, pt->n_forced);
    else sim__dfs_force(s, pt->forced, pt->n_forced);
  }
  if (o->strategy == SIM_STRATEGY_RANDOM && pt->split) sim__random_set_run(s, pt->run_lo);
  return s;
}

static void search_part(sim_program *p, const sim_explore_options *o, uint64_t seed, uint64_t budget,
                        double deadline, const part *pt, sim_explore_result *out) {
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
  out->reduced = reduced_search(o);
  out->complete = dfs && o->complete;
  out->exhausted = false;
  /* The complete search has one round; a bounded one has a round per
   * bound, so the first bug found has the fewest preemptions. */
  int first_bound = dfs && !o->complete ? 0 : o->preemption_bound;
  int last_bound = o->preemption_bound;
  if (pt->only_bound >= 0) first_bound = last_bound = pt->only_bound;
  if (pt->split && !dfs && budget > pt->run_hi - pt->run_lo) budget = pt->run_hi - pt->run_lo;
  for (int bound = first_bound; bound <= last_bound && !stop; bound++) {
    sim_strategy *s = make_part_strategy(o, pt, seed, bound);
    bool more = true;
    uint64_t in_bound = 0, cut_in_bound = 0;
    while (more && !stop) {
      if (budget && out->schedules >= budget) {
        /* A part of a random or PCT search that made its runs is done. */
        if (pt->split && !dfs) out->exhausted = true;
        stop = true;
        break;
      }
      if (deadline > 0 && now_s() > deadline) {
        out->timed_out = stop = true;
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
        /* Cut short by the time limit or Ctrl-C: not a schedule, and not a
         * verdict. */
        out->interrupted = o->interrupt && *o->interrupt;
        out->timed_out = !out->interrupted;
        stop = true;
        break;
      }
      if (sim__search_run_cut(s)) {
        /* Stopped at a state whose schedules were all run already
         * (state_cache.c); not a schedule of its own. */
        out->cut++;
        cut_in_bound++;
        continue;
      }
      if (out->reduced && sim__dpor_abandoned(s)) {
        /* Cut short: an equivalent run was explored; not a schedule. */
        out->abandoned++;
        continue;
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
      /* The most severe bug is kept (search_policy.c); where it was found
       * names it among the parts of a split search. */
      if (sim__search_keep_bug(out, &res)) {
        out->bug_bound = bound;
        out->bug_run = pt->run_lo + out->schedules - 1;
      }
      if (sim__search_wake_parked(p, &run, &res, out)) {
        out->bug_bound = bound;
        out->bug_run = pt->run_lo + out->schedules - 1;
      }
      if (!o->all && !sim__search_looks_further(o, out)) stop = true;
    }
    if (dfs && !more && !stop) {
      /* Every schedule within this bound ran (the certificate; a later
       * bound may still stop on time or budget). */
      out->exhausted = true;
      out->bound = bound;
      out->schedules_in_bound = in_bound;
      out->cut_in_bound = cut_in_bound;
    }
    sim_strategy_destroy(s);
  }
  sim_result_free(&res);
}

/* ---- Parts of a split search ------------------------------------------------------ */

/* The prefixes of a DFS round's first `depth` decisions, in DFS order. */
typedef struct prefix_list {
  int depth;
  int *choices;                   /* n * depth, unused tails zero */
  int *lengths;
  uint64_t n, cap;
} prefix_list;

static void prefixes_free(prefix_list *l) {
  free(l->choices);
  free(l->lengths);
  memset(l, 0, sizeof *l);
}

/* Lists the prefixes of depth `depth` within the bound; false if there are
 * more than `max` (the caller then takes a smaller depth). */
static bool list_prefixes(sim_program *p, const sim_explore_options *o, int bound, int depth,
                          uint64_t max, prefix_list *out) {
  sim_options run = o->run;
  run.trace = false;
  prefixes_free(out);
  out->depth = depth;
  sim_strategy *s = sim_strategy_dfs(o->complete ? INT_MAX : bound);
  sim__dfs_set_split(s, depth);
  sim_result res;
  sim_result_init(&res);
  bool more = true, ok = true;
  while (more) {
    more = sim_run_program(p, &run, s, &res);
    if (out->n == max) {
      ok = false;
      break;
    }
    if (out->n == out->cap) {
      out->cap = out->cap ? out->cap * 2 : 64;
      out->choices = realloc(out->choices, out->cap * (uint64_t)depth * sizeof *out->choices);
      out->lengths = realloc(out->lengths, out->cap * sizeof *out->lengths);
      sim_assert(out->choices && out->lengths, "out of memory for a split search");
    }
    int n = 0;
    sim__dfs_last_prefix(s, &out->choices[out->n * (uint64_t)depth], depth, &n);
    out->lengths[out->n++] = n;
  }
  sim_result_free(&res);
  sim_strategy_destroy(s);
  return ok;
}

/* The split depth: the shallowest one with at least `want` parts in the
 * deepest round (the same in every shard, since it depends only on the
 * program and the options). */
static int choose_depth(sim_program *p, const sim_explore_options *o, uint64_t want) {
  int bound = o->preemption_bound;
  prefix_list l = {0};
  int depth = 1;
  for (; depth < 64; depth++) {
    if (!list_prefixes(p, o, bound, depth, want * 64, &l)) {
      depth--;
      break;
    }
    /* No run reached this depth: the tree is that small. */
    bool deeper = false;
    for (uint64_t i = 0; i < l.n && !deeper; i++) deeper = l.lengths[i] == depth;
    if (l.n >= want || !deeper) break;
  }
  prefixes_free(&l);
  return depth < 1 ? 1 : depth;
}

/* ---- Worker processes ----------------------------------------------------------------- */

/* Messages between the parent and a worker are fixed-size records written
 * and read whole (a pipe delivers a record of up to PIPE_BUF at once, and
 * longer ones are read in a loop), followed by the bug's schedule as text
 * of the length the record gives: no line length limit. */
typedef struct work_msg {
  int32_t stop;
  int32_t bound;
  uint64_t part;
  double deadline;
  uint64_t budget;
} work_msg;

typedef struct result_msg {
  uint64_t part;
  uint64_t schedules, abandoned, cut, buggy, found_at, bug_run;
  uint64_t verdicts[SIM_VERDICT_COUNT];
  int32_t found, kind, bug_preemptions, bug_bound, exhausted, timed_out;
  int32_t latent, interrupted, wake_tries;
  uint32_t schedule_len;
} result_msg;

static bool write_all(int fd, const void *buf, size_t n) {
  const char *p = buf;
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= (size_t)w;
  }
  return true;
}

static bool read_all(int fd, void *buf, size_t n) {
  char *p = buf;
  while (n) {
    ssize_t r = read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= (size_t)r;
  }
  return true;
}

/* What a search of parts needs to say which part is which. */
typedef struct plan {
  const sim_explore_options *o;
  prefix_list prefixes;           /* dfs: of the current round */
  int bound;                      /* dfs: the current round */
  uint64_t budget;                /* random, pct: runs in all */
} plan;

static void part_of(const plan *pl, uint64_t m, part *pt) {
  memset(pt, 0, sizeof *pt);
  pt->split = true;
  pt->index = m;
  pt->only_bound = -1;
  if (pl->o->strategy == SIM_STRATEGY_DFS) {
    pt->only_bound = pl->bound;
    pt->forced = &pl->prefixes.choices[m * (uint64_t)pl->prefixes.depth];
    pt->n_forced = pl->prefixes.lengths[m];
  } else {
    pt->run_lo = m * PART_RUNS;
    pt->run_hi = pt->run_lo + PART_RUNS;
    if (pt->run_hi > pl->budget) pt->run_hi = pl->budget;
  }
}

static void to_msg(const sim_explore_result *r, uint64_t m, result_msg *msg, char **enc) {
  memset(msg, 0, sizeof *msg);
  msg->part = m;
  msg->schedules = r->schedules;
  msg->abandoned = r->abandoned;
  msg->cut = r->cut;
  msg->buggy = r->buggy;
  msg->found_at = r->found_at;
  msg->bug_run = r->bug_run;
  memcpy(msg->verdicts, r->verdicts, sizeof msg->verdicts);
  msg->found = r->found;
  msg->kind = (int32_t)r->kind;
  msg->bug_preemptions = r->bug_preemptions;
  msg->bug_bound = r->bug_bound;
  msg->exhausted = r->exhausted;
  msg->timed_out = r->timed_out;
  msg->latent = (int32_t)r->latent;
  msg->interrupted = r->interrupted;
  msg->wake_tries = r->wake_tries;
  *enc = r->found ? sim_schedule_encode(&r->bug) : NULL;
  msg->schedule_len = *enc ? (uint32_t)strlen(*enc) : 0;
}

static bool from_msg(const result_msg *msg, const char *enc, sim_explore_result *r) {
  memset(r, 0, sizeof *r);
  r->schedules = msg->schedules;
  r->abandoned = msg->abandoned;
  r->cut = msg->cut;
  r->buggy = msg->buggy;
  r->found_at = msg->found_at;
  r->bug_run = msg->bug_run;
  memcpy(r->verdicts, msg->verdicts, sizeof r->verdicts);
  r->kind = (sim_verdict_kind)msg->kind;
  r->bug_preemptions = msg->bug_preemptions;
  r->bug_bound = msg->bug_bound;
  r->exhausted = msg->exhausted != 0;
  r->timed_out = msg->timed_out != 0;
  r->latent = (sim_verdict_kind)msg->latent;
  r->interrupted = msg->interrupted != 0;
  r->wake_tries = msg->wake_tries;
  r->bug_part = msg->part;
  if (msg->found) {
    struct strbuf e = {0};
    bool ok = sim_schedule_decode(enc, &r->bug, &e);
    strbuf_free(&e);
    if (!ok) return false;
    r->found = true;
  }
  return true;
}

static void worker_main(sim_program *p, const sim_explore_options *o, plan *pl, int in, int out) {
  work_msg w;
  while (read_all(in, &w, sizeof w) && !w.stop) {
    if (o->strategy == SIM_STRATEGY_DFS && w.bound != pl->bound) _exit(3); /* rounds are in step */
    part pt;
    part_of(pl, w.part, &pt);
    sim_explore_result r;
    memset(&r, 0, sizeof r);
    search_part(p, o, o->seed, w.budget, w.deadline, &pt, &r);
    result_msg msg;
    char *enc;
    to_msg(&r, w.part, &msg, &enc);
    bool ok = write_all(out, &msg, sizeof msg) && (!enc || write_all(out, enc, msg.schedule_len));
    free(enc);
    sim_explore_result_free(&r);
    if (!ok) _exit(4);
  }
  _exit(0);
}

/* ---- Combining parts -------------------------------------------------------------------- */

/* Adds part m's result to the round's; parts arrive in any order, and the
 * totals only count parts up to the first one with a bug (unless all, or
 * the bug hints at a worse one: search_policy.c).  The bug reported is the
 * most severe of those parts, the lowest part of equals, so the answer
 * does not depend on how many processes ran them. */
typedef struct round {
  sim_explore_result *parts;      /* by part number */
  bool *done;
  uint64_t n;
  uint64_t cutoff;                /* the lowest part with a bug, or n */
} round_state;

static void round_init(round_state *rs, uint64_t n) {
  rs->parts = calloc(n ? n : 1, sizeof *rs->parts);
  rs->done = calloc(n ? n : 1, sizeof *rs->done);
  sim_assert(rs->parts && rs->done, "out of memory for a split search");
  rs->n = n;
  rs->cutoff = n;
}

static void round_put(round_state *rs, const sim_explore_options *o, uint64_t m, sim_explore_result *r) {
  rs->parts[m] = *r;
  rs->parts[m].bug_part = m;
  rs->done[m] = true;
  if (r->found && !o->all && sim_verdict_severity(r->latent) <= sim_verdict_severity(r->kind) &&
      m < rs->cutoff)
    rs->cutoff = m;
}

static bool mine(const sim_explore_options *o, uint64_t m);

/* Adds the round's parts (this shard's), in order, to out; tells whether
 * every one of them was searched to its end. */
static void round_total(round_state *rs, const sim_explore_options *o, sim_explore_result *out,
                        bool *all_exhausted) {
  *all_exhausted = true;
  for (uint64_t m = 0; m < rs->n; m++) {
    if (m > rs->cutoff) break;
    if (!mine(o, m)) continue;
    if (!rs->done[m]) {
      *all_exhausted = false;
      continue;
    }
    sim_explore_result *r = &rs->parts[m];
    if (sim_verdict_severity(r->latent) > sim_verdict_severity(out->latent)) out->latent = r->latent;
    if (r->found && (!out->found || sim_verdict_severity(r->kind) > sim_verdict_severity(out->kind))) {
      if (out->found) sim_schedule_free(&out->bug);
      out->found = true;
      out->kind = r->kind;
      out->found_at = out->schedules + r->found_at;
      out->bug_preemptions = r->bug_preemptions;
      out->bug_bound = r->bug_bound;
      out->bug_part = m;
      out->bug_run = r->bug_run;
      sim_schedule_copy(&out->bug, &r->bug);
    }
    out->schedules += r->schedules;
    out->abandoned += r->abandoned;
    out->cut += r->cut;
    out->buggy += r->buggy;
    for (int k = 0; k < SIM_VERDICT_COUNT; k++) out->verdicts[k] += r->verdicts[k];
    out->timed_out |= r->timed_out;
    out->interrupted |= r->interrupted;
    out->wake_tries += r->wake_tries;
    if (!r->exhausted) *all_exhausted = false;
  }
  if (rs->cutoff < rs->n) *all_exhausted = false;
  for (uint64_t m = 0; m < rs->n; m++) sim_explore_result_free(&rs->parts[m]);
  free(rs->parts);
  free(rs->done);
}

/* Whether part m belongs to this process's shard. */
static bool mine(const sim_explore_options *o, uint64_t m) {
  return o->shard_count <= 1 || m % (uint64_t)o->shard_count == (uint64_t)(o->shard_index - 1);
}

typedef struct workers {
  int n;
  pid_t pids[64];
  int cmd[64], res[64];
  bool busy[64];
  uint64_t part[64];
} workers;

static bool start_workers(sim_program *p, const sim_explore_options *o, plan *pl, workers *ws,
                          struct strbuf *err) {
  memset(ws, 0, sizeof *ws);
  for (int j = 0; j < o->jobs; j++) {
    int to_child[2], from_child[2];
    if (pipe(to_child) != 0) {
      strbuf_printf(err, "cannot start worker processes: %s", strerror(errno));
      return false;
    }
    if (pipe(from_child) != 0) {
      close(to_child[0]);
      close(to_child[1]);
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
      /* The pipes of earlier workers are theirs: a copy held open here
       * would keep them from ever seeing end-of-file. */
      for (int k = 0; k < ws->n; k++) {
        close(ws->cmd[k]);
        close(ws->res[k]);
      }
      close(to_child[1]);
      close(from_child[0]);
      worker_main(p, o, pl, to_child[0], from_child[1]);
    }
    close(to_child[0]);
    close(from_child[1]);
    ws->pids[ws->n] = pid;
    ws->cmd[ws->n] = to_child[1];
    ws->res[ws->n] = from_child[0];
    ws->n++;
  }
  return true;
}

static void stop_workers(workers *ws) {
  work_msg w = {.stop = 1};
  for (int j = 0; j < ws->n; j++) {
    (void)write_all(ws->cmd[j], &w, sizeof w);
    close(ws->cmd[j]);
  }
  for (int j = 0; j < ws->n; j++) {
    int status;
    while (waitpid(ws->pids[j], &status, 0) < 0 && errno == EINTR) {}
    close(ws->res[j]);
  }
}

/* Runs the parts of one round (dfs: one bound) that belong to this shard:
 * in this process, or on the workers.  Returns false when a worker failed. */
static bool run_round(sim_program *p, const sim_explore_options *o, plan *pl, uint64_t n_parts,
                      double deadline, uint64_t budget, workers *ws, round_state *rs,
                      struct strbuf *err) {
  round_init(rs, n_parts);
  if (!ws) {
    for (uint64_t m = 0; m < n_parts; m++) {
      if (!mine(o, m) || m > rs->cutoff) continue;
      if (deadline > 0 && now_s() > deadline) break;
      part pt;
      part_of(pl, m, &pt);
      sim_explore_result r;
      memset(&r, 0, sizeof r);
      search_part(p, o, o->seed, budget, deadline, &pt, &r);
      round_put(rs, o, m, &r);
    }
    return true;
  }
  uint64_t next = 0;
  int running = 0;
  for (;;) {
    /* Hand parts out to idle workers, in order, up to the first bug. */
    for (int j = 0; j < ws->n; j++) {
      while (next < n_parts && (!mine(o, next) || next > rs->cutoff)) next++;
      if (ws->busy[j] || next >= n_parts || next > rs->cutoff) continue;
      if (deadline > 0 && now_s() > deadline) break;
      work_msg w = {0, pl->bound, next, deadline, budget};
      if (!write_all(ws->cmd[j], &w, sizeof w)) {
        strbuf_printf(err, "a worker process stopped unexpectedly");
        return false;
      }
      ws->busy[j] = true;
      ws->part[j] = next++;
      running++;
    }
    if (!running) return true;
    struct pollfd fds[64];
    for (int j = 0; j < ws->n; j++) fds[j] = (struct pollfd){ws->busy[j] ? ws->res[j] : -1, POLLIN, 0};
    if (poll(fds, (nfds_t)ws->n, -1) < 0) {
      if (errno == EINTR) continue;
      strbuf_printf(err, "waiting for worker processes: %s", strerror(errno));
      return false;
    }
    for (int j = 0; j < ws->n; j++) {
      if (!ws->busy[j] || !fds[j].revents) continue;
      result_msg msg;
      char *enc = NULL;
      bool ok = read_all(ws->res[j], &msg, sizeof msg);
      if (ok && msg.schedule_len) {
        enc = malloc((size_t)msg.schedule_len + 1);
        sim_assert(enc, "out of memory for a schedule");
        ok = read_all(ws->res[j], enc, msg.schedule_len);
        enc[msg.schedule_len] = '\0';
      }
      sim_explore_result r;
      if (ok) ok = from_msg(&msg, enc, &r);
      free(enc);
      if (!ok || msg.part != ws->part[j]) {
        strbuf_printf(err, "a worker process stopped unexpectedly (out of memory, or killed?)");
        return false;
      }
      round_put(rs, o, msg.part, &r);
      ws->busy[j] = false;
      running--;
    }
  }
}

/* A search cut into parts: with --jobs J > 1, or a shard. */
static bool search_split(sim_program *p, const sim_explore_options *o, uint64_t budget, double start,
                         sim_explore_result *out, struct strbuf *err) {
  bool dfs = o->strategy == SIM_STRATEGY_DFS;
  double deadline = o->time_limit_s > 0 ? start + o->time_limit_s : 0;
  plan pl = {o, {0}, 0, budget};
  out->reduced = reduced_search(o);
  out->complete = dfs && o->complete;
  out->shard_index = o->shard_index;
  out->shard_count = o->shard_count;
  int shards = o->shard_count > 1 ? o->shard_count : 1;
  if (dfs) out->split_depth = choose_depth(p, o, (uint64_t)(8 * (shards > o->jobs ? shards : o->jobs)));
  int first = dfs && !o->complete ? 0 : o->preemption_bound;
  bool ok = true;
  workers ws;
  bool forked = false;
  for (int bound = first; bound <= o->preemption_bound && ok; bound++) {
    uint64_t n_parts;
    pl.bound = bound;
    if (dfs) {
      list_prefixes(p, o, bound, out->split_depth, UINT64_MAX, &pl.prefixes);
      n_parts = pl.prefixes.n;
    } else {
      n_parts = (budget + PART_RUNS - 1) / PART_RUNS;
    }
    /* Workers are forked after the parts are known, so each has the plan. */
    if (o->jobs > 1) {
      if (forked) stop_workers(&ws);
      forked = ok = start_workers(p, o, &pl, &ws, err);
      if (!ok) break;
    }
    round_state rs;
    ok = run_round(p, o, &pl, n_parts, deadline, dfs ? o->schedules_max : budget, o->jobs > 1 ? &ws : NULL,
                   &rs, err);
    if (!ok) {
      free(rs.parts);
      free(rs.done);
      break;
    }
    out->parts += n_parts;
    bool exhausted;
    uint64_t before = out->schedules, cut_before = out->cut;
    round_total(&rs, o, out, &exhausted);
    if (dfs && exhausted) {
      out->bound = bound;
      out->schedules_in_bound = out->schedules - before;
      out->cut_in_bound = out->cut - cut_before;
      out->exhausted = true;
    } else if (!dfs) {
      out->exhausted = exhausted;
    }
    if ((out->found && !o->all && sim_verdict_severity(out->latent) <= sim_verdict_severity(out->kind)) ||
        out->timed_out || out->interrupted || !exhausted)
      break;
  }
  if (forked) stop_workers(&ws);
  prefixes_free(&pl.prefixes);
  return ok;
}

/* Probes until the estimate's standard error is within a tenth of it, or
 * 4,000 probes; the range is two standard errors each
 * way (an importance-sampled Knuth estimate, dfs.c). */
sim_explore_estimate_range sim_explore_estimate_with_range(sim_program *p, const sim_explore_options *o) {
  sim_options run = o->run;
  run.trace = false;
  sim_strategy *s = sim_strategy_dfs(o->complete ? INT_MAX : o->preemption_bound);
  sim__dfs_set_probe(s, true, o->seed);
  sim_result res;
  sim_result_init(&res);
  int n = 0;
  for (; n < 4000; n++) {
    sim_run_program(p, &run, s, &res);
    /* No wall-clock cut-off: the estimate, printed before every search,
     * must be the same on a busy machine as on an idle one. */
    if (n >= 200 && (n % 50 == 0) && sim__dfs_estimate_spread(s) < 0.1 * sim__dfs_estimate(s)) break;
  }
  double mean = sim__dfs_estimate(s), se = sim__dfs_estimate_spread(s);
  sim_result_free(&res);
  sim_strategy_destroy(s);
  double low = mean - 2 * se;
  return (sim_explore_estimate_range){mean, low < 1 ? 1 : low, mean + 2 * se, n + 1};
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

bool sim_explore(sim_program *p, const sim_explore_options *o, sim_explore_result *out,
                 struct strbuf *err) {
  memset(out, 0, sizeof *out);
  if (o->jobs < 1 || o->jobs > 64) {
    strbuf_printf(err, "--jobs must be between 1 and 64");
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
  if (o->shard_count < 0 || o->shard_count > 1000000 ||
      (o->shard_count > 0 && (o->shard_index < 1 || o->shard_index > o->shard_count))) {
    strbuf_printf(err, "--shard I/N needs 1 <= I <= N");
    return false;
  }
  bool split = o->jobs > 1 || o->shard_count > 1;
  if (split && o->prefix) {
    strbuf_printf(err, "--jobs and --shard search a whole program; replay --then searches after one "
                  "schedule, in one process");
    return false;
  }
  double start = now_s();
  uint64_t budget = o->schedules_max;
  if (!budget && o->strategy != SIM_STRATEGY_DFS) budget = 10000;
  if (split) {
    if (!search_split(p, o, budget, start, out, err)) return false;
  } else {
    part whole = {.only_bound = -1};
    search_part(p, o, o->seed, budget, o->time_limit_s > 0 ? start + o->time_limit_s : 0, &whole, out);
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
