/* Exhaustive search with partial-order reduction: one schedule per class of
 * equivalent executions instead of every schedule.
 *
 * Two schedules that differ only in the order of independent steps
 * (dependence.c) are the same execution.  The search is stateless, like
 * dfs.c: every run replays a prefix of decisions and continues with
 * default picks, and the algorithm keeps, per decision of the current
 * path, which threads were explored there and which are still to be.
 *
 * - Source-set DPOR (Abdulla, Aronis, Jonsson, Sagonas, POPL 2014;
 *   Flanagan and Godefroid, POPL 2005, for the idea).  Every step's
 *   footprint is known once it has run.  Vector clocks give the
 *   happens-before order of the run (a thread's own order, conflicting
 *   footprints, and the edge from a step that makes a thread ready to that
 *   thread's next step).  Two conflicting steps e and e' of different
 *   threads with no other path between them race; the search then makes
 *   sure that some thread that can start the reversed order, an "initial"
 *   of v = (the steps after e that do not happen after it) followed by e',
 *   is explored at the decision before e.
 * - Sleep sets (Godefroid): a thread explored at a decision is asleep in
 *   its later siblings' subtrees until a step dependent with its explored
 *   step runs; a run in which every ready thread is asleep is cut short
 *   ("abandoned"), and a complete run is never equivalent to another one.
 * - Bounded POR (Coons, Musuvathi, McKinley, OOPSLA 2013): with a
 *   preemption bound the reversal of a race may only fit in the bound when
 *   it starts earlier, so every backtrack point is also added, as a
 *   "conservative" one, at the last context switch before it.  A thread
 *   that does not fit in the bound at a point makes every thread that fits
 *   a backtrack point there.  Plain sleep sets are unsound under a bound
 *   (the equivalent run they rely on may need more preemptions), so a
 *   thread only sleeps where running it first costs no more preemptions
 *   (sleep_allowed); tests/unit/test_reduction.c checks that every class of
 *   executions within the bound is explored.  The last context switch is
 *   never looked for above a decision where one thread is alive after
 *   every step made, so that the state cache may cut there.
 * - Steps that take ready threads out (process exit, TerminateThread,
 *   SuspendThread) and the end of a run leave the ready threads' next
 *   steps unknown: each such thread becomes a backtrack point before that
 *   step, so that its next step runs somewhere and its races are found;
 *   and the step that ended a run never sleeps (it would end a run in
 *   which the other threads' steps ran first, another class).
 *
 * A run repeats the steps of the last run up to its branch point: the
 * search keeps those steps (their footprints, clocks and the history of
 * what they touched, undone back to the branch with a log) and pauses the
 * recording of footprints while the run repeats them.
 *
 * Where the state cache (state_cache.c) knows a state the run reaches, the
 * run is cut there (visit_state).
 *
 * Left out: wakeup trees (optimal DPOR), so some runs are abandoned as
 * redundant.  A run that does not repeat itself (the program is not
 * deterministic) ends the reduction: from then on every decision is
 * searched in full, as dfs.c would.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "explore.h"

enum {
  F_BACKTRACK = 1,                /* to explore at this decision */
  F_DONE = 2,                     /* explored (or running now) */
  F_CONSERVATIVE = 4,             /* added for the bound, at a context switch */
  F_TAKEN = 8,                    /* explored: may sleep in later siblings' subtrees */
};

/* A footprint kept across runs, for sleep sets. */
typedef struct fprec {
  int tid;
  bool global;
  bool preemptible_after;         /* its thread could go on after it (see sleep_allowed) */
  int acc_off, n_acc;             /* in apool */
  int woken_off, n_woken;         /* in ipool */
  int dis_off, n_dis;             /* in ipool */
} fprec;

/* A decision of the current path. */
typedef struct node {
  int ids_off, n;                 /* ready thread ids (ipool) */
  int def;                        /* default index */
  bool preemptive;                /* picking another than def costs a preemption */
  int pre_before;                 /* preemptions spent before it */
  int flags_off;                  /* a byte per ready thread (fpool) */
  int child_off;                  /* an fprec index per ready thread, -1 if none (ipool) */
  int sleep_off, n_sleep;         /* inherited sleep set: (tid, fprec) pairs (ipool) */
  int chosen;                     /* ready index picked in the current run */
  int event;                      /* its step in the current run, -1 before it ran */
  bool full;                      /* no reduction here: every thread is a backtrack point */
  bool alone;                     /* one thread alive, after every step made (all_steps_before) */
  bool frozen;                    /* a forced prefix's: no alternative is tried here */
  int a_mark, i_mark, f_mark, r_mark; /* pool sizes when it was made */
} node;

/* A step of the current run. */
typedef struct event {
  int tid;                        /* 0: the clock */
  uint32_t seq;                   /* its number among its thread's steps, from 1 */
  int node;                       /* the decision that picked it, -1 for the clock */
  int acc_off, n_acc;             /* in racc, sorted */
  bool global;
  int woken_off, n_woken, dis_off, n_dis; /* in rint */
  int clock_off, clock_len;       /* in rclock */
  bool preemptible_after;         /* switching away from its thread right after it was a preemption */
  /* The run's state before it, to go back to when a later run branches
   * off after it (the runs share their steps up to the branch). */
  int racc_mark, rint_mark, reads_mark, undo_mark;
  size_t rclock_mark;
  int old_max_tid, old_last_global, old_last_clock;
  uint64_t old_class_hash;
} event;

/* What a step changed in the run's history, to undo it. */
typedef struct undo {
  enum { UNDO_HIST, UNDO_READ, UNDO_WAKERS, UNDO_THREAD } kind;
  uint64_t key;                   /* resource, read entry or thread */
  int a, b;                       /* the old values */
} undo;

typedef struct hist {
  int last_write;                 /* event, or -1 */
  int reads;                      /* list of read entries since, or -1 */
} hist;

typedef struct read_entry {
  int tid, event, next;
} read_entry;

typedef struct dpor_strategy {
  sim_strategy base;
  int bound;                      /* INT_MAX: none */

  /* The path: decisions and what they keep across runs. */
  node *nodes;
  int n_nodes, cap_nodes;
  int prefix;                     /* decisions the current run replays (the last one branches) */
  uint64_t *apool;
  int n_apool, cap_apool;
  int *ipool;
  int n_ipool, cap_ipool;
  uint8_t *fpool;
  int n_fpool, cap_fpool;
  fprec *rpool;
  int n_rpool, cap_rpool;

  /* The current run. */
  int branch;                     /* the decision where it leaves the last run (-1: first run) */
  int cursor;                     /* next decision */
  int preemptions;
  event *events;
  int n_events, cap_events;
  uint64_t *racc;
  int n_racc, cap_racc;
  int *rint;
  int n_rint, cap_rint;
  uint32_t *rclock;
  size_t n_rclock, cap_rclock;
  int *last_event;                /* by thread id */
  uint32_t *seq;
  int *wakers;                    /* head of a list in rint: (event, next) pairs */
  int cap_threads;
  int max_tid;
  int last_global, last_clock;
  /* resource -> hist */
  uint64_t *hkeys;
  uint32_t *hgens;
  hist *hvals;
  size_t hcap, hused;
  uint32_t hgen;
  read_entry *reads;
  int n_reads, cap_reads;
  undo *undos;
  int n_undos, cap_undos;
  bool replaying;                 /* the run is repeating the steps kept from the last one */
  bool abandoned, bound_blocked;
  uint64_t class_hash;            /* of the run's happens-before order: equal for equivalent runs */
  uint64_t last_class;            /* class_hash of the last run made */
  bool unreduced;                 /* a run did not repeat itself, or clocks grew too big */
  int *forced;                    /* forced choices (ready indexes) of the first decisions */
  int n_forced;

  /* The state cache (state_cache.c), for the complete search only; the
   * current run was cut there (cut_end: where the longest run it stands
   * for ended). */
  sim_state_cache *cache;
  bool cut;
  uint64_t cut_end, cut_below, last_step, steps_max;

  /* Figures. */
  uint64_t schedules, abandoned_runs;
  uint64_t cuts_several;          /* runs cut where more than one thread was alive */
  uint64_t cuts_asleep;           /* runs cut where a thread was asleep */
  bool exhausted;
} dpor_strategy;

