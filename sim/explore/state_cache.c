/* The state cache of the complete reduced search (dpor.c): a later part of
 * a run is searched once per state it starts from, not once per way of
 * reaching that state.
 *
 * Why the search needs it: a program that repeats (a host that loads,
 * uses and unloads a DLL three times) has classes of executions that
 * multiply from cycle to cycle, although every cycle ends in the same
 * state: the DLL gone, its threads gone, the host about to go round
 * again.  A stateless search runs every combination of one class per
 * cycle; with the cache, each later cycle is searched once per distinct
 * state it starts from.
 *
 * Where a run may be cut (a cut point), all of these hold:
 * - exactly one thread is alive, it is the one running, and it is at the
 *   start of a call (kernel/fingerprint.c refuses anything else);
 * - every step made so far happens before that thread's next step (its
 *   vector clock covers every thread's last step and the clock's), so no
 *   step before the point races with any step after it, and the search
 *   below the point does not depend on how the point was reached;
 * - the sleep set there is empty, so the search below it is the whole
 *   search from that state, not part of it.
 * Then the state (fingerprint, below) decides everything that can happen
 * after the point, and the search below it decides every class of
 * executions that starts there.  A run that reaches a cut point with the
 * state of one whose search below is finished stops there ("cut"): the
 * classes it would run are those already run, each after a prefix with
 * the same state, hence the same verdicts, exit codes and output.
 *
 * A state's search is finished once the search has backtracked above the
 * point (dpor.c calls sim__state_cache_settle with the depth it backtracks
 * to); until then its entry is pending and cuts nothing (the point may be
 * reached again inside its own subtree only if the state repeats, which a
 * program whose runs end cannot do, but the rule needs no such argument).
 *
 * Under a preemption bound (dfs.c), what can happen below a point also
 * depends on the preemptions left there, so an entry keeps the most it was
 * searched with, and a run is cut only where it has no more left.
 *
 * Trying costs a fingerprint, which is worth it only where the search
 * below a state is big: a program point where the cuts saved few steps per
 * fingerprint (counting every run below the states cut, at the end of a
 * program that runs its threads once a handful) is not tried any more
 * after a few dozen (worth_trying).  That decides
 * only how much is cut, never whether a cut is right.
 *
 * The step count is the one part of the state a fingerprint leaves out (it
 * differs between prefixes that reach the same state with more or fewer
 * steps, and only the run's step limit reads it).  So an entry keeps the
 * longest run below it, counted from the point, and a cut is made only
 * where that run, moved to the new point, stays within the step limit, and
 * never from a state below which a run reached the limit.
 *
 * What the fingerprint covers, layer by layer: kernel/fingerprint.c (the
 * run's counters, handles, objects, threads, the live thread's registers
 * and stack, output, heap, stack pool), loader/fingerprint.c (modules,
 * static data, image protection, leak candidates, misuse, atexit) and
 * check/lock_order.c (the lock-order graph).  docs/scale.md lists what it
 * leaves out and why a program cannot see it.
 */
#include <stdlib.h>
#include <string.h>

#include "explore.h"

typedef struct cache_entry {
  uint64_t a, b;                  /* the fingerprint; a == 0 && b == 0: empty slot */
  uint64_t longest;               /* steps of the longest run below it, from the point */
  uint64_t steps_below;           /* steps of all the runs below it, from the point */
  int budget_done;                /* searched below with this many preemptions left (-1: not yet) */
  bool pending;                   /* being searched below now */
  bool limit_reached;             /* a run below it reached the step limit */
} cache_entry;

typedef struct pending {
  size_t slot;
  uintptr_t point;                /* where the program was (its call's return address) */
  int depth;                      /* the decisions made before its cut point */
  int budget;                     /* preemptions left there */
  uint64_t step_at;               /* the step of its cut point */
} pending;

/* What cutting at one point of the program has been worth: fingerprints
 * taken there, and the steps the cuts there saved. */
