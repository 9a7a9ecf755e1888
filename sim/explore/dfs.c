/* Exhaustive search with a preemption bound (iterative context bounding,
 * as in Musuvathi and Qadeer's CHESS).  Each run replays the choices of the
 * previous one up to the deepest decision with an untried alternative,
 * takes that alternative, and continues with default picks.  Switching away
 * from a thread that could have gone on costs one preemption; choosing who
 * runs after a thread blocked, exited or yielded costs nothing.  When no
 * alternative within the bound is left, the bounded space is exhausted and
 * that is a certificate: no schedule with at most K preemptions has a bug.
 *
 * Probe mode makes random descents instead and keeps Knuth's estimate of
 * the size of the bounded tree, for "about N schedules" before a long
 * search: the mean over probes of 1 / (the probability of the path taken).
 * A uniform descent spends the preemption budget at the first chances it
 * gets, while most schedules of a bounded tree spend it later, so the plain
 * estimate is far too low as a rule; the probes here preempt at each chance
 * with the probability that spreads the budget over the run (the budget
 * left over the chances left, learned from earlier probes), which keeps the
 * estimate unbiased and makes its spread small enough to report.
 *
 * The search is stateless: it keeps only the decisions of the current path,
 * and relies on runs being deterministic.  dpor.c is the same search with
 * partial-order reduction; this one runs every schedule.
 *
 * For parallel and sharded searches (explore.c) the tree is cut into
 * parts: split mode lists the prefixes of its first D decisions (a run
 * stops at its D+1-th decision), and a forced prefix makes a search run
 * only the subtree below one of them.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explore.h"

typedef struct {
  int first_id;                   /* offset of the ready ids in ids[] */
  int n;                          /* ready threads */
  int def;                        /* default index */
  int pos;                        /* choice: 0 = default, then the others in id order */
  bool preemptible;               /* a non-default pick costs a preemption */
  int pre_before;                 /* preemptions spent before this decision */
  bool frozen;                    /* forced: no alternative is tried here */
} dfs_node;

typedef struct {
  sim_strategy base;
  int bound;
  dfs_node *nodes;
  int n_nodes, cap_nodes;         /* path of the current run */
  int prefix;                     /* nodes the current run replays */
  int *ids;
  int n_ids, cap_ids;
  int cursor, preemptions;
  uint64_t schedules;
  bool exhausted;
  bool nondeterministic;
  bool probe;
  uint64_t probe_state;
  double probe_product, probe_sum, probe_sum2;
  uint64_t probes;
  int probe_chances;              /* preemption chances in this probe */
  double chances_mean;            /* per run, over the probes so far */
  int split;                      /* split mode: stop at decision split + 1 (0: off) */
  bool split_stopped;             /* the last run stopped there */
  int *forced;                    /* forced choices (ready indexes) of the first decisions */
  int n_forced;
  int *last;                      /* the choices of the last run's decisions */
  int n_last, cap_last;
  /* The state cache (state_cache.c): the current run stopped at a state
   * already searched (cut_end: where the longest run it stands for
   * ended). */
  sim_state_cache *cache;
  bool cut;
  uint64_t cut_end, cut_below, last_step, steps_max;
} dfs_strategy;

static int index_of_pos(const dfs_node *n, int pos) {
  if (pos == 0) return n->def;
  int k = pos - 1;
  return k < n->def ? k : k + 1;
}

static void dfs_begin(sim_strategy *s) {
  dfs_strategy *d = (dfs_strategy *)s;
  if (d->cache) sim__current_run->scrub_stacks = true;
  d->cursor = 0;
  d->split_stopped = false;
  d->cut = false;
  d->preemptions = 0;
  d->probe_product = 1.0;
  d->probe_chances = 0;
  if (d->probe) {
    d->n_nodes = 0;
    d->n_ids = 0;
    d->prefix = 0;
  }
}

/* At a decision with one ready thread: a cut point of the state cache if
 * the state is one a fingerprint describes.  Every schedule below a point
 * depends only on the state there and the preemptions left, so a state
 * searched with at least as many left needs no second search. */
static void dfs_alone(sim_strategy *s, const sim_decision *dec) {
  dfs_strategy *d = (dfs_strategy *)s;
  d->last_step = dec->step;
  if (!d->steps_max) d->steps_max = sim__current_run->opt.steps_max;
  if (!d->cache || d->probe || d->split || d->nondeterministic || d->cursor < d->prefix || !dec->cur) return;
  int budget = d->bound == INT_MAX ? INT_MAX : d->bound - d->preemptions;
  const sim_summary_item *items;
  size_t n_items;
  if (!sim__state_cache_try_cut(d->cache, dec, d->n_nodes, budget, d->steps_max, false, 0, true, NULL, 0,
                                &d->cut_end, &d->cut_below, &items, &n_items))
    return;
  d->cut = true;
  sim__finish(SIM_VERDICT_OK, dec->cur,
              "cut: every schedule from this state, within the preemptions left, was searched "
              "already (reached before by another way)");
}