/* memcpy, also for n == 0 with a NULL source (which memcpy forbids). */
#define COPY(dst, src, n)                                                            \
  do {                                                                              \
    if ((n) > 0) memcpy((dst), (src), (size_t)(n) * sizeof *(dst));                \
  } while (0)

#define GROW(ptr, n, cap, need, first)                                              \
  do {                                                                              \
    if ((size_t)(n) + (size_t)(need) > (size_t)(cap)) {                             \
      size_t c_ = (cap) ? (size_t)(cap) : (first);                                  \
      while (c_ < (size_t)(n) + (size_t)(need)) c_ *= 2;                            \
      (ptr) = realloc((ptr), c_ * sizeof *(ptr));                                   \
      sim_assert((ptr), "out of memory for the reduced search");                    \
      (cap) = c_;                                                                   \
    }                                                                               \
  } while (0)

/* Clocks of more than this many entries in one run turn the reduction off
 * for the rest of the run (a program with very many threads and steps). */
#define CLOCK_ENTRIES_MAX ((size_t)32 << 20)

static int *node_ids(dpor_strategy *d, const node *n) { return &d->ipool[n->ids_off]; }
static uint8_t *node_flags(dpor_strategy *d, const node *n) { return &d->fpool[n->flags_off]; }
static int *node_children(dpor_strategy *d, const node *n) { return &d->ipool[n->child_off]; }

static int index_in(dpor_strategy *d, const node *n, int tid) {
  const int *ids = node_ids(d, n);
  for (int i = 0; i < n->n; i++)
    if (ids[i] == tid) return i;
  return -1;
}

/* ---- Footprints as the relation sees them ---------------------------------------- */

static sim_footprint view_rec(dpor_strategy *d, const fprec *r) {
  return (sim_footprint){r->tid, r->global, &d->apool[r->acc_off], r->n_acc, &d->ipool[r->woken_off],
                         r->n_woken, &d->ipool[r->dis_off], r->n_dis};
}

static sim_footprint view_event(dpor_strategy *d, const event *e) {
  return (sim_footprint){e->tid, e->global, &d->racc[e->acc_off], e->n_acc, &d->rint[e->woken_off],
                         e->n_woken, &d->rint[e->dis_off], e->n_dis};
}

static int keep_record(dpor_strategy *d, const event *e) {
  GROW(d->apool, d->n_apool, d->cap_apool, e->n_acc, 1024);
  GROW(d->ipool, d->n_ipool, d->cap_ipool, e->n_woken + e->n_dis, 1024);
  GROW(d->rpool, d->n_rpool, d->cap_rpool, 1, 256);
  fprec *r = &d->rpool[d->n_rpool];
  r->tid = e->tid;
  r->global = e->global;
  r->preemptible_after = e->preemptible_after;
  r->acc_off = d->n_apool;
  r->n_acc = e->n_acc;
  COPY(&d->apool[d->n_apool], &d->racc[e->acc_off], e->n_acc);
  d->n_apool += e->n_acc;
  r->woken_off = d->n_ipool;
  r->n_woken = e->n_woken;
  COPY(&d->ipool[d->n_ipool], &d->rint[e->woken_off], e->n_woken);
  d->n_ipool += e->n_woken;
  r->dis_off = d->n_ipool;
  r->n_dis = e->n_dis;
  COPY(&d->ipool[d->n_ipool], &d->rint[e->dis_off], e->n_dis);
  d->n_ipool += e->n_dis;
  return d->n_rpool++;
}

/* ---- Vector clocks ------------------------------------------------------------------ */

static uint32_t clock_at(dpor_strategy *d, const event *e, int tid) {
  return tid < e->clock_len ? d->rclock[e->clock_off + (size_t)tid] : 0;
}

/* Whether event a happens before (or is) event b. */
static bool hb(dpor_strategy *d, const event *a, const event *b) {
  return clock_at(d, b, a->tid) >= a->seq;
}

static void join_into(dpor_strategy *d, uint32_t *c, int len, const event *e) {
  int n = e->clock_len < len ? e->clock_len : len;
  const uint32_t *x = &d->rclock[e->clock_off];
  for (int i = 0; i < n; i++)
    if (x[i] > c[i]) c[i] = x[i];
}

/* ---- Per-thread state of the run ------------------------------------------------------ */

static void see_thread(dpor_strategy *d, int tid) {
  if (tid > d->max_tid) d->max_tid = tid;
  if (tid < d->cap_threads) return;
  int cap = d->cap_threads ? d->cap_threads : 16;
  while (cap <= tid) cap *= 2;
  d->last_event = realloc(d->last_event, (size_t)cap * sizeof *d->last_event);
  d->seq = realloc(d->seq, (size_t)cap * sizeof *d->seq);
  d->wakers = realloc(d->wakers, (size_t)cap * sizeof *d->wakers);
  sim_assert(d->last_event && d->seq && d->wakers, "out of memory for the reduced search");
  for (int i = d->cap_threads; i < cap; i++) {
    d->last_event[i] = -1;
    d->seq[i] = 0;
    d->wakers[i] = -1;
  }
  d->cap_threads = cap;
}

/* ---- Resource history of the run -------------------------------------------------------- */

static size_t hash64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  return (size_t)k;
}

static void hist_grow(dpor_strategy *d) {
  size_t cap = d->hcap ? d->hcap * 2 : 1024;
  uint64_t *keys = malloc(cap * sizeof *keys);
  uint32_t *gens = calloc(cap, sizeof *gens);
  hist *vals = malloc(cap * sizeof *vals);
  sim_assert(keys && gens && vals, "out of memory for the reduced search");
  for (size_t i = 0; i < d->hcap; i++) {
    if (d->hgens[i] != d->hgen) continue;
    size_t k = hash64(d->hkeys[i]) & (cap - 1);
    while (gens[k] == 1) k = (k + 1) & (cap - 1);
    keys[k] = d->hkeys[i];
    vals[k] = d->hvals[i];
    gens[k] = 1;
  }
  free(d->hkeys);
  free(d->hgens);
  free(d->hvals);
  d->hkeys = keys;
  d->hgens = gens;
  d->hvals = vals;
  d->hcap = cap;
  d->hgen = 1;
}