typedef struct point_stats {
  uintptr_t point;                /* 0: empty slot */
  uint64_t tries, saved;
} point_stats;

#define POINTS 1024               /* slots; points past that are always tried */
/* A point whose cuts saved fewer steps than this per fingerprint taken,
 * over at least POINT_SAMPLES fingerprints, is not tried any more: a
 * fingerprint costs about as much as 30 steps here (bench/), more than the
 * cuts save at, say, the end of a program that runs its threads once. */
#define POINT_STEPS_MIN 64
#define POINT_SAMPLES 64

struct sim_state_cache {
  cache_entry *slots;
  size_t cap, used;
  point_stats points[POINTS];
  pending *pending;
  int n_pending, cap_pending;
};

/* Fingerprints kept at most; past that, states are still looked up but no
 * new one is kept (the search stays sound, it only cuts less). */
#define ENTRIES_MAX ((size_t)1 << 24)

sim_state_cache *sim__state_cache_new(void) {
  sim_state_cache *c = calloc(1, sizeof *c);
  sim_assert(c, "out of memory for the state cache");
  return c;
}

void sim__state_cache_free(sim_state_cache *c) {
  if (!c) return;
  free(c->slots);
  free(c->pending);
  free(c);
}

bool sim__state_fingerprint(sim_fingerprint *out) {
  const sim_run *r = sim__current_run;
  sim__fingerprint_init(out);
  if (!r || !sim__kernel_fingerprint(r, out) || !sim__loader_fingerprint(r, out)) return false;
  sim__lock_order_fingerprint(r, out);
  sim__fingerprint_finish(out);
  /* The empty slot's mark is not a fingerprint. */
  if (out->a == 0 && out->b == 0) out->b = 1;
  return true;
}

static size_t slot_of(const sim_state_cache *c, uint64_t a, uint64_t b) {
  size_t mask = c->cap - 1;
  size_t k = (size_t)(a ^ (b >> 7)) & mask;
  while (c->slots[k].a != a || c->slots[k].b != b) {
    if (c->slots[k].a == 0 && c->slots[k].b == 0) return k;
    k = (k + 1) & mask;
  }
  return k;
}

static void grow(sim_state_cache *c) {
  size_t cap = c->cap ? c->cap * 2 : 1024;
  cache_entry *old = c->slots;
  size_t old_cap = c->cap;
  c->slots = calloc(cap, sizeof *c->slots);
  sim_assert(c->slots, "out of memory for the state cache");
  c->cap = cap;
  for (size_t i = 0; i < old_cap; i++) {
    if (old[i].a == 0 && old[i].b == 0) continue;
    c->slots[slot_of(c, old[i].a, old[i].b)] = old[i];
  }
  /* Pending entries are kept by slot: find them again. */
  for (int i = 0; i < c->n_pending; i++) {
    const cache_entry *e = &old[c->pending[i].slot];
    c->pending[i].slot = slot_of(c, e->a, e->b);
  }
  free(old);
}

static point_stats *stats_of(sim_state_cache *c, uintptr_t point) {
  size_t k = (size_t)((point >> 2) * 0x9E3779B97F4A7C15ULL >> 54) & (POINTS - 1);
  for (int probe = 0; probe < 16; probe++, k = (k + 1) & (POINTS - 1)) {
    if (c->points[k].point == point) return &c->points[k];
    if (c->points[k].point == 0) {
      c->points[k].point = point;
      return &c->points[k];
    }
  }
  return NULL;
}

/* Whether a cut point at this program point (the return address of the
 * live thread's call) is worth a fingerprint, from how much cutting there
 * saved so far. */
static bool worth_trying(sim_state_cache *c, uintptr_t point) {
  const point_stats *p = stats_of(c, point);
  return !p || p->tries < POINT_SAMPLES || p->saved >= POINT_STEPS_MIN * p->tries;
}

/* A run reached a cut point with this state at this program point, after
 * depth decisions, with budget preemptions left (INT_MAX: no bound), at
 * this step.  Returns whether the run may stop here; then *longest is the
 * longest run below the state and *below the steps of all runs below it,
 * from the state.  Otherwise the state is kept, pending, for the search
 * below it (unless it is pending already, or the cache is full). */
