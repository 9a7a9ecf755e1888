/* Deadlocks, and what a blocked thread waits for.
 *
 * A deadlock is reported with its wait-for cycle when there is one: each
 * blocked thread points at the thread that could release what it waits for
 * (the owner of a critical section, mutex, SRW lock or the loader lock,
 * the thread it waits to exit, or the thread running what a keyed wait
 * waits for: a one-time initialisation, a thread-pool callback).  Without
 * a cycle (a thread waits for an
 * event nobody will set) the report lists what every thread waits for.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

/* ---- Describing waits ------------------------------------------------------------- */

/* A thread blocked waiting to take the SRW lock exclusively: while it
 * waits, no thread takes the lock shared. */
static sim_thread *srw_waiting_writer(const void *lock) {
  sim_run *r = sim__current_run;
  for (int i = 0; i < r->n_threads; i++) {
    sim_thread *o = r->threads[i];
    if (o->state == SIM_T_BLOCKED && o->wait.kind == SIM_WAIT_SRW_EXCLUSIVE && o->wait.lock == lock)
      return o;
  }
  return NULL;
}

/* The thread that could release what t waits for, or NULL. */
static sim_thread *blocker_of(const sim_thread *t) {
  switch (t->wait.kind) {
  case SIM_WAIT_CS: {
    const CRITICAL_SECTION *cs = t->wait.lock;
    if (!sim__readable(cs)) return NULL;
    return sim__thread_by_id((int)(uintptr_t)cs->OwningThread);
  }
  case SIM_WAIT_SRW_EXCLUSIVE:
  case SIM_WAIT_SRW_SHARED: {
    if (!sim__readable(t->wait.lock)) return NULL;
    int owner = sim__srw_exclusive_owner(t->wait.lock);
    if (owner) return sim__thread_by_id(owner);
    sim_run *r = sim__current_run;
    if (t->wait.kind == SIM_WAIT_SRW_SHARED) return srw_waiting_writer(t->wait.lock);
    /* Shared holders: any of them blocks an exclusive waiter. */
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
      if (sim__object_signalled_for(o, t)) continue;
      if (o->type == SIM_OBJ_MUTEX) return o->u.mutex.owner;
      if (o->type == SIM_OBJ_THREAD) return o->u.thread.thread;
      return NULL;
    }
    return NULL;
  case SIM_WAIT_KEYED: return t->wait.blocker;
  default: return NULL;
  }
}

void sim__describe_wait(const sim_thread *t, struct strbuf *out) {
  char buf[160], who[64];
  switch (t->wait.kind) {
  case SIM_WAIT_CS:
  case SIM_WAIT_SRW_EXCLUSIVE:
  case SIM_WAIT_SRW_SHARED: {
    sim_thread *b = blocker_of(t);
    strbuf_printf(out, "waits for %s", sim__lock_label(t->wait.lock, t->wait.kind, buf, sizeof buf));
    if (b && t->wait.kind == SIM_WAIT_SRW_SHARED && b->state == SIM_T_BLOCKED &&
        b->wait.kind == SIM_WAIT_SRW_EXCLUSIVE && b->wait.lock == t->wait.lock)
      strbuf_printf(out, " in shared mode (%s waits to take it exclusively, and a waiting writer "
                    "goes before new readers)", sim__thread_label(b, who, sizeof who));
    else if (b) strbuf_printf(out, " (held by %s)", sim__thread_label(b, who, sizeof who));
    if (b && b->killed_at_exit) strbuf_puts(out, ", which ExitProcess terminated while it held the lock");
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
        strbuf_printf(out, "%s to exit", sim__thread_label(o->u.thread.thread, who, sizeof who));
      } else {
        strbuf_puts(out, sim__object_label(o, buf, sizeof buf));
        if (o->type == SIM_OBJ_MUTEX && o->u.mutex.owner)
          strbuf_printf(out, " (held by %s)", sim__thread_label(o->u.mutex.owner, who, sizeof who));
      }
    }
    break;
  case SIM_WAIT_PORT:
    strbuf_printf(out, "waits for a completion packet on %s",
                  sim__object_label(t->wait.port, buf, sizeof buf));
    break;
  case SIM_WAIT_SLEEP:
    if (t->wait.deadline_ms == SIM_NO_DEADLINE) strbuf_puts(out, "sleeps forever (INFINITE)");
    else strbuf_printf(out, "sleeps until t=%llu ms", (unsigned long long)t->wait.deadline_ms);
    break;
  case SIM_WAIT_IO: strbuf_puts(out, "waits for its pipe I/O to complete"); break;
  case SIM_WAIT_KEYED:
    t->wait.key_kind->describe(t, out);
    break;
  default: strbuf_puts(out, "is not waiting"); break;
  }
  if (t->api >= 0 && t->api != SIM_API_ThreadStart)
    strbuf_printf(out, " in %s", sim_api_name(t->api));
  if (t->ret_addr) strbuf_printf(out, ", called from %s", sim__describe_code(t->ret_addr, buf, sizeof buf));
}