static hist *hist_of(dpor_strategy *d, uint64_t res) {
  if ((d->hused + 1) * 2 > d->hcap) hist_grow(d);
  size_t k = hash64(res) & (d->hcap - 1);
  while (d->hgens[k] == d->hgen) {
    if (d->hkeys[k] == res) return &d->hvals[k];
    k = (k + 1) & (d->hcap - 1);
  }
  d->hgens[k] = d->hgen;
  d->hkeys[k] = res;
  d->hvals[k] = (hist){-1, -1};
  d->hused++;
  return &d->hvals[k];
}

static void hist_clear(dpor_strategy *d) {
  d->hused = 0;
  if (++d->hgen == 0) {
    if (d->hgens) memset(d->hgens, 0, d->hcap * sizeof *d->hgens);
    d->hgen = 1;
  }
  d->n_reads = 0;
}

static void log_undo(dpor_strategy *d, int kind, uint64_t key, int a, int b) {
  GROW(d->undos, d->n_undos, d->cap_undos, 1, 1024);
  d->undos[d->n_undos++] = (undo){kind, key, a, b};
}

/* Goes back to the run's state after its first n steps. */
static void rollback(dpor_strategy *d, int n) {
  if (n >= d->n_events) return;
  const event *first = &d->events[n];
  for (int i = d->n_undos - 1; i >= first->undo_mark; i--) {
    const undo *u = &d->undos[i];
    switch (u->kind) {
    case UNDO_HIST: *hist_of(d, u->key) = (hist){u->a, u->b}; break;
    case UNDO_READ: d->reads[u->key].event = u->a; break;
    case UNDO_WAKERS: d->wakers[u->key] = u->a; break;
    case UNDO_THREAD:
      d->last_event[u->key] = u->a;
      d->seq[u->key] = (uint32_t)u->b;
      break;
    }
  }
  d->n_undos = first->undo_mark;
  d->n_racc = first->racc_mark;
  d->n_rint = first->rint_mark;
  d->n_rclock = first->rclock_mark;
  d->n_reads = first->reads_mark;
  d->max_tid = first->old_max_tid;
  d->last_global = first->old_last_global;
  d->last_clock = first->old_last_clock;
  d->class_hash = first->old_class_hash;
  d->n_events = n;
}

/* ---- Backtrack points ---------------------------------------------------------------------- */

static bool fits(const dpor_strategy *d, const node *n, int idx) {
  int cost = n->preemptive && idx != n->def ? 1 : 0;
  return d->bound == INT_MAX || n->pre_before + cost <= d->bound;
}

/* Marks thread tid as a backtrack point at decision k (or, when it is not
 * ready there or does not fit in the bound, every thread that fits). */
static void mark(dpor_strategy *d, int k, int tid, bool conservative) {
  node *n = &d->nodes[k];
  /* Another part of a split search tries the alternatives here. */
  if (n->frozen) return;
  uint8_t *f = node_flags(d, n);
  uint8_t add = F_BACKTRACK | (conservative ? F_CONSERVATIVE : 0);
  int idx = index_in(d, n, tid);
  if (idx >= 0 && fits(d, n, idx)) {
    if (!(f[idx] & F_DONE)) f[idx] |= add;
    return;
  }
  for (int i = 0; i < n->n; i++)
    if (fits(d, n, i) && !(f[i] & F_DONE)) f[i] |= add;
}

/* The last decision before k at which the running thread changed, or at
 * which the thread that went on there could have been left for another at
 * no cost (it yielded, or a jump of virtual time had just woken it with
 * others): there too the thread picked begins a turn, and picking another
 * one first costs no preemption. */
static int last_switch_before(dpor_strategy *d, int k) {
  for (int j = k - 1; j >= 1; j--) {
    const node *a = &d->nodes[j - 1], *b = &d->nodes[j];
    if (a->event < 0 || b->event < 0) continue;
    if (d->events[a->event].tid != d->events[b->event].tid) return j;
    if (!b->preemptive && b->n > 1) return j;
    if (b->alone) return j;
  }
  return 0;
}

static void add_backtrack(dpor_strategy *d, int k, int tid) {
  mark(d, k, tid, false);
  if (d->bound == INT_MAX || k == 0) return;
  mark(d, last_switch_before(d, k), tid, true);
}

/* From now on every decision is searched in full, as dfs.c would: for a
 * program whose runs do not repeat themselves, or whose clocks would not
 * fit in memory.  Every decision on the path, whatever its depth, may miss
 * a backtrack point from now on, so all of them become full. */
static void give_up_reduction(dpor_strategy *d) {
  if (d->unreduced) return;
  d->unreduced = true;
  for (int k = 0; k < d->n_nodes; k++) {
    node *n = &d->nodes[k];
    uint8_t *f = node_flags(d, n);
    if (n->frozen) continue;
    n->full = true;
    for (int i = 0; i < n->n; i++)
      if (fits(d, n, i)) f[i] |= F_BACKTRACK;
  }
}

/* Whether a thread in the backtrack set of decision k already starts a
 * reversal of the race (e, e2): is it an initial of v, the steps after e
 * that do not happen after it, then e2? */
static void reverse_race(dpor_strategy *d, int ie, int ie2) {
  event *e = &d->events[ie], *e2 = &d->events[ie2];
  int k = e->node;
  if (k < 0) return;
  node *n = &d->nodes[k];
  if (n->full) return;
  /* The first step of each thread in v. */
  int first_small[64], order_small[64];
  int cap = d->max_tid + 1;
  int *first = cap <= 64 ? first_small : malloc((size_t)cap * sizeof *first);
  int *order = cap <= 64 ? order_small : malloc((size_t)cap * sizeof *order);
  sim_assert(first && order, "out of memory for the reduced search");
  for (int t = 0; t < cap; t++) first[t] = -1;
  int n_order = 0;
  for (int x = ie + 1; x <= ie2; x++) {
    event *ev = &d->events[x];
    if (ev->tid == 0 || (x < ie2 && hb(d, e, ev))) continue;
    if (first[ev->tid] < 0) {
      first[ev->tid] = x;
      order[n_order++] = ev->tid;
    }
  }
  /* An initial is a thread whose first step in v follows no step of v. */
  #define IS_INITIAL(t)                                                                         \
    ({                                                                                          \
      bool ok_ = (t) < cap && first[(t)] >= 0;                                                  \
      for (int r_ = 0; ok_ && r_ < n_order; r_++) {                                             \
        int other_ = order[r_];                                                                 \
        if (other_ != (t) && first[other_] < first[(t)] &&                                      \
            hb(d, &d->events[first[other_]], &d->events[first[(t)]]))                            \
          ok_ = false;                                                                          \
      }                                                                                         \
      ok_;                                                                                      \
    })
  const int *ids = node_ids(d, n);
  const uint8_t *f = node_flags(d, n);
  bool covered = false;
  for (int i = 0; i < n->n && !covered; i++)
    if ((f[i] & (F_BACKTRACK | F_DONE)) && IS_INITIAL(ids[i])) covered = true;
  if (!covered) {
    int q = IS_INITIAL(e2->tid) ? e2->tid : d->events[first[order[0]]].tid;
    add_backtrack(d, k, q);
  }
  #undef IS_INITIAL
  if (first != first_small) free(first);
  if (order != order_small) free(order);
}

