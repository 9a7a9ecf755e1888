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
 * the size of the bounded tree (the mean over probes of the product of the
 * number of allowed choices along the path), for "about N schedules" before
 * a long search.
 *
 * The search is stateless: it keeps only the decisions of the current path,
 * and relies on runs being deterministic.  Left out: partial-order
 * reduction (DPOR) and state caching.
 */
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
  double probe_product, probe_sum;
  uint64_t probes;
} dfs_strategy;

static int index_of_pos(const dfs_node *n, int pos) {
  if (pos == 0) return n->def;
  int k = pos - 1;
  return k < n->def ? k : k + 1;
}

static void dfs_begin(sim_strategy *s) {
  dfs_strategy *d = (dfs_strategy *)s;
  d->cursor = 0;
  d->preemptions = 0;
  d->probe_product = 1.0;
  if (d->probe) {
    d->n_nodes = 0;
    d->n_ids = 0;
    d->prefix = 0;
  }
}

static int dfs_pick(sim_strategy *s, const sim_decision *dec) {
  dfs_strategy *d = (dfs_strategy *)s;
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
  /* A new decision: record it and take the default (or, probing, a random
   * allowed choice). */
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
  n->preemptible = dec->cur_ready;
  n->pre_before = d->preemptions;
  d->cursor++;
  d->prefix = d->cursor;
  if (d->probe) {
    int allowed = (!n->preemptible || d->preemptions < d->bound) ? n->n : 1;
    d->probe_product *= allowed;
    n->pos = (int)sim__rng_below(&d->probe_state, (uint64_t)allowed);
    if (n->pos > 0 && n->preemptible) d->preemptions++;
  }
  return index_of_pos(n, n->pos);
}

static bool dfs_end(sim_strategy *s) {
  dfs_strategy *d = (dfs_strategy *)s;
  d->schedules++;
  if (d->probe) {
    d->probes++;
    d->probe_sum += d->probe_product;
    return true;
  }
  for (int i = d->n_nodes - 1; i >= 0; i--) {
    dfs_node *n = &d->nodes[i];
    int next = n->pos + 1;
    int cost = n->preemptible ? 1 : 0;
    if (next < n->n && n->pre_before + cost <= d->bound) {
      n->pos = next;
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
  free(d->nodes);
  free(d->ids);
  free(d);
}

static const sim_strategy_ops dfs_ops = {"dfs", dfs_begin, dfs_pick, dfs_end, dfs_destroy};

sim_strategy *sim_strategy_dfs(int bound) {
  dfs_strategy *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  d->base.ops = &dfs_ops;
  d->bound = bound < 0 ? 0 : bound;
  return &d->base;
}

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
