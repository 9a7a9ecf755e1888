/* Strategies: who runs next at each scheduling point.
 *
 * random  - a seeded uniform choice among ready threads at every point;
 * pct     - probabilistic concurrency testing (Burckhardt et al., ASPLOS
 *           2010): random thread priorities and depth-1 random points where
 *           the running thread's priority drops, which finds any bug of
 *           depth d with probability at least 1/(n k^(d-1));
 * dfs     - exhaustive depth-first search of every schedule with at most K
 *           preemptions (context bounding, as in CHESS);
 * replay  - follows a recorded schedule, then the default or another
 *           strategy.
 */
#ifndef SIM_STRATEGY_H
#define SIM_STRATEGY_H

#include "sim.h"

sim_strategy *sim_strategy_random(uint64_t seed);
sim_strategy *sim_strategy_pct(uint64_t seed, int depth, uint64_t steps_hint);
/* Exhaustive search up to `bound` preemptions. */
sim_strategy *sim_strategy_dfs(int bound);
/* Follows s (copied).  lenient: choices that no longer apply are skipped
 * instead of ending the run as diverged.  then: takes over after the last
 * recorded choice (owned by the replay strategy), or NULL for defaults. */
sim_strategy *sim_strategy_replay(const sim_schedule *s, bool lenient, sim_strategy *then);
void sim_strategy_destroy(sim_strategy *s);

/* DFS introspection. */
uint64_t sim_dfs_schedules(const sim_strategy *s);
bool sim_dfs_exhausted(const sim_strategy *s);
/* Knuth's estimate of the number of schedules within the bound, from the
 * runs made so far in probe mode. */
void sim_dfs_set_probe(sim_strategy *s, bool probe, uint64_t seed);
double sim_dfs_estimate(const sim_strategy *s);

/* Replay introspection: a divergence message, or NULL. */
const char *sim_replay_divergence(const sim_strategy *s);

/* A small, fast, seedable generator (splitmix64). */
static inline uint64_t sim_rng_next(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static inline uint64_t sim_rng_below(uint64_t *state, uint64_t n) {
  return n ? sim_rng_next(state) % n : 0;
}

/* ---- Schedule encoding (schedule.c) ---------------------------------------------- */

/* "1.212.9f3c01ab.17t2a25c.40t1a59c": version, steps, hash of the run,
 * then each recorded choice: step, thread, call number, phase letter
 * (s start, c call, r return, y retry).  Writes into out (malloc'd). */
char *sim_schedule_encode(const sim_schedule *s);
/* Parses an encoding; on error returns false and explains in err. */
bool sim_schedule_decode(const char *text, sim_schedule *out, struct strbuf *err);
void sim_schedule_copy(sim_schedule *dst, const sim_schedule *src);
void sim_schedule_free(sim_schedule *s);
/* After a replay: whether the run matched the whole recorded run; if not,
 * explains in err. */
bool sim_schedule_check_end(const sim_schedule *recorded, const sim_result *run,
                            struct strbuf *err);

#endif