static bool visit(sim_state_cache *c, const sim_fingerprint *f, uintptr_t point, int depth,
                                    int budget, uint64_t step, uint64_t steps_max, uint64_t *longest,
                                    uint64_t *below) {
  if (c->cap == 0) grow(c);
  size_t k = slot_of(c, f->a, f->b);
  cache_entry *e = &c->slots[k];
  point_stats *ps = stats_of(c, point);
  if (ps) ps->tries++;
  bool known = e->a == f->a && e->b == f->b;
  if (known) {
    if (e->pending) return false;
    if (e->budget_done >= budget && !e->limit_reached && step + e->longest < steps_max) {
      if (ps) ps->saved += e->steps_below;
      *longest = e->longest;
      *below = e->steps_below;
      return true;
    }
    /* Searched with fewer preemptions left, or too close to the step
     * limit: search it again, now with this budget. */
  } else {
    if (c->used >= ENTRIES_MAX) return false;
    if ((c->used + 1) * 2 > c->cap) {
      grow(c);
      k = slot_of(c, f->a, f->b);
      e = &c->slots[k];
    }
    *e = (cache_entry){f->a, f->b, 0, 0, -1, false, false};
    c->used++;
  }
  e->pending = true;
  if (c->n_pending == c->cap_pending) {
    c->cap_pending = c->cap_pending ? c->cap_pending * 2 : 64;
    c->pending = realloc(c->pending, (size_t)c->cap_pending * sizeof *c->pending);
    sim_assert(c->pending, "out of memory for the state cache");
  }
  c->pending[c->n_pending++] = (pending){k, point, depth, budget, step};
  return false;
}

bool sim__state_cache_try_cut(sim_state_cache *c, const sim_decision *dec, int depth, int budget,
                              uint64_t steps_max, uint64_t *end, uint64_t *below) {
  uintptr_t point = (uintptr_t)dec->cur->ret_addr;
  if (!worth_trying(c, point)) return false;
  sim_fingerprint f;
  if (!sim__state_fingerprint(&f)) return false;
  uint64_t longest = 0;
  if (!visit(c, &f, point, depth, budget, dec->step, steps_max, &longest, below)) return false;
  *end = dec->step + longest;
  return true;
}

void sim__state_cache_run_ended(sim_state_cache *c, uint64_t end_step, uint64_t stands_for, uint64_t steps_max) {
  for (int i = 0; i < c->n_pending; i++) {
    const pending *p = &c->pending[i];
    cache_entry *e = &c->slots[p->slot];
    uint64_t below = end_step > p->step_at ? end_step - p->step_at : 0;
    if (below > e->longest) e->longest = below;
    e->steps_below += below + stands_for;
    if (end_step >= steps_max) e->limit_reached = true;
  }
}

void sim__state_cache_settle(sim_state_cache *c, int depth) {
  /* Pending entries are on the current path, deepest last. */
  while (c->n_pending > 0 && c->pending[c->n_pending - 1].depth > depth) {
    const pending *p = &c->pending[--c->n_pending];
    cache_entry *e = &c->slots[p->slot];
    e->pending = false;
    if (p->budget > e->budget_done) e->budget_done = p->budget;
  }
}


/* Set by explore.c from sim_explore_options.state_cache before it makes a
 * strategy.  Off otherwise: a program that makes a DFS itself and runs it
 * with sim_run_program would take a cut run (an ok verdict, the output so
 * far) for a schedule of its own. */
static bool wanted = false;

bool sim__state_cache_wanted(void) { return wanted; }

void sim__state_cache_set_wanted(bool on) { wanted = on; }

bool sim__search_run_cut(const sim_strategy *s) {
  if (sim__is_dpor(s)) return sim__dpor_cut(s);
  if (sim__is_dfs(s)) return sim__dfs_cut(s);
  return false;
}
