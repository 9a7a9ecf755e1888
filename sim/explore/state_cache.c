/* The state cache of the exhaustive searches (dpor.c, dfs.c): a later part of
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
 * Where a run may be cut (a cut point), the running thread is at the start
 * of a call, and the state holds nothing the fingerprint does not describe
 * (kernel/fingerprint.c refuses it otherwise).  Then the state
 * (fingerprint, below) decides everything that can happen after the
 * point.  Where the reduced search has threads asleep (their classes run
 * elsewhere), the search below covers only the classes that begin with a
 * thread awake: an entry keeps the threads asleep when it was searched,
 * and a run is cut only at a state searched with none of its own awake
 * threads asleep (Godefroid's sleep sets with state matching).  A state
 * searched again with other threads awake is searched below with the
 * threads asleep there, and counts as searched with those asleep both
 * times.  A run that reaches a cut point with the state of one
 * whose search below is finished stops there ("cut").
 *
 * What the search below a state decided does not depend on how the state
 * was reached, except for one thing: a step below it may race with a step
 * before it, and the reduced search reverses such a race at a decision
 * before the point.  Two cases:
 * - one thread alive, and every step so far happens before its next step
 *   (dpor.c, all_steps_before): no step before the point races with one
 *   after it, so cutting needs nothing more (and the bounded search of
 *   dfs.c cuts only there);
 * - otherwise (several threads alive, or steps that do not happen before
 *   the live thread's next one): the state keeps a summary of the steps
 *   below it (which resources each thread's steps read or wrote, which
 *   were global, and which threads' steps below the point happen before
 *   each), and a run cut there looks for races of those steps with its own
 *   steps and reverses them, as it would have had it gone on (dpor.c,
 *   race_summary).  The summary of a state includes what the states cut
 *   below it stood for.  This is stateful partial-order reduction as Yang,
 *   Chen, Gopalakrishnan and Kirby describe it (SPIN 2008), with their
 *   summary reduced to the resources the steps touched.
 * Either way the classes a cut run would have gone on to are those already
 * run after a prefix with the same state, hence the same verdicts, exit
 * codes and output.
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
 * after a few dozen (sim__state_cache_worth_trying), except in the
 * reduced complete search, which tries every point.  That decides only
 * how much is cut, never whether a cut is right.
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
  uint64_t asleep;                /* searched below with these threads asleep (bit t: thread t) */
  size_t sum_off;                 /* its summary: sum_n items in the cache's pool */
  uint32_t sum_n;
  int budget_done;                /* searched below with this many preemptions left (-1: not yet) */
  bool pending;                   /* being searched below now */
  bool limit_reached;             /* a run below it reached the step limit */
  bool summarised;                /* its summary is kept (the pool had room) */
} cache_entry;

/* The summary a pending state collects: a set of items, an open-addressing
 * table of indexes into them for finding duplicates. */
typedef struct summary_set {
  sim_summary_item *items;
  size_t n, cap;
  uint32_t *table;                /* index + 1 into items; 0: empty */
  size_t tcap;
} summary_set;

typedef struct pending {
  size_t slot;
  uint32_t seq[64];               /* steps each thread (< 64) had made at the point */
  uintptr_t point;                /* where the program was (its call's return address) */
  int depth;                      /* the decisions made before its cut point */
  int budget;                     /* preemptions left there */
  uint64_t asleep;                /* the threads asleep there */
  bool partial;                   /* what was searched there before has no summary kept */
  uint64_t step_at;               /* the step of its cut point */
} pending;

/* What cutting at one point of the program has been worth: fingerprints
 * taken there, and the steps the cuts there saved. */
typedef struct point_stats {
  uintptr_t point;                /* the point + 1; 0: empty slot */
  uint64_t tries, saved;
} point_stats;

#define POINTS 1024               /* slots; points past that are always tried */
/* A point whose cuts saved fewer steps than this per fingerprint taken,
 * over at least POINT_SAMPLES fingerprints, is not tried any more: a
 * fingerprint costs about as much as 30 steps here (bench/), more than the
 * cuts save at, say, the end of a program that runs its threads once. */
#define POINT_STEPS_MIN 64
#define POINT_SAMPLES 64

/* A summary kept in the pool: many states have the same one (states at
 * one program point with the same future), so each is kept once. */
typedef struct kept_summary {
  uint64_t hash;
  size_t off;
  uint32_t n;
} kept_summary;

