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
/* The standard error of that estimate. */
double sim__dfs_estimate_spread(const sim_strategy *s);

/* ---- Partial-order reduction (dependence.c, dpor.c) ---------------------------- */

/* Calls whose footprint the dependence relation trusts (by enum sim_api);
 * a step through any other call is global. */
extern const bool sim__declared_calls[SIM_API_COUNT];
/* Whether two footprint entries (resource << 1 | written) conflict. */
bool sim__dep_conflict(uint64_t a, uint64_t b);
/* Whether two steps must be explored in both orders.  Their entries must
 * be sorted by resource. */
bool sim__dep_dependent(const sim_footprint *a, const sim_footprint *b);

/* The reduced search's own figures: whether the run just made was cut
 * short as redundant (not a schedule of its own), and whether the search
 * is over. */
bool sim__dpor_abandoned(const sim_strategy *s);
bool sim__dpor_exhausted(const sim_strategy *s);
void sim__dpor_counts(const sim_strategy *s, uint64_t *schedules, uint64_t *abandoned);
bool sim__is_dpor(const sim_strategy *s);
/* A hash of the last run's happens-before order: equal for equivalent runs
 * (different ones collide with negligible probability). */
uint64_t sim__dpor_class(const sim_strategy *s);
/* The same search without reduction (every schedule within the bound), for
 * comparing the two. */
sim_strategy *sim__strategy_dpor_unreduced(int bound);

/* ---- The state cache of the complete reduced search (state_cache.c) ---------- */

typedef struct sim_state_cache sim_state_cache;

/* One thing a step below a state did, which a step before that state may
 * race with: its access (a footprint entry, resource << 1 | written), or
 * SIM_SUMMARY_GLOBAL for a global step; its thread; and after_of, the
 * threads (bit t for thread t < 64) some step of which below the state
 * happens before it, so that it happens after whatever happens before
 * their next step, whichever way the state was reached (bit 0: a jump of
 * virtual time, which follows everything before it).  (For several
 * steps with one access and thread, the threads all of them follow.) */
typedef struct sim_summary_item {
  uint64_t acc;
  uint64_t after_of;
  int tid;
} sim_summary_item;
#define SIM_SUMMARY_GLOBAL UINT64_MAX

/* With summaries, every state keeps the set of what the steps below it
 * did (the complete reduced search needs it to cut where several threads
 * are alive). */
sim_state_cache *sim__state_cache_new(bool summaries);
/* A step made below every pending state (a new one, not a repeated one),
 * with its vector clock (clock[t]: how many of thread t's steps happen
 * before it or are it). */
void sim__state_cache_note(sim_state_cache *c, int tid, const uint64_t *acc, int n_acc, bool global,
                           const uint32_t *clock, int clock_len);
void sim__state_cache_free(sim_state_cache *c);
/* The fingerprint of the current run's state at a cut point; false where
 * the state holds something it does not describe. */
bool sim__state_fingerprint(sim_fingerprint *out, bool several);
/* At a cut point (dec->cur at the start of a call; the only thread alive
 * unless several), after depth decisions, with budget preemptions left
 * (INT_MAX: no bound) and the threads in asleep (bit t: thread t) asleep:
 * whether the run may stop here, its state's search being finished.  Then
 * *end is where the longest run below the state ended and *below the steps
 * of all of them, for sim__state_cache_run_ended, and *items the state's
 * summary.  Otherwise the state is kept, pending, unless may_keep is
 * false (a sleeping thread the mask cannot hold). */
bool sim__state_cache_try_cut(sim_state_cache *c, const sim_decision *dec, int depth, int budget,
                              uint64_t steps_max, bool several, uint64_t asleep, bool may_keep,
                              const uint32_t *seq, int n_seq, uint64_t *end, uint64_t *below,
                              const sim_summary_item **items, size_t *n_items);
/* A run ended at this step (for a cut run, where the longest run it
 * stands for ended, and stands_for the steps below the state it was cut
 * at; 0 for a run that ran to its end). */