static void describe_holds(const sim_thread *t, struct strbuf *out) {
  char buf[160];
  if (!t->n_held) return;
  strbuf_puts(out, "holds ");
  for (int i = 0; i < t->n_held; i++) {
    if (i) strbuf_puts(out, ", ");
    strbuf_puts(out, sim__lock_label(t->held[i].lock, t->held[i].kind, buf, sizeof buf));
  }
  strbuf_puts(out, " and ");
}

void sim__report_deadlock(sim_thread *cur) {
  sim_run *r = sim__current_run;
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
    sim_verdict *v = &r->result->verdict;
    v->n_cycle = 0;
    do {
      if (v->n_cycle < (int)(sizeof v->cycle / sizeof v->cycle[0])) v->cycle[v->n_cycle++] = t->id;
      strbuf_puts(&d, "  ");
      strbuf_puts(&d, sim__thread_label(t, who, sizeof who));
      strbuf_puts(&d, " ");
      describe_holds(t, &d);
      sim__describe_wait(t, &d);
      strbuf_puts(&d, "\n");
      t = blocker_of(t);
      n++;
    } while (t != cycle_start && n <= r->n_threads);
    if (n == 1)
      sim__finish_details(SIM_VERDICT_DEADLOCK, cycle_start, strbuf_take(&d),
                         "%s waits for itself",
                         sim__thread_label(cycle_start, who, sizeof who));
    sim__finish_details(SIM_VERDICT_DEADLOCK, cycle_start, strbuf_take(&d),
                       "%d threads wait for each other in a cycle", n);
  }

  /* No cycle: what every thread waits for, with threads that wait alike
   * on one line, and at most a screenful of lines. */
  sim_thread *first = NULL;
  int n = 0;
  char **descs = sim__arena_alloc(&r->arena, (size_t)r->n_threads * sizeof *descs);
  sim_thread **who_list = sim__arena_alloc(&r->arena, (size_t)r->n_threads * sizeof *who_list);
  for (int i = 0; i < r->n_threads; i++) {
    sim_thread *t = r->threads[i];
    if (t->state == SIM_T_EXITED) continue;
    if (!first) first = t;
    struct strbuf w = {0};
    describe_holds(t, &w);
    if (t->state == SIM_T_SUSPENDED) strbuf_puts(&w, "is suspended");
    else sim__describe_wait(t, &w);
    descs[n] = sim__arena_strdup(&r->arena, strbuf_str(&w));
    who_list[n++] = t;
    strbuf_free(&w);
  }
  bool *shown = sim__arena_alloc(&r->arena, (size_t)n + 1);
  memset(shown, 0, (size_t)n + 1);
  int lines = 0, rest = 0;
  for (int i = 0; i < n; i++) {
    if (shown[i]) continue;
    int same = 0, ids[4];
    for (int k = i; k < n; k++)
      if (!shown[k] && strcmp(descs[k], descs[i]) == 0) {
        shown[k] = true;
        if (same < 4) ids[same] = who_list[k]->id;
        same++;
      }
    if (lines == 8) {
      rest += same;
      continue;
    }
    lines++;
    if (same == 1) {
      strbuf_printf(&d, "  %s %s\n", sim__thread_label(who_list[i], who, sizeof who), descs[i]);
    } else {
      strbuf_printf(&d, "  %d threads (", same);
      for (int k = 0; k < same && k < 3; k++) strbuf_printf(&d, "%s%d", k ? ", " : "", ids[k]);
      strbuf_printf(&d, "%s), each %s\n", same > 3 ? ", ..." : "", descs[i]);
    }
  }
  if (rest) strbuf_printf(&d, "  and %d more thread%s, each waiting for something else\n", rest, rest == 1 ? "" : "s");
  (void)cur;
  sim__finish_details(SIM_VERDICT_DEADLOCK, first, strbuf_take(&d),
                     "every thread is blocked and nothing can wake any of them");
}