struct sim_state_cache {
  cache_entry *slots;
  size_t cap, used;
  point_stats points[POINTS];
  pending *pending;
  int n_pending, cap_pending;
  /* Summaries (sim__state_cache_note): one set per pending state, kept
   * across pushes for their memory, and the pool of settled ones. */
  bool summaries;
  summary_set *sets;
  int cap_sets;
  sim_summary_item *pool;
  size_t n_pool, cap_pool;
  kept_summary *kept;             /* the summaries in the pool */
  size_t n_kept, cap_kept;
  uint32_t *kept_table;           /* index + 1 into kept, by hash; 0: empty */
  size_t kept_tcap;
};

/* Fingerprints kept at most; past that, states are still looked up but no
 * new one is kept (the search stays sound, it only cuts less). */
#define ENTRIES_MAX ((size_t)1 << 24)
_Static_assert(sizeof(cache_entry) == 64, "a cache entry takes one cache line");
/* Summary items kept at most (384 MiB); past that, a state's summary is
 * not kept, and a run is cut there only where it needs none (one thread
 * alive, every step before happening before it). */
#define POOL_ITEMS_MAX ((size_t)1 << 24)

sim_state_cache *sim__state_cache_new(bool summaries) {
  sim_state_cache *c = calloc(1, sizeof *c);
  sim_assert(c, "out of memory for the state cache");
  c->summaries = summaries;
  return c;
}

void sim__state_cache_free(sim_state_cache *c) {
  if (!c) return;
  for (int i = 0; i < c->cap_sets; i++) {
    free(c->sets[i].items);
    free(c->sets[i].table);
  }
  free(c->sets);
  free(c->pool);
  free(c->kept);
  free(c->kept_table);
  free(c->slots);
  free(c->pending);
  free(c);
}

/* ---- Summaries ---------------------------------------------------------------- */

/* Items with one access and thread share a slot. */
static size_t item_hash(sim_summary_item it) {
  uint64_t k = it.acc * 0x9E3779B97F4A7C15ULL ^ (uint64_t)(uint32_t)it.tid * 0xC2B2AE3D27D4EB4FULL;
  return (size_t)(k ^ k >> 29);
}

static void set_grow_table(summary_set *s) {
  sim__fault_own_work_begin();
  size_t tcap = s->tcap ? s->tcap * 2 : 256;
  uint32_t *t = calloc(tcap, sizeof *t);
  sim_assert(t, "out of memory for the state cache");
  for (size_t i = 0; i < s->n; i++) {
    size_t k = item_hash(s->items[i]) & (tcap - 1);
    while (t[k]) k = (k + 1) & (tcap - 1);
    t[k] = (uint32_t)i + 1;
  }
  free(s->table);
  s->table = t;
  s->tcap = tcap;
  sim__fault_own_work_end();
}

static void set_add(summary_set *s, sim_summary_item it) {
  if ((s->n + 1) * 2 > s->tcap) set_grow_table(s);
  size_t k = item_hash(it) & (s->tcap - 1);
  for (; s->table[k]; k = (k + 1) & (s->tcap - 1)) {
    sim_summary_item *x = &s->items[s->table[k] - 1];
    if (x->acc == it.acc && x->tid == it.tid) {
      x->after_of &= it.after_of;
      return;
    }
  }
  if (s->n == s->cap) {
    sim__fault_own_work_begin();
    s->cap = s->cap ? s->cap * 2 : 64;
    s->items = realloc(s->items, s->cap * sizeof *s->items);
    sim_assert(s->items, "out of memory for the state cache");
    sim__fault_own_work_end();
  }
  s->items[s->n] = it;
  s->table[k] = (uint32_t)++s->n;
}

static void set_clear(summary_set *s) {
  s->n = 0;
  if (s->table) memset(s->table, 0, s->tcap * sizeof *s->table);
}

/* The set of the deepest pending state, which every step from now on is
 * below (the shallower ones get it when it settles). */
static summary_set *deepest_set(sim_state_cache *c) {
  return c->summaries && c->n_pending > 0 ? &c->sets[c->n_pending - 1] : NULL;
}

/* Adds the summary of a state below to the deepest pending state's.
 * Relative to the state above, a step that follows a jump of virtual time
 * between the two states follows that jump too (bit 0; clock_jumps: the
 * clock's steps made at the state below); which threads' steps it follows
 * is measured at the state below only, which may leave some out (more
 * races looked at, never fewer). */
