/* Deadlock cycles, lock-order inversions, and the resource report.
 *
 * A deadlock is reported with its wait-for cycle when there is one: each
 * blocked thread points at the thread that could release what it waits for
 * (the owner of a critical section, mutex, SRW lock or the loader lock, or
 * the thread it waits to exit).  Without a cycle (a thread waits for an
 * event nobody will set) the report lists what every thread waits for.
 *
 * Lock order: every time a thread takes a lock while holding others, the
 * pair (held, taken) is an edge; an edge that closes a cycle is a potential
 * deadlock even if this schedule got away with it.  Sites are the return
 * addresses of the acquiring calls, named by function and module.
 */
#include "detect.h"

#include <stdlib.h>
#include <string.h>

/* ---- Describing waits ------------------------------------------------------------- */

/* The thread that could release what t waits for, or NULL. */
static sim_thread *blocker_of(const sim_thread *t) {
  switch (t->wait.kind) {
  case SIM_WAIT_CS: {
    const CRITICAL_SECTION *cs = t->wait.lock;
    if (!sim_readable(cs)) return NULL;
    return sim_thread_by_id((int)(uintptr_t)cs->OwningThread);
  }
  case SIM_WAIT_SRW_EXCLUSIVE:
  case SIM_WAIT_SRW_SHARED: {
    if (!sim_readable(t->wait.lock)) return NULL;
    int owner = sim_srw_exclusive_owner(t->wait.lock);
    if (owner) return sim_thread_by_id(owner);
    /* Shared holders: any of them blocks an exclusive waiter. */
    sim_run *r = sim_current_run;
    for (int i = 0; i < r->n_threads; i++)
      for (int k = 0; k < r->threads[i]->n_held; k++)
        if (r->threads[i]->held[k].lock == t->wait.lock && r->threads[i] != t &&
            r->threads[i]->state != SIM_T_EXITED)
          return r->threads[i];
    return NULL;
  }
  case SIM_WAIT_OBJECTS:
    if (t->wait.count != 1 && !t->wait.all) return NULL;
    for (int i = 0; i < t->wait.count; i++) {
      const sim_object *o = t->wait.blocks[i].object;
      if (sim_object_signalled_for(o, t)) continue;
      if (o->type == SIM_OBJ_MUTEX) return o->u.mutex.owner;
      if (o->type == SIM_OBJ_THREAD) return o->u.thread.thread;
      return NULL;
    }
    return NULL;
  default: return NULL;
  }
}

void sim_describe_wait(const sim_thread *t, struct strbuf *out) {
  char buf[160], who[64];
  switch (t->wait.kind) {
  case SIM_WAIT_CS:
  case SIM_WAIT_SRW_EXCLUSIVE:
  case SIM_WAIT_SRW_SHARED: {
    sim_thread *b = blocker_of(t);
    strbuf_printf(out, "waits for %s", sim_lock_label(t->wait.lock, t->wait.kind, buf, sizeof buf));
    if (b) strbuf_printf(out, " (held by %s)", sim_thread_label(b, who, sizeof who));
    if (b && b->killed_at_exit)
      strbuf_printf(out, ", which ExitProcess terminated while it held the lock%s",
                    t->wait.kind == SIM_WAIT_CS
                        ? " (Windows Vista and later end the process at this EnterCriticalSection "
                          "instead of waiting: the rest of the shutdown is lost either way)"
                        : "");
    if (t->wait.kind == SIM_WAIT_CS && t->phase == SIM_PHASE_START) strbuf_puts(out, " to start");
    break;
  }
  case SIM_WAIT_OBJECTS:
    if (t->wait.count > 1) strbuf_printf(out, "waits for %s of: ", t->wait.all ? "all" : "any");
    else strbuf_puts(out, "waits for ");
    for (int i = 0; i < t->wait.count; i++) {
      const sim_object *o = t->wait.blocks[i].object;
      if (i) strbuf_puts(out, ", ");
      if (o->type == SIM_OBJ_THREAD) {
        strbuf_printf(out, "%s to exit", sim_thread_label(o->u.thread.thread, who, sizeof who));
      } else {
        strbuf_puts(out, sim_object_label(o, buf, sizeof buf));
        if (o->type == SIM_OBJ_MUTEX && o->u.mutex.owner)
          strbuf_printf(out, " (held by %s)", sim_thread_label(o->u.mutex.owner, who, sizeof who));
      }
    }
    break;
  case SIM_WAIT_PORT:
    strbuf_printf(out, "waits for a completion packet on %s",
                  sim_object_label(t->wait.port, buf, sizeof buf));
    break;
  case SIM_WAIT_SLEEP:
    if (t->wait.deadline_ms == SIM_NO_DEADLINE) strbuf_puts(out, "sleeps forever (INFINITE)");
    else strbuf_printf(out, "sleeps until t=%llu ms", (unsigned long long)t->wait.deadline_ms);
    break;
  case SIM_WAIT_IO: strbuf_puts(out, "waits for its pipe I/O to complete"); break;
  default: strbuf_puts(out, "is not waiting"); break;
  }
  if (t->api >= 0 && t->api != SIM_API_ThreadStart)
    strbuf_printf(out, " in %s", sim_api_name(t->api));
  if (t->ret_addr) strbuf_printf(out, ", called from %s", sim_describe_code(t->ret_addr, buf, sizeof buf));
}