void sim__state_cache_run_ended(sim_state_cache *c, uint64_t end_step, uint64_t stands_for, uint64_t steps_max);
/* The search backtracks to decision depth: states reached below it are
 * searched. */
void sim__state_cache_settle(sim_state_cache *c, int depth);
/* Tests: counts a fingerprint taken at a program point (a call's return
 * address; 0 for a thread's exit), as a cut point does, and reads how many
 * were counted there (0 also for a point the cost table has no room for). */
void sim__state_cache_count_try(sim_state_cache *c, uintptr_t point);
uint64_t sim__state_cache_tries_at(sim_state_cache *c, uintptr_t point);
/* Whether a cut point at this program point is worth a fingerprint: always
 * in the reduced complete search (a cache with summaries), elsewhere while
 * cuts there have saved enough steps per fingerprint. */
bool sim__state_cache_worth_trying(sim_state_cache *c, uintptr_t point);
/* Each DFS's own: whether its last run was cut. */
bool sim__is_dfs(const sim_strategy *s);
bool sim__dfs_cut(const sim_strategy *s);
bool sim__dpor_cut(const sim_strategy *s);
/* How many runs the complete reduced search cut where more than one
 * thread was alive. */
uint64_t sim__dpor_cuts_several(const sim_strategy *s);
/* How many runs it cut where a thread was asleep (at a state searched
 * before with none of the threads awake there asleep). */
uint64_t sim__dpor_cuts_asleep(const sim_strategy *s);
/* Whether the last run stopped at a state already searched (not a
 * schedule of its own). */
bool sim__search_run_cut(const sim_strategy *s);
/* Whether a DFS made from now on keeps a state cache (off unless set on;
 * explore.c sets it from sim_explore_options.state_cache). */
bool sim__state_cache_wanted(void);
void sim__state_cache_set_wanted(bool on);

/* Splitting a DFS into parts (dfs.c, dpor.c): split mode makes each run
 * stop at its decision depth + 1 and lists the choices (ready indexes) of
 * its first decisions that have a choice; a forced prefix makes a search
 * run only the subtree below those choices. */
void sim__dfs_set_split(sim_strategy *s, int depth);
bool sim__dfs_last_prefix(const sim_strategy *s, int *choices, int max, int *n);
void sim__dfs_force(sim_strategy *s, const int *choices, int n);
void sim__dpor_force(sim_strategy *s, const int *choices, int n);
/* random.c: the next run is run number `run` of the seed. */
void sim__random_set_run(sim_strategy *s, uint64_t run);

/* ---- What a search keeps and when it stops (search_policy.c) ---- */

typedef struct sim_search_clock {
  double start, limit, last_progress;
  const volatile sig_atomic_t *interrupt;
} sim_search_clock;

/* A buggy run: keeps it as the bug to report if it is more severe than the
 * one kept; returns whether it did. */
bool sim__search_keep_bug(sim_explore_result *out, const sim_result *res);
/* Whether a search that would stop here should look further for the worse
 * verdict a run was one wake-up away from. */
bool sim__search_looks_further(const sim_explore_options *o, const sim_explore_result *out);
/* A buggy run that left a thread parked in an unloaded DLL: tries the
 * runs that pick that thread at each of the steps after the unload, and
 * keeps the worst (counted as schedules of the search).  Returns whether
 * it found the verdict the parked thread was one wake-up away from. */
#define SIM_WAKE_RUNS_MAX 8
#define SIM_WAKE_STEPS_MAX 256
bool sim__search_wake_parked(sim_program *p, const sim_options *run, const sim_result *res,
                             sim_explore_result *out);
void sim__search_clock_start(sim_search_clock *c, const sim_explore_options *o);
/* A sim_options.should_stop: the time limit passed, or Ctrl-C. */
bool sim__search_should_stop(void *ctx);
/* Calls o->progress, at most four times a second. */
void sim__search_progress(const sim_explore_options *o, sim_search_clock *c,
                          const sim_explore_result *out, int bound);

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