static void pass_up(sim_state_cache *c, const sim_summary_item *items, size_t n, uint32_t clock_jumps) {
  summary_set *s = deepest_set(c);
  uint64_t jumped = clock_jumps > c->pending[c->n_pending - 1].seq[0] ? 1 : 0;
  for (size_t i = 0; i < n; i++) {
    sim_summary_item it = items[i];
    it.after_of |= jumped;
    set_add(s, it);
  }
}

void sim__state_cache_note(sim_state_cache *c, int tid, const uint64_t *acc, int n_acc, bool global,
                           const uint32_t *clock, int clock_len) {
  summary_set *s = deepest_set(c);
  if (!s || tid == 0) return;
  /* The threads with a step after the point that happens before this one
   * (measured at the deepest pending point; a shallower point's set is
   * the same or bigger, so this one is safe for it too). */
  const pending *p = &c->pending[c->n_pending - 1];
  uint64_t after_of = 0;
  for (int t = 0; t < clock_len && t < 64; t++)
    if (clock[t] > p->seq[t]) after_of |= 1ULL << t;
  if (global) set_add(s, (sim_summary_item){SIM_SUMMARY_GLOBAL, after_of, tid});
  for (int i = 0; i < n_acc; i++) set_add(s, (sim_summary_item){acc[i], after_of, tid});
}