/* ---- Steps ------------------------------------------------------------------------------------ */

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static int cmp_int_desc(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x < y) - (x > y);
}

/* Appends a step of the run: its clock, its races (when it is new), and
 * the history of what it touched. */
static void add_event(dpor_strategy *d, const sim_footprint *f) {
  GROW(d->events, d->n_events, d->cap_events, 1, 1024);
  int ie = d->n_events++;
  event *e = &d->events[ie];
  memset(e, 0, sizeof *e);
  e->racc_mark = d->n_racc;
  e->rint_mark = d->n_rint;
  e->rclock_mark = d->n_rclock;
  e->reads_mark = d->n_reads;
  e->undo_mark = d->n_undos;
  e->old_max_tid = d->max_tid;
  e->old_last_global = d->last_global;
  e->old_last_clock = d->last_clock;
  e->old_class_hash = d->class_hash;
  see_thread(d, f->tid);
  e = &d->events[ie];
  log_undo(d, UNDO_THREAD, (uint64_t)f->tid, d->last_event[f->tid], (int)d->seq[f->tid]);
  log_undo(d, UNDO_WAKERS, (uint64_t)f->tid, d->wakers[f->tid], 0);
  e->tid = f->tid;
  e->node = f->tid ? d->cursor - 1 : -1;
  e->global = f->global;
  GROW(d->racc, d->n_racc, d->cap_racc, f->n_acc, 4096);
  e->acc_off = d->n_racc;
  e->n_acc = f->n_acc;
  COPY(&d->racc[d->n_racc], f->acc, f->n_acc);
  if (f->n_acc > 1) qsort(&d->racc[d->n_racc], (size_t)f->n_acc, sizeof *f->acc, cmp_u64);
  d->n_racc += f->n_acc;
  GROW(d->rint, d->n_rint, d->cap_rint, f->n_woken + f->n_disabled, 1024);
  e->woken_off = d->n_rint;
  e->n_woken = f->n_woken;
  COPY(&d->rint[d->n_rint], f->woken, f->n_woken);
  d->n_rint += f->n_woken;
  e->dis_off = d->n_rint;
  e->n_dis = f->n_disabled;
  COPY(&d->rint[d->n_rint], f->disabled, f->n_disabled);
  d->n_rint += f->n_disabled;
  for (int i = 0; i < f->n_woken; i++) see_thread(d, f->woken[i]);
  e = &d->events[ie];
  e->seq = ++d->seq[e->tid];

  /* Its clock starts from its thread's last step and whoever woke it; the
   * clock's step follows everything. */
  int len = d->max_tid + 1;
  if ((size_t)len * (size_t)d->n_events > CLOCK_ENTRIES_MAX) give_up_reduction(d);
  GROW(d->rclock, d->n_rclock, d->cap_rclock, (size_t)len, 4096);
  e->clock_off = (int)d->n_rclock;
  e->clock_len = len;
  uint32_t *c = &d->rclock[d->n_rclock];
  d->n_rclock += (size_t)len;
  memset(c, 0, (size_t)len * sizeof *c);
  /* Steps the last run had already made have had their races looked at. */
  bool racing = d->cursor - 1 >= d->branch;
  if (e->tid == 0) {
    for (int t = 1; t <= d->max_tid; t++)
      if (d->last_event[t] >= 0) join_into(d, c, len, &d->events[d->last_event[t]]);
    if (d->last_clock >= 0) join_into(d, c, len, &d->events[d->last_clock]);
    d->last_clock = ie;
  } else {
    if (d->last_event[e->tid] >= 0) join_into(d, c, len, &d->events[d->last_event[e->tid]]);
    for (int w = d->wakers[e->tid]; w >= 0; w = d->rint[w + 1]) join_into(d, c, len, &d->events[d->rint[w]]);
    d->wakers[e->tid] = -1;
    if (d->last_clock >= 0) join_into(d, c, len, &d->events[d->last_clock]);

    /* The earlier steps it conflicts with. */
    int cand_small[256], n_cand = 0, cap_cand = 256;
    int *cand = cand_small;
#define CANDIDATE(x)                                                                      \
    do {                                                                                  \
      if (n_cand == cap_cand) {                                                           \
        cap_cand *= 2;                                                                    \
        int *n_ = malloc((size_t)cap_cand * sizeof *n_);                                  \
        sim_assert(n_, "out of memory for the reduced search");                           \
        memcpy(n_, cand, (size_t)n_cand * sizeof *n_);                                    \
        if (cand != cand_small) free(cand);                                               \
        cand = n_;                                                                        \
      }                                                                                   \
      cand[n_cand++] = (x);                                                               \
    } while (0)
    if (e->global) {
      for (int t = 1; t <= d->max_tid; t++)
        if (t != e->tid && d->last_event[t] > d->last_global && d->last_event[t] >= 0)
          CANDIDATE(d->last_event[t]);
    }
    if (d->last_global >= 0 && d->events[d->last_global].tid != e->tid) CANDIDATE(d->last_global);
    const uint64_t *acc = &d->racc[e->acc_off];
    for (int i = 0; i < e->n_acc; i++) {
      hist *h = hist_of(d, acc[i] >> 1);
      bool write = acc[i] & 1;
      log_undo(d, UNDO_HIST, acc[i] >> 1, h->last_write, h->reads);
      if (h->last_write >= 0 && d->events[h->last_write].tid != e->tid) CANDIDATE(h->last_write);
      if (write) {
        for (int r = h->reads; r >= 0; r = d->reads[r].next)
          if (d->reads[r].tid != e->tid) CANDIDATE(d->reads[r].event);
        h->last_write = ie;
        h->reads = -1;
      } else {
        int r = h->reads;
        while (r >= 0 && d->reads[r].tid != e->tid) r = d->reads[r].next;
        if (r >= 0) {
          log_undo(d, UNDO_READ, (uint64_t)r, d->reads[r].event, 0);
          d->reads[r].event = ie;
        } else {
          GROW(d->reads, d->n_reads, d->cap_reads, 1, 1024);
          d->reads[d->n_reads] = (read_entry){e->tid, ie, h->reads};
          h->reads = d->n_reads++;
        }
      }
    }
#undef CANDIDATE
    if (e->global) d->last_global = ie;
    /* Latest first: a candidate that happens before a later one (or
     * before the thread's own past) is not in a race with this step. */
    qsort(cand, (size_t)n_cand, sizeof *cand, cmp_int_desc);
    int races_small[64], n_races = 0;
    int *races = n_cand <= 64 ? races_small : malloc((size_t)n_cand * sizeof *races);
    sim_assert(races, "out of memory for the reduced search");
    for (int i = 0; i < n_cand; i++) {
      if (i > 0 && cand[i] == cand[i - 1]) continue;
      event *x = &d->events[cand[i]];
      if (c[x->tid] < x->seq) races[n_races++] = cand[i];
      join_into(d, c, len, x);
    }
    c[e->tid] = e->seq;
    if (racing && !d->unreduced)
      for (int i = 0; i < n_races; i++) reverse_race(d, races[i], ie);
    if (races != races_small) free(races);
    if (cand != cand_small) free(cand);
  }
  if (e->tid == 0) c[0] = e->seq;
  if (d->cache && racing)
    sim__state_cache_note(d->cache, e->tid, &d->racc[e->acc_off], e->n_acc, e->global, c, len);
  /* Equivalent runs have the same steps with the same clocks. */
  uint64_t h = hash64(((uint64_t)e->tid << 32) ^ e->seq ^ 0x5bd1e995ULL);
  for (int t = 0; t < len; t++)
    if (c[t]) h = hash64(h ^ ((uint64_t)t << 40) ^ c[t]) + 0x9E3779B97F4A7C15ULL;
  d->class_hash += h;
  d->last_event[e->tid] = ie;
  for (int i = 0; i < e->n_woken; i++) {
    int q = d->rint[e->woken_off + i];
    log_undo(d, UNDO_WAKERS, (uint64_t)q, d->wakers[q], 0);
    GROW(d->rint, d->n_rint, d->cap_rint, 2, 1024);
    d->rint[d->n_rint] = ie;
    d->rint[d->n_rint + 1] = d->wakers[q];
    d->wakers[q] = d->n_rint;
    d->n_rint += 2;
  }
  /* Threads it took out of the ready set: their next steps never ran. */
  if (racing && e->node >= 0 && !d->unreduced)
    for (int i = 0; i < e->n_dis; i++) add_backtrack(d, e->node, d->rint[e->dis_off + i]);
}