static int dfs_pick(sim_strategy *s, const sim_decision *dec) {
  dfs_strategy *d = (dfs_strategy *)s;
  d->last_step = dec->step;
  if (d->cursor < d->prefix) {
    dfs_node *n = &d->nodes[d->cursor++];
    bool same = n->n == dec->n_ready && n->def == dec->default_index;
    for (int i = 0; same && i < n->n; i++) same = d->ids[n->first_id + i] == dec->ready[i]->id;
    if (!same) {
      /* A run that does not repeat itself: stop relying on the path. */
      d->nondeterministic = true;
      d->prefix = d->cursor - 1;
      d->n_nodes = d->prefix;
    } else {
      int idx = index_of_pos(n, n->pos);
      if (n->pos > 0 && n->preemptible) d->preemptions++;
      return idx;
    }
  }
  /* Split mode: the prefix is long enough; the part below is another
   * search's. */
  if (d->split && d->n_nodes >= d->split) {
    d->split_stopped = true;
    sim__finish(SIM_VERDICT_OK, dec->cur, "split: the search below this prefix is another part's");
  }
  /* A new decision: record it and take the default (or, probing, a random
   * allowed choice, or the choice a forced prefix makes). */
  if (d->n_nodes == d->cap_nodes) {
    d->cap_nodes = d->cap_nodes ? d->cap_nodes * 2 : 256;
    d->nodes = realloc(d->nodes, (size_t)d->cap_nodes * sizeof *d->nodes);
    sim_assert(d->nodes, "out of memory for the DFS stack");
  }
  while (d->n_ids + dec->n_ready > d->cap_ids) {
    d->cap_ids = d->cap_ids ? d->cap_ids * 2 : 1024;
    d->ids = realloc(d->ids, (size_t)d->cap_ids * sizeof *d->ids);
    sim_assert(d->ids, "out of memory for the DFS stack");
  }
  dfs_node *n = &d->nodes[d->n_nodes++];
  n->first_id = d->n_ids;
  for (int i = 0; i < dec->n_ready; i++) d->ids[d->n_ids++] = dec->ready[i]->id;
  n->n = dec->n_ready;
  n->def = dec->default_index;
  n->pos = 0;
  n->preemptible = dec->preempts;
  n->pre_before = d->preemptions;
  n->frozen = false;
  d->cursor++;
  d->prefix = d->cursor;
  if (d->n_nodes <= d->n_forced) {
    /* Forced: the only choice at this decision. */
    int want = d->forced[d->n_nodes - 1];
    n->pos = want == n->def ? 0 : want < n->def ? want + 1 : want;
    if (want >= n->n) n->pos = 0; /* a run that does not repeat the prefix */
    n->frozen = true;
    if (n->pos > 0 && n->preemptible) d->preemptions++;
  } else if (d->probe) {
    if (!n->preemptible || d->bound == INT_MAX) {
      /* A free choice, or no bound to spread: uniform. */
      d->probe_product *= n->n;
      n->pos = (int)sim__rng_below(&d->probe_state, (uint64_t)n->n);
    } else if (d->preemptions >= d->bound) {
      n->pos = 0;
    } else {
      /* Preempt with the probability that spreads the budget left over
       * the chances left in a typical run. */
      double left = d->chances_mean - d->probe_chances;
      double q = left > 1 ? (double)(d->bound - d->preemptions) / left : 0.5;
      if (q > 0.5) q = 0.5;
      if (q < 1e-3) q = 1e-3;
      double u = (double)(sim__rng_next(&d->probe_state) >> 11) / 9007199254740992.0;
      if (u >= q) {
        n->pos = 0;
        d->probe_product /= 1 - q;
      } else {
        n->pos = 1 + (int)sim__rng_below(&d->probe_state, (uint64_t)(n->n - 1));
        d->probe_product *= (n->n - 1) / q;
        d->preemptions++;
      }
    }
    if (n->preemptible) d->probe_chances++;
  }
  return index_of_pos(n, n->pos);
}