bool sim__state_fingerprint(sim_fingerprint *out, bool several) {
  const sim_run *r = sim__current_run;
  sim__fingerprint_init(out);
  if (!r || !sim__kernel_fingerprint(r, out, several) || !sim__loader_fingerprint(r, out)) return false;
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

/* Growing a table of millions of entries takes seconds, which the
 * watchdog must not count against the step under way
 * (tests/unit/unit_core.c, the_simulators_own_work_is_no_steps). */
static void grow(sim_state_cache *c) {
  sim__fault_own_work_begin();
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
  sim__fault_own_work_end();
}

static point_stats *stats_of(sim_state_cache *c, uintptr_t point) {
  /* Kept as point + 1: a thread's exit has no return address (its point
   * is 0), and 0 marks an empty slot.  Stored as 0, the exit's counts went
   * to whichever point next took that slot, and whether one did depended
   * on where the system had placed the program, so that the runs cut
   * differed from process to process (tests/unit/test_state_cache.c,
   * the_point_of_a_thread_exit_has_counts_of_its_own). */
  uintptr_t key = point + 1;
  sim_assert(key != 0, "a program point at the top of the address space");
  size_t k = (size_t)((key >> 2) * 0x9E3779B97F4A7C15ULL >> 54) & (POINTS - 1);
  for (int probe = 0; probe < 16; probe++, k = (k + 1) & (POINTS - 1)) {
    if (c->points[k].point == key) return &c->points[k];
    if (c->points[k].point == 0) {
      c->points[k].point = key;
      return &c->points[k];
    }
  }
  return NULL;
}

void sim__state_cache_count_try(sim_state_cache *c, uintptr_t point) {
  point_stats *p = stats_of(c, point);
  if (p) p->tries++;
}

uint64_t sim__state_cache_tries_at(sim_state_cache *c, uintptr_t point) {
  const point_stats *p = stats_of(c, point);
  return p ? p->tries : 0;
}

/* Whether a cut point at this program point (the return address of the
 * live thread's call) is worth a fingerprint, from how much cutting there
 * saved so far.
 *
 * The complete search (the reduced one, which keeps summaries) always
 * tries.  There a point is only the running thread's place, the states
 * met at it differ in where every other thread is, and what a point's
 * first few dozen fingerprints saved says little about what later ones
 * save.  Measured on the exercises' solutions (docs/scale.md): trying
 * everywhere, exercise 07's queries-from-two-threads took 127,236 runs
 * and 4.6 s of CPU instead of 483,832 and 7.4 s, exercise 02's
 * two-first-queries 21,015 runs instead of 55,520, and exercise 01's
 * churn, which runs one thread most of the time, 0.2 s more for its
 * fingerprints. */
bool sim__state_cache_worth_trying(sim_state_cache *c, uintptr_t point) {
  if (c->summaries) return true;
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
                                    uint64_t *below, const cache_entry **found, const uint32_t *seq,
                                    int n_seq, bool several, uint64_t asleep, bool may_keep) {
  if (c->cap == 0) grow(c);
  size_t k = slot_of(c, f->a, f->b);
  cache_entry *e = &c->slots[k];
  /* The cost rule's counts; the reduced complete search has no use for
   * them (sim__state_cache_worth_trying). */
  point_stats *ps = c->summaries ? NULL : stats_of(c, point);
  if (ps) ps->tries++;
  bool known = e->a == f->a && e->b == f->b;
  if (known) {
    if (e->pending) return false;
    if (several && c->summaries && !e->summarised) return false;
    if (e->budget_done >= budget && (e->asleep & ~asleep) == 0 && !e->limit_reached &&
        step + e->longest < steps_max) {
      if (ps) ps->saved += e->steps_below;
      *longest = e->longest;
      *below = e->steps_below;
      *found = e;
      return true;
    }
    /* Searched with fewer preemptions left, with a thread asleep that is
     * awake now, or too close to the step limit: search it again, now with
     * this budget and these threads asleep. */
    if (!may_keep) return false;
  } else {
    if (!may_keep || c->used >= ENTRIES_MAX) return false;
    if ((c->used + 1) * 2 > c->cap) {
      grow(c);
      k = slot_of(c, f->a, f->b);
      e = &c->slots[k];
    }
    *e = (cache_entry){.a = f->a, .b = f->b, .asleep = ~(uint64_t)0, .budget_done = -1};
    c->used++;
  }
  e->pending = true;
  if (c->n_pending == c->cap_pending) {
    c->cap_pending = c->cap_pending ? c->cap_pending * 2 : 64;
    c->pending = realloc(c->pending, (size_t)c->cap_pending * sizeof *c->pending);
    sim_assert(c->pending, "out of memory for the state cache");
  }
  if (c->summaries && c->n_pending == c->cap_sets) {
    int cap = c->cap_sets ? c->cap_sets * 2 : 64;
    c->sets = realloc(c->sets, (size_t)cap * sizeof *c->sets);
    sim_assert(c->sets, "out of memory for the state cache");
    memset(&c->sets[c->cap_sets], 0, (size_t)(cap - c->cap_sets) * sizeof *c->sets);
    c->cap_sets = cap;
  }
  bool partial = false;
  if (c->summaries) {
    summary_set *set = &c->sets[c->n_pending];
    set_clear(set);
    /* Searched before with other threads asleep: the summary after this
     * search is of both. */
    if (known && e->summarised)
      for (uint32_t i = 0; i < e->sum_n; i++) set_add(set, c->pool[e->sum_off + i]);
    partial = known && !e->summarised;
  }
  pending *p = &c->pending[c->n_pending++];
  *p = (pending){.slot = k, .point = point, .depth = depth, .budget = budget, .asleep = asleep,
                 .partial = partial, .step_at = step};
  for (int t = 0; t < 64; t++) p->seq[t] = t < n_seq ? seq[t] : 0;
  return false;
}

bool sim__state_cache_try_cut(sim_state_cache *c, const sim_decision *dec, int depth, int budget,
                              uint64_t steps_max, bool several, uint64_t asleep, bool may_keep,
                              const uint32_t *seq, int n_seq, uint64_t *end, uint64_t *below,
                              const sim_summary_item **items, size_t *n_items) {
  uintptr_t point = (uintptr_t)dec->cur->ret_addr;
  if (!sim__state_cache_worth_trying(c, point)) return false;
  sim_fingerprint f;
  if (!sim__state_fingerprint(&f, several)) return false;
  uint64_t longest = 0;
  const cache_entry *e = NULL;
  if (!visit(c, &f, point, depth, budget, dec->step, steps_max, &longest, below, &e, seq, n_seq, several, asleep,
             may_keep))
    return false;
  *end = dec->step + longest;
  *items = c->summaries ? &c->pool[e->sum_off] : NULL;
  *n_items = c->summaries ? e->sum_n : 0;
  /* What the search below the state did happens below every pending
   * state above it too. */
  if (deepest_set(c)) {
    /* Only a cache with summaries has sets, and its strategy (dpor.c)
     * always gives the threads' step counts; the bounded DFS gives none. */
    sim_assert(seq && n_seq > 0, "a state cache with summaries was given no step counts");
    pass_up(c, *items, *n_items, seq[0]);
  }
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

static int item_order(const void *a, const void *b) {
  const sim_summary_item *x = a, *y = b;
  if (x->acc != y->acc) return x->acc < y->acc ? -1 : 1;
  if (x->tid != y->tid) return x->tid < y->tid ? -1 : 1;
  if (x->after_of != y->after_of) return x->after_of < y->after_of ? -1 : 1;
  return 0;
}

static uint64_t items_hash(const sim_summary_item *items, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
  for (size_t i = 0; i < n; i++) {
    h = (h ^ items[i].acc) * 0xC2B2AE3D27D4EB4FULL;
    h = (h ^ items[i].after_of) * 0x9E3779B97F4A7C15ULL;
    h = (h ^ (uint64_t)(uint32_t)items[i].tid) * 0xC2B2AE3D27D4EB4FULL;
    h ^= h >> 29;
  }
  return h;
}

static bool items_equal(const sim_summary_item *a, const sim_summary_item *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (a[i].acc != b[i].acc || a[i].after_of != b[i].after_of || a[i].tid != b[i].tid) return false;
  return true;
}

static void kept_grow_table(sim_state_cache *c) {
  size_t tcap = c->kept_tcap ? c->kept_tcap * 2 : 1024;
  uint32_t *t = calloc(tcap, sizeof *t);
  sim_assert(t, "out of memory for the state cache");
  for (size_t i = 0; i < c->n_kept; i++) {
    size_t k = (size_t)c->kept[i].hash & (tcap - 1);
    while (t[k]) k = (k + 1) & (tcap - 1);
    t[k] = (uint32_t)i + 1;
  }
  free(c->kept_table);
  c->kept_table = t;
  c->kept_tcap = tcap;
}

/* Keeps a settled state's summary (items, put in a canonical order here)
 * in the pool, once for all the states that have it.  False when the pool
 * is full. */
static bool keep_summary(sim_state_cache *c, sim_summary_item *items, size_t n, size_t *off) {
  qsort(items, n, sizeof *items, item_order);
  uint64_t h = items_hash(items, n);
  if ((c->n_kept + 1) * 2 > c->kept_tcap) kept_grow_table(c);
  size_t k = (size_t)h & (c->kept_tcap - 1);
  for (; c->kept_table[k]; k = (k + 1) & (c->kept_tcap - 1)) {
    const kept_summary *s = &c->kept[c->kept_table[k] - 1];
    if (s->hash == h && s->n == n && items_equal(&c->pool[s->off], items, n)) {
      *off = s->off;
      return true;
    }
  }
  if (c->n_pool + n > POOL_ITEMS_MAX || c->n_kept >= UINT32_MAX - 1) return false;
  if (c->n_pool + n > c->cap_pool) {
    sim__fault_own_work_begin();
    size_t cap = c->cap_pool ? c->cap_pool : 4096;
    while (cap < c->n_pool + n) cap *= 2;
    c->pool = realloc(c->pool, cap * sizeof *c->pool);
    sim_assert(c->pool, "out of memory for the state cache");
    c->cap_pool = cap;
    sim__fault_own_work_end();
  }
  if (c->n_kept == c->cap_kept) {
    c->cap_kept = c->cap_kept ? c->cap_kept * 2 : 1024;
    c->kept = realloc(c->kept, c->cap_kept * sizeof *c->kept);
    sim_assert(c->kept, "out of memory for the state cache");
  }
  memcpy(&c->pool[c->n_pool], items, n * sizeof *items);
  c->kept[c->n_kept] = (kept_summary){h, c->n_pool, (uint32_t)n};
  c->kept_table[k] = (uint32_t)++c->n_kept;
  *off = c->n_pool;
  c->n_pool += n;
  return true;
}

void sim__state_cache_settle(sim_state_cache *c, int depth) {
  /* Pending entries are on the current path, deepest last. */
  while (c->n_pending > 0 && c->pending[c->n_pending - 1].depth > depth) {
    const pending *p = &c->pending[--c->n_pending];
    cache_entry *e = &c->slots[p->slot];
    e->pending = false;
    if (p->budget > e->budget_done) e->budget_done = p->budget;
    /* What the searches there left out begins with a thread asleep in
     * each of them. */
    e->asleep &= p->asleep;
    if (!c->summaries) continue;
    /* Its summary is final: kept with it, and part of the state above. */
    summary_set *done = &c->sets[c->n_pending];
    size_t off;
    /* Sorting the items leaves the set's table of them wrong, but the set
     * is cleared before it is used again. */
    if (!p->partial && keep_summary(c, done->items, done->n, &off)) {
      e->summarised = true;
      e->sum_off = off;
      e->sum_n = (uint32_t)done->n;
    } else {
      e->summarised = false;
    }
    if (c->n_pending > 0) pass_up(c, done->items, done->n, p->seq[0]);
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