/* ---- Decisions ------------------------------------------------------------------------------- */

/* Whether thread tid sleeps at decision k (for its chosen child's
 * successors the caller filters further). */
static bool sleeps_at(dpor_strategy *d, const node *n, int tid) {
  const int *s = &d->ipool[n->sleep_off];
  for (int i = 0; i < n->n_sleep; i++)
    if (s[2 * i] == tid) return true;
  return false;
}

/* Whether thread ids[i], explored at decision n before the thread picked
 * there now (q), may sleep in the current subtree.  Without a bound it
 * always may.  With one, pruning it in a later run R = a.q.w1.p.w2 (p being
 * its step, independent of q.w1) relies on R' = a.p.q.w1.w2 having been
 * explored, so R' must need no more preemptions than R.  The two differ in
 * three switches: at n (to p, or to q), right after p at the front (free
 * unless p left its thread ready), and around p's place in R (x->p->y
 * against x->y).  Counted out for the worst next thread y, R' costs at most
 * R's when p's step left its thread unable to go on (blocked, ended,
 * yielding) and the switch at n to p was no dearer than to q; or when p was
 * the thread running on at n (the default, free) and q a preemption there,
 * which pays for the switch after p. */
static bool sleep_allowed(dpor_strategy *d, const node *n, int i, const fprec *r) {
  if (d->bound == INT_MAX) return true;
  bool front_no_dearer = !n->preemptive || i == n->def || n->chosen != n->def;
  if (!r->preemptible_after) return front_no_dearer;
  return n->preemptive && i == n->def && n->chosen != n->def;
}

/* The sleep set a new decision inherits from decision k, through the step
 * e that k's pick ran (and a clock step after it, if any). */
static void inherit_sleep(dpor_strategy *d, node *child, int k, bool clock_between) {
  child->sleep_off = d->n_ipool;
  child->n_sleep = 0;
  if (k < 0 || clock_between) return;
  node *n = &d->nodes[k];
  if (n->event < 0 || n->full) return;
  sim_footprint fe = view_event(d, &d->events[n->event]);
  const int *ids = node_ids(d, n);
  const uint8_t *f = node_flags(d, n);
  const int *children = node_children(d, n);
  /* Candidates: the parent's own sleepers and its other explored children. */
  int n_cand = n->n_sleep + n->n;
  GROW(d->ipool, d->n_ipool, d->cap_ipool, 2 * n_cand, 1024);
  const int *s = &d->ipool[n->sleep_off];
  int *out = &d->ipool[d->n_ipool];
  for (int i = 0; i < n->n_sleep; i++) {
    int tid = s[2 * i], rec = s[2 * i + 1];
    sim_footprint fq = view_rec(d, &d->rpool[rec]);
    if (tid == fe.tid || sim__dep_dependent(&fq, &fe)) continue;
    out[2 * child->n_sleep] = tid;
    out[2 * child->n_sleep + 1] = rec;
    child->n_sleep++;
  }
  for (int i = 0; i < n->n; i++) {
    if (i == n->chosen || !(f[i] & F_TAKEN) || children[i] < 0) continue;
    if (!sleep_allowed(d, n, i, &d->rpool[children[i]])) continue;
    sim_footprint fq = view_rec(d, &d->rpool[children[i]]);
    if (ids[i] == fe.tid || sim__dep_dependent(&fq, &fe)) continue;
    out[2 * child->n_sleep] = ids[i];
    out[2 * child->n_sleep + 1] = children[i];
    child->n_sleep++;
  }
  d->n_ipool += 2 * child->n_sleep;
}

static void new_node(dpor_strategy *d, const sim_decision *dec, bool clock_between) {
  GROW(d->nodes, d->n_nodes, d->cap_nodes, 1, 256);
  node *n = &d->nodes[d->n_nodes];
  memset(n, 0, sizeof *n);
  n->a_mark = d->n_apool;
  n->i_mark = d->n_ipool;
  n->f_mark = d->n_fpool;
  n->r_mark = d->n_rpool;
  n->n = dec->n_ready;
  n->def = dec->default_index;
  n->preemptive = dec->preempts;
  n->pre_before = d->preemptions;
  n->event = -1;
  n->chosen = -1;
  GROW(d->ipool, d->n_ipool, d->cap_ipool, 2 * dec->n_ready, 1024);
  n->ids_off = d->n_ipool;
  for (int i = 0; i < dec->n_ready; i++) {
    d->ipool[d->n_ipool++] = dec->ready[i]->id;
    see_thread(d, dec->ready[i]->id);
  }
  n->child_off = d->n_ipool;
  for (int i = 0; i < dec->n_ready; i++) d->ipool[d->n_ipool++] = -1;
  GROW(d->fpool, d->n_fpool, d->cap_fpool, dec->n_ready, 1024);
  n->flags_off = d->n_fpool;
  memset(&d->fpool[d->n_fpool], 0, (size_t)dec->n_ready);
  d->n_fpool += dec->n_ready;
  d->n_nodes++;
  inherit_sleep(d, n, d->n_nodes - 2, clock_between);
  /* With one ready thread the scheduler asks no pick: that is the choice. */
  if (n->n == 1) {
    n->chosen = 0;
    d->fpool[n->flags_off] = F_DONE | F_TAKEN;
  }
  /* The first decisions of a forced prefix (counting those with a choice). */
  int with_choice = 0;
  for (int k = 0; d->n_forced > 0 && k < d->n_nodes; k++) with_choice += d->nodes[k].n > 1;
  if (d->n_forced > 0 && n->n > 1 && with_choice <= d->n_forced) {
    int want = d->forced[with_choice - 1];
    n->chosen = want < n->n ? want : n->def;
    n->frozen = true;
    d->fpool[n->flags_off + n->chosen] = F_DONE | F_TAKEN;
    return;
  }
  /* Under a bound, a decision where the running thread yields (Sleep(0),
   * SwitchToThread, a poll after a poll that found nothing) is explored in
   * full: whether a thread yields depends on what other threads did before
   * (a try-lock that failed), so a reordering changes which switches are
   * free, which BPOR's preemption accounting does not follow
   * (tests/programs/lockorder_try.c lost classes without this). */
  bool yield_point = d->bound != INT_MAX && dec->cur && dec->cur->state == SIM_T_READY && !dec->cur_ready;
  if (d->unreduced || yield_point) {
    n->full = true;
    uint8_t *f = node_flags(d, n);
    for (int i = 0; i < n->n; i++)
      if (fits(d, n, i)) f[i] |= F_BACKTRACK;
  }
}

