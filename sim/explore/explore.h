/* The explore layer: strategies (random.c, pct.c, dfs.c, replay.c), the
 * schedule codec (schedule.c), one run of a program under a strategy
 * (run.c, which wires the layers below together), and the search over many
 * runs (explore.c).  The public half is in loaderlab.h.
 *
 * A strategy is a sim_strategy whose ops (kernel.h) the scheduler calls at
 * every scheduling point with a choice.
 */
#ifndef SIM_EXPLORE_H
#define SIM_EXPLORE_H

#include "check.h"

/* DFS: probe mode makes random descents instead of a search, so that
 * sim__dfs_estimate can give Knuth's estimate of the number of schedules
 * within the bound from the runs made so far. */
void sim__dfs_set_probe(sim_strategy *s, bool probe, uint64_t seed);
double sim__dfs_estimate(const sim_strategy *s);

/* A small, fast, seedable generator (splitmix64). */
static inline uint64_t sim__rng_next(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static inline uint64_t sim__rng_below(uint64_t *state, uint64_t n) {
  return n ? sim__rng_next(state) % n : 0;
}

#endif