static void describe_holds(const sim_thread *t, struct strbuf *out) {
  char buf[160];
  if (!t->n_held) return;
  strbuf_puts(out, "holds ");
  for (int i = 0; i < t->n_held; i++) {
    if (i) strbuf_puts(out, ", ");
    strbuf_puts(out, sim_lock_label(t->held[i].lock, t->held[i].kind, buf, sizeof buf));
  }
  strbuf_puts(out, " and ");
}

void sim_report_deadlock(sim_thread *cur) {
  sim_run *r = sim_current_run;
  struct strbuf d = {0};
  char who[64];
  sim_thread *cycle_start = NULL;

  /* Follow blockers from each blocked thread; a thread met twice is on a
   * cycle. */
  for (int i = 0; i < r->n_threads && !cycle_start; i++) {
    sim_thread *t = r->threads[i];
    if (t->state != SIM_T_BLOCKED) continue;
    sim_thread *slow = t, *fast = t;
    for (int k = 0; k < r->n_threads + 1; k++) {
      fast = blocker_of(fast);
      if (!fast || fast->state != SIM_T_BLOCKED) break;
      fast = blocker_of(fast);
      if (!fast || fast->state != SIM_T_BLOCKED) break;
      slow = blocker_of(slow);
      if (slow == fast) {
        cycle_start = slow;
        break;
      }
    }
  }

  if (cycle_start) {
    int n = 0;
    sim_thread *t = cycle_start;
    do {
      strbuf_puts(&d, "  ");
      strbuf_puts(&d, sim_thread_label(t, who, sizeof who));
      strbuf_puts(&d, " ");
      describe_holds(t, &d);
      sim_describe_wait(t, &d);
      strbuf_puts(&d, "\n");
      t = blocker_of(t);
      n++;
    } while (t != cycle_start && n <= r->n_threads);
    if (n == 1)
      sim_finish_details(SIM_VERDICT_DEADLOCK, cycle_start, strbuf_take(&d),
                         "%s waits for itself",
                         sim_thread_label(cycle_start, who, sizeof who));
    sim_finish_details(SIM_VERDICT_DEADLOCK, cycle_start, strbuf_take(&d),
                       "%d threads wait for each other in a cycle", n);
  }

  sim_thread *first = NULL;
  for (int i = 0; i < r->n_threads; i++) {
    sim_thread *t = r->threads[i];
    if (t->state == SIM_T_EXITED) continue;
    if (!first) first = t;
    strbuf_puts(&d, "  ");
    strbuf_puts(&d, sim_thread_label(t, who, sizeof who));
    strbuf_puts(&d, " ");
    describe_holds(t, &d);
    if (t->state == SIM_T_SUSPENDED) strbuf_puts(&d, "is suspended");
    else sim_describe_wait(t, &d);
    strbuf_puts(&d, "\n");
  }
  (void)cur;
  sim_finish_details(SIM_VERDICT_DEADLOCK, first, strbuf_take(&d),
                     "every thread is blocked and nothing can wake any of them");
}

/* ---- Lock order ------------------------------------------------------------------------ */

struct sim_lock_edge {
  void *from, *to;
  int from_kind, to_kind;
  void *from_site, *to_site;      /* where each was taken */
  int tid;
  uint64_t step;
};

static bool edge_exists(sim_run *r, void *from, void *to) {
  for (int i = 0; i < r->n_lock_edges; i++)
    if (r->lock_edges[i].from == from && r->lock_edges[i].to == to) return true;
  return false;
}

/* Depth-first search for a path from `from` to `to`; fills path (edge
 * indexes) and returns its length, or 0. */
static int find_path(sim_run *r, void *from, void *to, int *path, int depth, int max) {
  if (depth >= max) return 0;
  for (int i = 0; i < r->n_lock_edges; i++) {
    if (r->lock_edges[i].from != from) continue;
    path[depth] = i;
    if (r->lock_edges[i].to == to) return depth + 1;
    int n = find_path(r, r->lock_edges[i].to, to, path, depth + 1, max);
    if (n) return n;
  }
  return 0;
}