/* Drops the decisions after k and what they kept. */
static void truncate_after(dpor_strategy *d, int k) {
  if (k + 1 >= d->n_nodes) return;
  node *first = &d->nodes[k + 1];
  d->n_apool = first->a_mark;
  d->n_ipool = first->i_mark;
  d->n_fpool = first->f_mark;
  d->n_rpool = first->r_mark;
  d->n_nodes = k + 1;
}

static void dpor_begin(sim_strategy *s) {
  dpor_strategy *d = (dpor_strategy *)s;
  if (d->cache) sim__current_run->scrub_stacks = true;
  d->cursor = 0;
  d->preemptions = 0;
  d->abandoned = d->bound_blocked = d->cut = false;
  d->branch = d->prefix - 1;
  /* The steps before the branch are the last run's, kept (dpor_end rolled
   * the run's state back to them): the run repeats them without recording
   * them again. */
  d->replaying = d->branch > 0 && d->n_events > 0;
  if (!d->replaying) {
    d->n_events = 0;
    d->n_racc = 0;
    d->n_rint = 0;
    d->n_rclock = 0;
    d->n_reads = 0;
    d->n_undos = 0;
    d->max_tid = 0;
    for (int i = 0; i < d->cap_threads; i++) {
      d->last_event[i] = -1;
      d->seq[i] = 0;
      d->wakers[i] = -1;
    }
    d->last_global = -1;
    d->last_clock = -1;
    d->class_hash = 0;
    hist_clear(d);
    for (int i = 0; i < d->n_nodes; i++) d->nodes[i].event = -1;
  }
  sim__fp_pause(d->replaying);
}

static void visit_state(dpor_strategy *d, const sim_decision *dec);
static bool all_steps_before(dpor_strategy *d, int tid);

static void dpor_step(sim_strategy *s, const sim_footprint *done, const sim_decision *next) {
  dpor_strategy *d = (dpor_strategy *)s;
  bool clock_between = false;
  /* A step the last run made too: kept, not recorded again. */
  if (d->replaying) done = NULL;
  if (done) {
    add_event(d, done);
    event *e = &d->events[d->n_events - 1];
    if (e->tid == 0) {
      clock_between = true;
    } else if (e->node >= 0 && e->node < d->n_nodes) {
      node *n = &d->nodes[e->node];
      n->event = d->n_events - 1;
      int *children = node_children(d, n);
      if (n->chosen >= 0 && children[n->chosen] < 0) children[n->chosen] = keep_record(d, e);
    }
  }
  if (!next) return;
  d->last_step = next->step;
  if (!d->steps_max) d->steps_max = sim__current_run->opt.steps_max;
  /* Whether the step just made left its thread able to go on. */
  if (done && !clock_between && d->n_events > 0) {
    event *e = &d->events[d->n_events - 1];
    e->preemptible_after = next->preempts && next->cur && next->cur->id == e->tid;
    node *n = e->node >= 0 && e->node < d->n_nodes ? &d->nodes[e->node] : NULL;
    int *children = n ? node_children(d, n) : NULL;
    if (n && n->chosen >= 0 && children[n->chosen] >= 0)
      d->rpool[children[n->chosen]].preemptible_after = e->preemptible_after;
  }
  if (d->cursor < d->prefix) {
    node *n = &d->nodes[d->cursor];
    const int *ids = node_ids(d, n);
    bool same = n->n == next->n_ready && n->def == next->default_index;
    for (int i = 0; same && i < n->n; i++) same = ids[i] == next->ready[i]->id;
    if (same) {
      /* From the branch on, the run makes new steps. */
      if (d->cursor == d->branch && d->replaying) {
        d->replaying = false;
        sim__fp_pause(false);
      }
      d->cursor++;
      return;
    }
    if (d->replaying) {
      /* The kept steps are not this run's: start the run's state afresh
       * (the reduction is given up below anyway). */
      d->replaying = false;
      sim__fp_pause(false);
    }
    /* A run that does not repeat itself: from here on, search in full. */
    truncate_after(d, d->cursor - 1);
    d->prefix = d->cursor;
    give_up_reduction(d);
  }
  new_node(d, next, clock_between);
  node *made = &d->nodes[d->n_nodes - 1];
  made->alone = made->n == 1 && next->cur && next->ready[0] == next->cur && sim__current_run->n_live == 1 &&
                all_steps_before(d, next->cur->id);
  d->cursor++;
  d->prefix = d->cursor;
  visit_state(d, next);
}

/* Whether every step made so far happens before thread tid's next step:
 * its last step's clock covers every other thread's last step and the
 * clock's last jump. */
static bool all_steps_before(dpor_strategy *d, int tid) {
  if (tid > d->max_tid || d->last_event[tid] < 0) return false;
  const event *mine = &d->events[d->last_event[tid]];
  for (int t = 1; t <= d->max_tid; t++) {
    int x = d->last_event[t];
    if (t != tid && x >= 0 && !hb(d, &d->events[x], mine)) return false;
  }
  return d->last_clock < 0 || hb(d, &d->events[d->last_clock], mine);
}

/* Whether event x happens before every later step of thread q: before
 * q's last step, a step that made q ready since, or the clock's last jump
 * (which every later step follows). */
static bool before_next_of(dpor_strategy *d, const event *x, int q) {
  if (x->tid == q) return true;
  if (q <= d->max_tid) {
    int lq = d->last_event[q];
    if (lq >= 0 && hb(d, x, &d->events[lq])) return true;
    for (int w = d->wakers[q]; w >= 0; w = d->rint[w + 1])
      if (hb(d, x, &d->events[d->rint[w]])) return true;
  }
  return d->last_clock >= 0 && hb(d, x, &d->events[d->last_clock]);
}

/* Whether event x happens before a step below the cut state described by
 * item: before the next step of its thread or of a thread one of whose
 * steps there happens before it. */
static bool before_item(dpor_strategy *d, const event *x, const sim_summary_item *item) {
  /* Bit 0: a jump of virtual time below the state happens before it, and
   * such a jump follows every step made before it. */
  if (item->after_of & 1) return true;
  if (before_next_of(d, x, item->tid)) return true;
  for (int t = 1; t < 64 && t <= d->max_tid; t++)
    if ((item->after_of >> t & 1) && before_next_of(d, x, t)) return true;
  return false;
}

/* Whether thread t may have a step in v when the race of x with a step of
 * thread q after the run's end is reversed (reverse_race_later): q itself,
 * or a live thread other than x's whose later steps need not happen after
 * x.  A thread whose next step does happen after x has none there, nor
 * does a thread not yet created (its first step follows its creator's). */