static bool dfs_end(sim_strategy *s) {
  dfs_strategy *d = (dfs_strategy *)s;
  if (!d->cut) d->schedules++;
  if (d->cache) sim__state_cache_run_ended(d->cache, d->cut ? d->cut_end : d->last_step, d->cut ? d->cut_below : 0,
                                         d->steps_max);
  if (d->split) {
    if (d->n_nodes > d->cap_last) {
      d->cap_last = d->n_nodes;
      d->last = realloc(d->last, (size_t)d->cap_last * sizeof *d->last);
      sim_assert(d->last, "out of memory for a split search");
    }
    for (int i = 0; i < d->n_nodes; i++) d->last[i] = index_of_pos(&d->nodes[i], d->nodes[i].pos);
    d->n_last = d->n_nodes;
  }
  if (d->probe) {
    d->probes++;
    d->probe_sum += d->probe_product;
    d->probe_sum2 += d->probe_product * d->probe_product;
    d->chances_mean += (d->probe_chances - d->chances_mean) / (double)d->probes;
    return true;
  }
  for (int i = d->n_nodes - 1; i >= 0; i--) {
    dfs_node *n = &d->nodes[i];
    if (n->frozen) continue;
    int next = n->pos + 1;
    int cost = n->preemptible ? 1 : 0;
    if (next < n->n && n->pre_before + cost <= d->bound) {
      n->pos = next;
      if (d->cache) sim__state_cache_settle(d->cache, i);
      d->n_nodes = i + 1;
      d->n_ids = n->first_id + n->n;
      d->prefix = d->n_nodes;
      return true;
    }
  }
  d->exhausted = true;
  d->n_nodes = 0;
  d->prefix = 0;
  return false;
}

static void dfs_destroy(sim_strategy *s) {
  dfs_strategy *d = (dfs_strategy *)s;
  sim__state_cache_free(d->cache);
  free(d->forced);
  free(d->last);
  free(d->nodes);
  free(d->ids);
  free(d);
}

static const sim_strategy_ops dfs_ops = {.name = "dfs",
                                         .begin_run = dfs_begin,
                                         .pick = dfs_pick,
                                         .end_run = dfs_end,
                                         .destroy = dfs_destroy,
                                         .alone = dfs_alone};

sim_strategy *sim_strategy_dfs(int bound) {
  dfs_strategy *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  d->base.ops = &dfs_ops;
  d->bound = bound < 0 ? 0 : bound;
  if (sim__state_cache_wanted()) d->cache = sim__state_cache_new(false);
  return &d->base;
}

bool sim__is_dfs(const sim_strategy *s) { return s->ops == &dfs_ops; }
bool sim__dfs_cut(const sim_strategy *s) { return ((const dfs_strategy *)s)->cut; }

bool sim_dfs_exhausted(const sim_strategy *s) { return ((const dfs_strategy *)s)->exhausted; }

void sim__dfs_set_probe(sim_strategy *s, bool probe, uint64_t seed) {
  dfs_strategy *d = (dfs_strategy *)s;
  d->probe = probe;
  d->probe_state = seed;
  d->n_nodes = d->prefix = d->n_ids = 0;
  if (!probe) {
    d->schedules = 0;
    d->exhausted = false;
  }
}

double sim__dfs_estimate(const sim_strategy *s) {
  const dfs_strategy *d = (const dfs_strategy *)s;
  return d->probes ? d->probe_sum / (double)d->probes : 0.0;
}

void sim__dfs_set_split(sim_strategy *s, int depth) { ((dfs_strategy *)s)->split = depth; }

bool sim__dfs_last_prefix(const sim_strategy *s, int *choices, int max, int *n) {
  const dfs_strategy *d = (const dfs_strategy *)s;
  *n = 0;
  for (int i = 0; i < d->n_last && i < max; i++) choices[(*n)++] = d->last[i];
  return d->split_stopped;
}

void sim__dfs_force(sim_strategy *s, const int *choices, int n) {
  dfs_strategy *d = (dfs_strategy *)s;
  free(d->forced);
  d->forced = NULL;
  d->n_forced = 0;
  if (n <= 0) return;
  d->forced = malloc((size_t)n * sizeof *d->forced);
  sim_assert(d->forced, "out of memory for a forced prefix");
  memcpy(d->forced, choices, (size_t)n * sizeof *choices);
  d->n_forced = n;
}

double sim__dfs_estimate_spread(const sim_strategy *s) {
  const dfs_strategy *d = (const dfs_strategy *)s;
  if (d->probes < 2) return 0;
  double n = (double)d->probes, mean = d->probe_sum / n;
  double var = (d->probe_sum2 / n - mean * mean) * n / (n - 1);
  return var > 0 ? sqrt(var / n) : 0;
}