void sim_lock_order_note(sim_thread *t, void *lock, int kind) {
  sim_run *r = sim_current_run;
  /* A try-acquire never waits, so it cannot be the waiting side of a
   * deadlock: it adds no edge into the lock it takes (which still counts
   * as held for what the thread takes next), as lockdep and
   * ThreadSanitizer's deadlock detector treat trylocks.  Otherwise "hold
   * A, try B" plus "hold B, take A" would be reported though it cannot
   * deadlock. */
  if (t->api == SIM_API_TryEnterCriticalSection || t->api == SIM_API_TryAcquireSRWLockExclusive ||
      t->api == SIM_API_TryAcquireSRWLockShared)
    return;
  for (int h = 0; h < t->n_held; h++) {
    sim_held *held = &t->held[h];
    if (held->lock == lock || edge_exists(r, held->lock, lock)) continue;
    int path[8];
    int n = find_path(r, lock, held->lock, path, 0, 8);
    if (r->n_lock_edges == r->cap_lock_edges) {
      int cap = r->cap_lock_edges ? r->cap_lock_edges * 2 : 16;
      struct sim_lock_edge *e = arena_alloc(&r->arena, (size_t)cap * sizeof *e);
      if (r->n_lock_edges) memcpy(e, r->lock_edges, (size_t)r->n_lock_edges * sizeof *e);
      r->lock_edges = e;
      r->cap_lock_edges = cap;
    }
    r->lock_edges[r->n_lock_edges++] = (struct sim_lock_edge){
        held->lock, lock, held->kind, kind, held->site, t->ret_addr, t->id, r->step};
    if (!n) continue;

    struct strbuf d = {0};
    char a[128], b[128], sa[128], sb[128], who[64];
    sim_lock_label(held->lock, held->kind, a, sizeof a);
    sim_lock_label(lock, kind, b, sizeof b);
    strbuf_printf(&d, "  %s takes %s (at %s) while holding %s (taken at %s)\n",
                  sim_thread_label(t, who, sizeof who), b,
                  sim_describe_code(t->ret_addr, sb, sizeof sb), a,
                  sim_describe_code(held->site, sa, sizeof sa));
    for (int k = 0; k < n; k++) {
      struct sim_lock_edge *e = &r->lock_edges[path[k]];
      sim_lock_label(e->from, e->from_kind, a, sizeof a);
      sim_lock_label(e->to, e->to_kind, b, sizeof b);
      strbuf_printf(&d, "  earlier, at step %llu, %s took %s (at %s) while holding %s (taken at %s)\n",
                    (unsigned long long)e->step,
                    sim_thread_label(sim_thread_by_id(e->tid), who, sizeof who), b,
                    sim_describe_code(e->to_site, sb, sizeof sb), a,
                    sim_describe_code(e->from_site, sa, sizeof sa));
    }
    sim_lock_label(held->lock, held->kind, a, sizeof a);
    sim_lock_label(lock, kind, b, sizeof b);
    sim_finish_details(SIM_VERDICT_LOCK_ORDER, t, strbuf_take(&d),
                       "%s and %s are taken in opposite orders: two threads doing so at the "
                       "same time deadlock", a, b);
  }
}

/* ---- Resources at process end ------------------------------------------------------------ */

void sim_resources_report(sim_result *res) {
  sim_run *r = sim_current_run;
  struct strbuf *out = &res->resources;
  char buf[160], who[64];
  if (res->exited && r->n_killed_at_exit) {
    strbuf_printf(out, "threads still running at exit (terminated): %d\n", r->n_killed_at_exit);
    for (int i = 0; i < r->n_killed_at_exit; i++) {
      sim_thread *t = r->killed_at_exit[i];
      strbuf_printf(out, "  %s, started at %s\n", sim_thread_label(t, who, sizeof who),
                    t->start ? sim_describe_code((void *)t->start, buf, sizeof buf) : "main");
    }
  }
  int open = 0;
  for (int i = 0; i < r->n_handles; i++)
    if ((uintptr_t)r->handles[i] >= 4096) open++;
  if (open) {
    strbuf_printf(out, "handles open at exit: %d\n", open);
    for (int i = 0; i < r->n_handles; i++) {
      sim_object *o = r->handles[i];
      if ((uintptr_t)o < 4096) continue;
      strbuf_printf(out, "  %#x: %s", (i + 1) * 4, sim_object_label(o, buf, sizeof buf));
      if (o->created_at) strbuf_printf(out, ", created at %s", sim_describe_code(o->created_at, buf, sizeof buf));
      strbuf_puts(out, "\n");
    }
  }
  size_t bytes = 0;
  size_t blocks = sim_heap_live(NULL, &bytes);
  if (blocks) {
    strbuf_printf(out, "memory not freed at exit: %zu block%s, %zu bytes\n", blocks,
                  blocks == 1 ? "" : "s", bytes);
    sim_image *images[17];
    int n = 0;
    images[n++] = r->program->host;
    for (int i = 0; i < r->program->n_dlls; i++) images[n++] = r->program->dlls[i].image;
    for (int i = 0; i < n; i++) {
      size_t b = 0, k = sim_heap_live(images[i], &b);
      if (k) strbuf_printf(out, "  by %s: %zu block%s, %zu bytes\n", images[i]->name, k,
                           k == 1 ? "" : "s", b);
    }
  }
}