static bool may_step_in_v(dpor_strategy *d, const event *x, int q, int t) {
  if (t == q) return true;
  const sim_run *r = sim__current_run;
  return t != x->tid && t >= 1 && t <= r->n_threads && r->threads[t - 1]->state != SIM_T_EXITED &&
         !before_next_of(d, x, t);
}

/* A race of step x of the run with a step f of thread q after its end
 * (which the run does not make: it was made below a state the run was cut
 * at).  As reverse_race does, this makes sure an initial of v (the steps
 * after x that do not happen after it) then f is explored at x's decision.
 * The steps between the end of the run and f are not known.  When v has a
 * step in the run, the first of them has nothing before it in v, and its
 * thread is an initial whatever comes after.  When it has none, an initial
 * is a thread that may have a step in v (may_step_in_v) and is ready at
 * x's decision (the first step of v runs right there, in the reversed
 * order); which of them is first is not known, so each is a backtrack
 * point (when q is the only one, it is the initial). */
static void reverse_race_later(dpor_strategy *d, int ix, int q) {
  const event *x = &d->events[ix];
  int k = x->node;
  if (k < 0) return;
  node *n = &d->nodes[k];
  if (n->full || n->frozen) return;
  int first = -1;
  for (int y = ix + 1; y < d->n_events && first < 0; y++)
    if (d->events[y].tid != 0 && !hb(d, x, &d->events[y])) first = y;
  uint8_t *f = node_flags(d, n);
  const int *ids = node_ids(d, n);
  if (first < 0) {
    bool any = false;
    for (int i = 0; i < n->n; i++)
      if (may_step_in_v(d, x, q, ids[i])) {
        any = true;
        if (fits(d, n, i) && !(f[i] & F_DONE)) f[i] |= F_BACKTRACK;
      }
    /* No thread ready here can begin v: it cannot be, but to be safe. */
    if (!any)
      for (int i = 0; i < n->n; i++)
        if (fits(d, n, i) && !(f[i] & F_DONE)) f[i] |= F_BACKTRACK;
    return;
  }
  /* Some thread explored or to explore at k is already an initial of v:
   * its first step in v follows no step of v. */
  for (int i = 0; i < n->n; i++) {
    if (!(f[i] & (F_BACKTRACK | F_DONE))) continue;
    int mine = -1;
    for (int y = first; y < d->n_events && mine < 0; y++)
      if (d->events[y].tid == ids[i] && !hb(d, x, &d->events[y])) mine = y;
    if (mine < 0) continue;
    bool initial = true;
    for (int y = first; y < mine && initial; y++) {
      const event *ey = &d->events[y];
      if (ey->tid != 0 && !hb(d, x, ey) && hb(d, ey, &d->events[mine])) initial = false;
    }
    if (initial) return;
  }
  add_backtrack(d, k, d->events[first].tid);
}

/* The run is cut at a state whose search below was made after another
 * prefix: the steps made there (the state's summary) may race with steps
 * of this run that they did not race with there.  Each is taken as a step
 * after the run's end that happens after no more of the run than what
 * happens before the next step of its thread and of the threads its
 * summary item names (before_item).  It may in fact happen after more,
 * through steps in between; then a race found here is not one, and the
 * search only explores more. */
static void race_summary(dpor_strategy *d, const sim_summary_item *items, size_t n_items) {
  for (size_t i = 0; i < n_items; i++) {
    const sim_summary_item *it = &items[i];
    int q = it->tid;
    if (it->acc == SIM_SUMMARY_GLOBAL) {
      for (int t = 1; t <= d->max_tid; t++) {
        int x = d->last_event[t];
        if (x >= 0 && !before_item(d, &d->events[x], it)) reverse_race_later(d, x, q);
      }
      continue;
    }
    if (d->last_global >= 0 && !before_item(d, &d->events[d->last_global], it))
      reverse_race_later(d, d->last_global, q);
    hist *h = hist_of(d, it->acc >> 1);
    if (h->last_write >= 0 && !before_item(d, &d->events[h->last_write], it))
      reverse_race_later(d, h->last_write, q);
    if (it->acc & 1)
      for (int r = h->reads; r >= 0; r = d->reads[r].next)
        if (!before_item(d, &d->events[d->reads[r].event], it)) reverse_race_later(d, d->reads[r].event, q);
  }
}

/* At a new decision: a cut point of the state cache (state_cache.c says
 * when and why). */
static void visit_state(dpor_strategy *d, const sim_decision *dec) {
  const node *n = &d->nodes[d->n_nodes - 1];
  if (!d->cache || d->unreduced || !dec->cur) return;
  bool alone = n->alone;
  /* Under a bound, only where one thread is alive (sim_strategy_dpor
   * says why). */
  if (!alone && (!dec->cur_ready || d->bound != INT_MAX)) return;
  /* Where threads sleep, the search below runs only the classes that
   * begin with a thread awake.  A state searched before with none of
   * those threads asleep ran all of these classes (and maybe more), so it
   * cuts the run here (state_cache.c); a state kept now says which threads
   * slept.  A thread's step at a state is decided by the state, so the
   * thread stands for its sleeping step.  The mask has room for threads 1
   * to 63; with a later thread asleep the state is looked up, not kept. */
  uint64_t asleep = 0;
  bool may_keep = true;
  const int *sleep = &d->ipool[n->sleep_off];
  for (int i = 0; i < n->n_sleep; i++) {
    if (sleep[2 * i] < 64) asleep |= (uint64_t)1 << sleep[2 * i];
    else may_keep = false;
  }
  const sim_summary_item *items;
  size_t n_items;
  int budget = d->bound == INT_MAX ? INT_MAX : d->bound - d->preemptions;
  if (!sim__state_cache_try_cut(d->cache, dec, d->n_nodes - 1, budget, d->steps_max, !alone, asleep, may_keep,
                                d->seq, d->max_tid + 1, &d->cut_end, &d->cut_below, &items, &n_items))
    return;
  if (asleep || !may_keep) d->cuts_asleep++;
  if (!alone) {
    d->cuts_several++;
    race_summary(d, items, n_items);
  }
  d->abandoned = true;
  d->cut = true;
  sim__finish(SIM_VERDICT_OK, dec->cur,
              "cut: the search below this state is finished (it was reached before by another "
              "way, every step before happens before every step after)");
}

static __attribute__((noreturn)) void abandon(dpor_strategy *d, const sim_decision *dec, bool bound) {
  d->abandoned = true;
  d->bound_blocked = bound;
  sim__finish(SIM_VERDICT_OK, dec->cur,
              bound ? "abandoned: every thread that can run here is asleep or beyond the bound"
                    : "abandoned: every thread that can run here is asleep (an equivalent run was explored)");
}

static int dpor_pick(sim_strategy *s, const sim_decision *dec) {
  dpor_strategy *d = (dpor_strategy *)s;
  int k = d->cursor - 1;
  sim_assert(k >= 0 && k < d->n_nodes, "a pick without its decision");
  node *n = &d->nodes[k];
  uint8_t *f = node_flags(d, n);
  int idx = n->chosen;
  if (idx < 0) {
    /* A new decision: the default, unless it sleeps; then the first that
     * neither sleeps nor breaks the bound. */
    const int *ids = node_ids(d, n);
    bool any_awake = false;
    for (int i = -1; i < n->n && idx < 0; i++) {
      int c = i < 0 ? n->def : i;
      if (i == n->def) continue;
      if (!n->full && sleeps_at(d, n, ids[c])) continue;
      any_awake = true;
      if (fits(d, n, c)) idx = c;
    }
    if (idx < 0) abandon(d, dec, any_awake);
    n->chosen = idx;
    f[idx] |= F_DONE | F_TAKEN;
  }
  if (n->preemptive && idx != n->def) d->preemptions++;
  return idx;
}

