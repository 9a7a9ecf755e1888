/* PCT: probabilistic concurrency testing.  Each thread gets a random
 * priority when it first shows up (above depth); depth-1 change points are
 * spread uniformly over the expected number of steps; at a change point the
 * thread that runs has its priority dropped below every initial one.  The
 * highest-priority ready thread always runs.  The step estimate grows to
 * the longest run seen. */
#include <stdlib.h>
#include <string.h>

#include "explore.h"

enum { PCT_THREADS = 4096, PCT_DEPTH_MAX = 16 };

typedef struct {
  sim_strategy base;
  uint64_t seed, run, state;
  int depth;
  uint64_t steps_hint, longest;
  uint64_t change[PCT_DEPTH_MAX];
  uint32_t prio[PCT_THREADS];     /* by thread id; 0 = not assigned yet */
} pct_strategy;

static void pct_begin(sim_strategy *s) {
  pct_strategy *p = (pct_strategy *)s;
  p->state = p->seed * 0x9E3779B97F4A7C15ULL + p->run++;
  sim__rng_next(&p->state);
  memset(p->prio, 0, sizeof p->prio);
  uint64_t k = p->longest > p->steps_hint ? p->longest : p->steps_hint;
  if (k < 2) k = 2;
  for (int i = 0; i < p->depth - 1; i++) p->change[i] = 1 + sim__rng_below(&p->state, k);
}

static uint32_t prio_of(pct_strategy *p, int id) {
  if (id >= PCT_THREADS) return 1;
  if (!p->prio[id]) p->prio[id] = (uint32_t)p->depth + 1 + (uint32_t)sim__rng_below(&p->state, 1u << 30);
  return p->prio[id];
}

static int pct_pick(sim_strategy *s, const sim_decision *d) {
  pct_strategy *p = (pct_strategy *)s;
  if (d->step > p->longest) p->longest = d->step;
  int best = 0;
  for (int i = 0; i < d->n_ready; i++)
    if (prio_of(p, d->ready[i]->id) > prio_of(p, d->ready[best]->id)) best = i;
  for (int i = 0; i < p->depth - 1; i++) {
    if (p->change[i] != d->step) continue;
    /* Drop the thread about to run below every initial priority. */
    int id = d->ready[best]->id;
    if (id < PCT_THREADS) p->prio[id] = (uint32_t)(i + 1);
    best = 0;
    for (int k = 0; k < d->n_ready; k++)
      if (prio_of(p, d->ready[k]->id) > prio_of(p, d->ready[best]->id)) best = k;
  }
  return best;
}

static bool pct_end(sim_strategy *s) {
  (void)s;
  return true;
}

static void pct_destroy(sim_strategy *s) { free(s); }

static const sim_strategy_ops pct_ops = {
    .name = "pct", .begin_run = pct_begin, .pick = pct_pick, .end_run = pct_end, .destroy = pct_destroy};

sim_strategy *sim_strategy_pct(uint64_t seed, int depth, uint64_t steps_hint) {
  pct_strategy *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  p->base.ops = &pct_ops;
  p->seed = seed;
  p->depth = depth < 1 ? 1 : depth > PCT_DEPTH_MAX ? PCT_DEPTH_MAX : depth;
  p->steps_hint = steps_hint;
  return &p->base;
}
