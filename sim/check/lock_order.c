/* Lock-order inversions: potential deadlocks this schedule got away with.
 *
 * Every time a thread takes a lock while holding others, the pair (held,
 * taken) is an edge; an edge that closes a cycle is a potential deadlock
 * even if this schedule got away with it.  Sites are the return addresses
 * of the acquiring calls, named by function and module.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

struct sim_lock_edge {
  void *from, *to;
  int from_kind, to_kind;
  void *from_site, *to_site;      /* where each was taken */
  int tid;
  uint64_t step;
};

static bool edge_exists(sim_run *r, void *from, void *to) {
  for (int i = 0; i < r->check->n_lock_edges; i++)
    if (r->check->lock_edges[i].from == from && r->check->lock_edges[i].to == to) return true;
  return false;
}

/* Scratch space for find_path, kept between calls (the simulator runs one
 * run at a time): a lock taken while others are held searches the graph,
 * which must cost no allocation that lives as long as the run. */
static int *scratch;
static int scratch_cap;

/* Breadth-first search for a shortest path of edges from `from` to `to`,
 * however long: a cycle through any number of locks is found.  Returns
 * the path's length and sets *path to its edge indexes, in order (valid
 * until the next call), or returns 0. */
static int find_path(sim_run *r, void *from, void *to, const int **path) {
  const struct sim_lock_edge *e = r->check->lock_edges;
  int n = r->check->n_lock_edges;
  if (n == 0) return 0;
  if (3 * n > scratch_cap) {
    scratch_cap = 3 * n * 2;
    scratch = realloc(scratch, (size_t)scratch_cap * sizeof *scratch);
    sim_assert(scratch, "out of memory for the lock-order search");
  }
  int *parent = scratch, *queue = scratch + n, *out = scratch + 2 * n;
  int head = 0, tail = 0;
  for (int i = 0; i < n; i++) {
    parent[i] = e[i].from == from ? -1 : -2; /* -2: not reached yet */
    if (parent[i] == -1) queue[tail++] = i;
  }
  while (head < tail) {
    int at = queue[head++];
    if (e[at].to == to) {
      int len = 0;
      for (int k = at; k != -1; k = parent[k]) out[len++] = k;
      for (int a = 0, b = len - 1; a < b; a++, b--) {
        int tmp = out[a];
        out[a] = out[b];
        out[b] = tmp;
      }
      *path = out;
      return len;
    }
    for (int i = 0; i < n; i++) {
      if (parent[i] != -2 || e[i].from != e[at].to) continue;
      parent[i] = at;
      queue[tail++] = i;
    }
    sim_assert(tail <= n, "the lock-order search queued an edge twice");
  }
  return 0;
}

void sim__lock_order_note(sim_thread *t, void *lock, int kind) {
  sim_run *r = sim__current_run;
  if (!r->check) r->check = sim__arena_alloc(&r->arena, sizeof *r->check);
  /* A try-acquire never waits, so it cannot be the waiting side of a
   * deadlock: it adds no edge into the lock it takes (which still counts
   * as held for what the thread takes next), as lockdep and
   * ThreadSanitizer's deadlock detector treat trylocks.  Otherwise "hold
   * A, try B" plus "hold B, take A" would be reported though it cannot
   * deadlock. */
  if (t->api == SIM_API_TryEnterCriticalSection || t->api == SIM_API_TryAcquireSRWLockExclusive ||
      t->api == SIM_API_TryAcquireSRWLockShared)
    return;
  sim_assert(t->n_held >= 1 && t->held[t->n_held - 1].lock == lock,
             "a lock order noted before the lock is held");
  for (int h = 0; h < t->n_held - 1; h++) {
    sim_held *held = &t->held[h];
    if (held->lock == lock || edge_exists(r, held->lock, lock)) continue;
    const int *path = NULL;
    int n = find_path(r, lock, held->lock, &path);
    if (r->check->n_lock_edges == r->check->cap_lock_edges) {
      int cap = r->check->cap_lock_edges ? r->check->cap_lock_edges * 2 : 16;
      struct sim_lock_edge *e = sim__arena_alloc(&r->arena, (size_t)cap * sizeof *e);
      if (r->check->n_lock_edges) memcpy(e, r->check->lock_edges, (size_t)r->check->n_lock_edges * sizeof *e);
      r->check->lock_edges = e;
      r->check->cap_lock_edges = cap;
    }
    r->check->lock_edges[r->check->n_lock_edges++] = (struct sim_lock_edge){
        held->lock, lock, held->kind, kind, held->site, t->ret_addr, t->id, r->step};
    if (!n) continue;

    struct strbuf d = {0};
    char a[128], b[128], sa[128], sb[128], who[64];
    sim__lock_label(held->lock, held->kind, a, sizeof a);
    sim__lock_label(lock, kind, b, sizeof b);
    strbuf_printf(&d, "  %s takes %s (at %s) while holding %s (taken at %s)\n",
                  sim__thread_label(t, who, sizeof who), b,
                  sim__describe_code(t->ret_addr, sb, sizeof sb), a,
                  sim__describe_code(held->site, sa, sizeof sa));
    for (int k = 0; k < n; k++) {
      struct sim_lock_edge *e = &r->check->lock_edges[path[k]];
      sim__lock_label(e->from, e->from_kind, a, sizeof a);
      sim__lock_label(e->to, e->to_kind, b, sizeof b);
      strbuf_printf(&d, "  earlier, at step %llu, %s took %s (at %s) while holding %s (taken at %s)\n",
                    (unsigned long long)e->step,
                    sim__thread_label(sim__thread_by_id(e->tid), who, sizeof who), b,
                    sim__describe_code(e->to_site, sb, sizeof sb), a,
                    sim__describe_code(e->from_site, sa, sizeof sa));
    }
    sim__lock_label(held->lock, held->kind, a, sizeof a);
    sim__lock_label(lock, kind, b, sizeof b);
    sim__finish_details(SIM_VERDICT_LOCK_ORDER, t, strbuf_take(&d),
                       "%s and %s are taken in opposite orders: two threads doing so at the "
                       "same time deadlock", a, b);
  }
}

/* The lock-order graph's part of a state fingerprint: a later step closes
 * a cycle with the edges seen so far.  Which thread and step added an
 * edge only the report names. */
void sim__lock_order_fingerprint(const sim_run *r, sim_fingerprint *f) {
  if (!r->check) {
    sim__fingerprint_u64(f, 0);
    return;
  }
  sim__fingerprint_u64(f, (uint64_t)r->check->n_lock_edges);
  for (int i = 0; i < r->check->n_lock_edges; i++) {
    const struct sim_lock_edge *e = &r->check->lock_edges[i];
    sim__fingerprint_u64(f, sim__lock_identity(e->from, e->from_kind));
    sim__fingerprint_u64(f, sim__lock_identity(e->to, e->to_kind));
    sim__fingerprint_u64(f, (uint64_t)e->from_kind << 32 | (uint32_t)e->to_kind);
    sim__fingerprint_u64(f, (uintptr_t)e->from_site);
    sim__fingerprint_u64(f, (uintptr_t)e->to_site);
  }
}