/* After a run: the races of its end, then the deepest decision with a
 * thread still to explore. */
static bool dpor_end(sim_strategy *s) {
  dpor_strategy *d = (dpor_strategy *)s;
  if (d->cut) {
    /* Not a schedule, nor a run an equivalent one made redundant. */
  } else if (d->abandoned) d->abandoned_runs++;
  else d->schedules++;
  /* The end of a run takes every other thread's next step away, as a
   * global step would (below): states above it note it so. */
  if (d->cache && !d->abandoned && d->n_events > 0 && !d->replaying) {
    const event *last = &d->events[d->n_events - 1];
    if (last->tid != 0)
      sim__state_cache_note(d->cache, last->tid, NULL, 0, true, &d->rclock[last->clock_off], last->clock_len);
  }
  if (d->cache) sim__state_cache_run_ended(d->cache, d->cut ? d->cut_end : d->last_step, d->cut ? d->cut_below : 0,
                                         d->steps_max);
  d->last_class = d->class_hash;
  /* The last step ended the run: every other thread's next step was taken
   * away by it, as by a global step.  So it races with the last step of
   * each other thread that does not happen before it (which could have
   * come after the end, that is, not at all), and each thread ready before
   * it could have run first. */
  if ((!d->abandoned || d->bound_blocked) && d->n_events > 0 && !d->unreduced) {
    int il = d->n_events - 1;
    const event *last = &d->events[il];
    if (last->tid != 0 && last->node >= 0 && last->node >= d->branch) {
      for (int t = 1; t <= d->max_tid; t++) {
        int x = d->last_event[t];
        if (t == last->tid || x < 0 || hb(d, &d->events[x], last)) continue;
        reverse_race(d, x, il);
      }
      node *n = &d->nodes[last->node];
      const int *ids = node_ids(d, n);
      for (int i = 0; i < n->n; i++)
        if (ids[i] != last->tid) add_backtrack(d, last->node, ids[i]);
      /* For the same reason the step may not sleep in a sibling's subtree
       * as if it were independent of that sibling's steps: run after
       * them, it ends a run in which they ran, a class of its own, which
       * running it first (the run just made) does not stand for. */
      int *children = node_children(d, n);
      if (!d->abandoned && n->n > 1 && n->chosen >= 0 && children[n->chosen] >= 0)
        d->rpool[children[n->chosen]].global = true;
    }
  }
  for (int k = d->n_nodes - 1; k >= 0; k--) {
    node *n = &d->nodes[k];
    uint8_t *f = node_flags(d, n);
    const int *ids = node_ids(d, n);
    for (int i = 0; i < n->n && !n->frozen; i++) {
      if (!(f[i] & F_BACKTRACK) || (f[i] & F_DONE) || !fits(d, n, i)) continue;
      /* Asleep: an equivalent run was explored, and (sleep_allowed) one
       * that needs no more preemptions than this one would. */
      if (!n->full && sleeps_at(d, n, ids[i])) continue;
      /* The next run repeats the steps before decision k's: keep them. */
      rollback(d, n->event >= 0 ? n->event : d->n_events);
      for (int j = k; j < d->n_nodes; j++) d->nodes[j].event = -1;
      truncate_after(d, k);
      n->chosen = i;
      f[i] |= F_DONE | F_TAKEN;
      d->prefix = k + 1;
      if (d->cache) sim__state_cache_settle(d->cache, k);
      return true;
    }
  }
  d->exhausted = true;
  d->n_nodes = 0;
  d->prefix = 0;
  d->n_apool = d->n_ipool = d->n_fpool = d->n_rpool = 0;
  return false;
}

static void dpor_destroy(sim_strategy *s) {
  dpor_strategy *d = (dpor_strategy *)s;
  sim__state_cache_free(d->cache);
  free(d->forced);
  free(d->nodes);
  free(d->apool);
  free(d->ipool);
  free(d->fpool);
  free(d->rpool);
  free(d->events);
  free(d->racc);
  free(d->rint);
  free(d->rclock);
  free(d->last_event);
  free(d->seq);
  free(d->wakers);
  free(d->hkeys);
  free(d->hgens);
  free(d->hvals);
  free(d->reads);
  free(d->undos);
  free(d);
}

static const sim_strategy_ops dpor_ops = {
    .name = "dfs",
    .begin_run = dpor_begin,
    .pick = dpor_pick,
    .end_run = dpor_end,
    .destroy = dpor_destroy,
    .step = dpor_step,
    .declared_calls = sim__declared_calls,
};

sim_strategy *sim_strategy_dpor(int bound) {
  dpor_strategy *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  d->base.ops = &dpor_ops;
  d->bound = bound < 0 ? INT_MAX : bound;
  /* A state reached again is searched once (state_cache.c).  Under a
   * bound only where one thread is alive: no race crosses such a point,
   * and no conservative backtrack point of BPOR is put above it
   * (last_switch_before), so what is searched below it depends only on the
   * state and the preemptions left. */
  if (sim__state_cache_wanted()) d->cache = sim__state_cache_new(d->bound == INT_MAX);
  return &d->base;
}

bool sim__is_dpor(const sim_strategy *s) { return s->ops == &dpor_ops; }

bool sim__dpor_abandoned(const sim_strategy *s) { return ((const dpor_strategy *)s)->abandoned; }

void sim__dpor_counts(const sim_strategy *s, uint64_t *schedules, uint64_t *abandoned) {
  const dpor_strategy *d = (const dpor_strategy *)s;
  *schedules = d->schedules;
  *abandoned = d->abandoned_runs;
}

uint64_t sim__dpor_class(const sim_strategy *s) { return ((const dpor_strategy *)s)->last_class; }

sim_strategy *sim__strategy_dpor_unreduced(int bound) {
  dpor_strategy *d = (dpor_strategy *)sim_strategy_dpor(bound);
  if (d) d->unreduced = true;
  return &d->base;
}

bool sim__dpor_cut(const sim_strategy *s) { return ((const dpor_strategy *)s)->cut; }

uint64_t sim__dpor_cuts_several(const sim_strategy *s) { return ((const dpor_strategy *)s)->cuts_several; }

uint64_t sim__dpor_cuts_asleep(const sim_strategy *s) { return ((const dpor_strategy *)s)->cuts_asleep; }

bool sim__dpor_exhausted(const sim_strategy *s) { return ((const dpor_strategy *)s)->exhausted; }

void sim__dpor_force(sim_strategy *s, const int *choices, int n) {
  dpor_strategy *d = (dpor_strategy *)s;
  free(d->forced);
  d->forced = NULL;
  d->n_forced = 0;
  if (n <= 0) return;
  d->forced = malloc((size_t)n * sizeof *d->forced);
  sim_assert(d->forced, "out of memory for a forced prefix");
  memcpy(d->forced, choices, (size_t)n * sizeof *choices);
  d->n_forced = n;
}
