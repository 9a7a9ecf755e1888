/* The random strategy: at every scheduling point with a choice, a uniform
 * pick among the ready threads.  Run i of a seed uses its own stream, so
 * run i can be reproduced from (seed, i) as well as from its schedule. */
#include <stdlib.h>

#include "explore.h"

typedef struct {
  sim_strategy base;
  uint64_t seed, run, state;
} random_strategy;

static void random_begin(sim_strategy *s) {
  random_strategy *r = (random_strategy *)s;
  r->state = r->seed * 0x9E3779B97F4A7C15ULL + r->run++;
  sim__rng_next(&r->state);
}

static int random_pick(sim_strategy *s, const sim_decision *d) {
  random_strategy *r = (random_strategy *)s;
  return (int)sim__rng_below(&r->state, (uint64_t)d->n_ready);
}

static bool random_end(sim_strategy *s) {
  (void)s;
  return true;
}

static void random_destroy(sim_strategy *s) { free(s); }

static const sim_strategy_ops random_ops = {
    .name = "random", .begin_run = random_begin, .pick = random_pick, .end_run = random_end, .destroy = random_destroy};

sim_strategy *sim_strategy_random(uint64_t seed) {
  random_strategy *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->base.ops = &random_ops;
  r->seed = seed;
  return &r->base;
}

void sim__random_set_run(sim_strategy *s, uint64_t run) { ((random_strategy *)s)->run = run; }

void sim_strategy_destroy(sim_strategy *s) {
  if (s && s->ops->destroy) s->ops->destroy(s);
}
