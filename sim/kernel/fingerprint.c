/* The kernel's part of a state fingerprint (explore/state_cache.c): the
 * run's clocks and counters, the handle table, every kernel object the
 * program can still reach (with its waiters, in the order they are served),
 * every thread record, every live thread in full, the heap and the output
 * so far.
 *
 * A fingerprint is taken only where the running thread is at the start of
 * a call (the cut points of the state cache).  The running thread is
 * described by its registers as the call will give them back and its
 * stack from its caller's frame up; every other live thread by its record,
 * the wait it is in (or has been woken from and not yet left), and its
 * whole stack from where its fiber stopped,
 * which holds the registers the switch saved and the simulator's frames of
 * the call it is in.  Those frames are hashed as they are: what the
 * simulator left below them earlier is zeroed when each call returns
 * (sched.c, "What the simulator leaves on a thread's stack"), so two
 * threads at the same point of the same call with the same past look the
 * same.  Whatever the fingerprint does not describe makes it refuse
 * (return false), so that the state is never cut there: a timer that is
 * set, a pipe, an APC, a keyed wait (condition variables, WaitOnAddress,
 * InitOnce), the thread pool or VirtualAlloc (api/ keeps their state,
 * which is not described here).
 *
 * Left out, as the simulator's runs already leave them out (a program
 * sees them only through undefined behaviour): memory below the live
 * thread's stack pointer and in stacks no thread uses (left over from the
 * simulator's own frames and from exited threads), and the numbers traces
 * and reports give to steps and heap blocks.
 */
#include "kernel.h"

#include <stdlib.h>
#include <string.h>

/* Canonical numbers for the objects reached, by first reach. */
typedef struct object_ids {
  const sim_object **seen;
  int n, cap;
  bool overflow;
} object_ids;

enum { OBJECTS_DESCRIBED_MAX = 4096 };

static uint64_t object_id(object_ids *ids, const sim_object *o) {
  if (!o) return 0;
  for (int i = 0; i < ids->n; i++)
    if (ids->seen[i] == o) return (uint64_t)i + 1;
  if (ids->n == ids->cap) {
    if (ids->cap >= OBJECTS_DESCRIBED_MAX) {
      ids->overflow = true;
      return 0;
    }
    int cap = ids->cap ? ids->cap * 2 : 64;
    const sim_object **s = realloc(ids->seen, (size_t)cap * sizeof *s);
    sim_assert(s, "out of memory for a state fingerprint");
    ids->seen = s;
    ids->cap = cap;
  }
  ids->seen[ids->n++] = o;
  return (uint64_t)ids->n;
}

uint64_t sim__lock_identity(const void *lock, int kind) {
  /* A kernel object lives in the run's arena, where its address depends on
   * what was allocated before it; its type and number do not. */
  if (kind == SIM_WAIT_OBJECTS && lock) {
    const sim_object *o = lock;
    return 1ULL << 63 | (uint64_t)o->type << 32 | (uint32_t)o->serial;
  }
  return (uintptr_t)lock;
}

static uint64_t thread_id_of(const sim_thread *t) { return t ? (uint64_t)t->id : 0; }

/* One object's state; false for a kind of state not described. */
static bool describe_object(sim_fingerprint *f, const sim_object *o) {
  /* Its waiters, in the order they are satisfied. */
  if (o->waiters.next != NULL)
    for (const sim_wait_block *w = o->waiters.next; w != &o->waiters; w = w->next) {
      sim__fingerprint_u64(f, thread_id_of(w->thread));
      sim__fingerprint_u64(f, (uint64_t)(uint32_t)w->index);
    }
  sim__fingerprint_u64(f, (uint64_t)o->type);
  sim__fingerprint_u64(f, (uint64_t)o->serial);
  sim__fingerprint_u64(f, (uint64_t)o->handles);
  sim__fingerprint_str(f, o->name);
  sim__fingerprint_u64(f, (uintptr_t)o->created_at);
  sim__fingerprint_u64(f, (uint64_t)(uint32_t)o->signal);
  switch (o->type) {
  case SIM_OBJ_THREAD:
    sim__fingerprint_u64(f, thread_id_of(o->u.thread.thread));
    return true;
  case SIM_OBJ_EVENT:
    sim__fingerprint_u64(f, o->u.event.manual);
    return true;
  case SIM_OBJ_MUTEX:
    sim__fingerprint_u64(f, thread_id_of(o->u.mutex.owner));
    sim__fingerprint_u64(f, (uint64_t)(uint32_t)o->u.mutex.recursion);
    sim__fingerprint_u64(f, o->u.mutex.abandoned);
    return true;
  case SIM_OBJ_SEMAPHORE:
    sim__fingerprint_u64(f, (uint64_t)(uint32_t)o->u.semaphore.max);
    return true;
  case SIM_OBJ_PORT: {
    for (const sim_thread *t = o->u.port.waiters; t; t = t->port_next) sim__fingerprint_u64(f, thread_id_of(t));
    sim__fingerprint_u64(f, o->u.port.concurrency);
    sim__fingerprint_u64(f, o->u.port.active);
    sim__fingerprint_u64(f, (uint64_t)o->u.port.queued);
    sim__fingerprint_u64(f, o->u.port.closed);
    for (const sim_packet *p = o->u.port.head; p; p = p->next) {
      sim__fingerprint_u64(f, p->bytes);
      sim__fingerprint_u64(f, p->key);
      sim__fingerprint_u64(f, (uintptr_t)p->ov);
      sim__fingerprint_u64(f, p->error);
    }
    return true;
  }
  case SIM_OBJ_TIMER:
    if (o->u.timer.due_ms != UINT64_MAX) return false;
    sim__fingerprint_u64(f, o->u.timer.manual);
    sim__fingerprint_u64(f, o->u.timer.period_ms);
    sim__fingerprint_u64(f, (uintptr_t)o->u.timer.routine);
    sim__fingerprint_u64(f, (uintptr_t)o->u.timer.routine_arg);
    sim__fingerprint_u64(f, thread_id_of(o->u.timer.routine_thread));
    return true;
  case SIM_OBJ_PIPE:
  case SIM_OBJ_TYPE_COUNT:
    break;
  }
  return false;
}

static bool is_program_code(uintptr_t ip) {
  return sim__current_run->hooks->image_of_address((const void *)ip) != NULL;
}

/* What the record of a live thread says that its later steps can read. */
static void describe_thread_record(sim_fingerprint *f, object_ids *ids, const sim_thread *t) {
  sim__fingerprint_u64(f, (uint64_t)t->id);
  sim__fingerprint_u64(f, (uint64_t)t->phase);
  sim__fingerprint_u64(f, (uint64_t)t->api);
  sim__fingerprint_u64(f, (uintptr_t)t->ret_addr);
  sim__fingerprint_u64(f, (uintptr_t)t->user_sp);
  uint64_t flags = (uint64_t)t->yielding | (uint64_t)t->poll_call << 1 | (uint64_t)t->at_poll << 2 |
                   (uint64_t)t->poll_fruitless << 3 | (uint64_t)t->last_poll_fruitless << 4 |
                   (uint64_t)t->exiting << 5 | (uint64_t)t->alertable << 6 |
                   (uint64_t)t->start_returns_32 << 7 | (uint64_t)t->port_active << 8;
  sim__fingerprint_u64(f, flags);
  sim__fingerprint_u64(f, (uint64_t)t->clock_reads);
  sim__fingerprint_u64(f, (uintptr_t)t->start);
  sim__fingerprint_u64(f, (uintptr_t)t->param);
  sim__fingerprint_u64(f, t->exit_code);
  sim__fingerprint_u64(f, (uint64_t)(uint32_t)t->suspend_count);
  sim__fingerprint_u64(f, t->last_error);
  sim__fingerprint_bytes(f, t->tls, sizeof t->tls);
  if (t->tls_expansion) sim__fingerprint_bytes(f, t->tls_expansion, SIM_TLS_EXPANSION_SLOTS * sizeof(void *));
  else sim__fingerprint_u64(f, 0);
  sim__fingerprint_str(f, t->name);
  sim__fingerprint_u64(f, object_id(ids, t->object));
  sim__fingerprint_u64(f, object_id(ids, t->port_assoc));
  sim__fingerprint_u64(f, t->rand_state);
  sim__fingerprint_u64(f, (uint64_t)t->n_held);
  for (int i = 0; i < t->n_held; i++) {
    sim__fingerprint_u64(f, sim__lock_identity(t->held[i].lock, t->held[i].kind));
    sim__fingerprint_u64(f, (uint64_t)t->held[i].kind);
    sim__fingerprint_u64(f, (uintptr_t)t->held[i].site);
    sim__fingerprint_u64(f, (uint64_t)t->held[i].api);
  }
}

/* The running thread: everything a later step of it can read. */
static bool describe_live_thread(sim_fingerprint *f, object_ids *ids, sim_thread *t) {
  if (t->apcs || t->stale_module || !t->stack) return false;
  describe_thread_record(f, ids, t);
  /* Its registers as the call will give them back, and its stack from the
   * caller's frames up (the call's own frame and the simulator's below it
   * are rebuilt by the call). */
  uintptr_t deepest = 0;
  bool found = sim__fingerprint_caller(f, t->ret_addr, is_program_code, &deepest);
  if (deepest) sim__stack_note_depth(t, deepest);
  if (!found) return false;
  uintptr_t lo = (uintptr_t)t->user_sp, hi = (uintptr_t)t->stack->lo + t->stack->size;
  if (lo < (uintptr_t)t->stack->lo || lo >= hi) return false;
  sim__fingerprint_bytes(f, (const void *)lo, hi - lo);
  return true;
}

/* A paused thread's stack from where its fiber stopped up. */
static bool describe_fiber_stack(sim_fingerprint *f, const sim_thread *t) {
  uintptr_t lo = (uintptr_t)t->fiber.sp, hi = (uintptr_t)t->stack->lo + t->stack->size;
  if (lo < (uintptr_t)t->stack->lo || lo >= hi) return false;
  sim__fingerprint_bytes(f, (const void *)lo, hi - lo);
  return true;
}

/* A thread that is not running: paused at a scheduling point, blocked in
 * a wait, or suspended.  Everything its later steps can read is its record,
 * its wait, and its stack from where its fiber stopped up: the program's
 * frames, the simulator's frames of the call it is in, and the registers
 * the fiber switch saved. */
static bool describe_paused_thread(sim_fingerprint *f, object_ids *ids, const sim_thread *t) {
  if (t->apcs || t->stale_module || !t->stack) return false;
  /* The wait it is in, or has been woken from and not yet left (a thread
   * at the start of a call has none: its wait fields are left from its
   * last wait).  A woken thread resumes by reading that wait's result,
   * packet or lock, so they are described by the kind it had (woken_from);
   * its state tells a blocked thread from a woken one.  Keyed waits and
   * pipe I/O keep state elsewhere (keyed.c, pipe.c). */
  bool waiting = t->state == SIM_T_BLOCKED || t->phase == SIM_PHASE_RETURN || t->phase == SIM_PHASE_RETRY;
  sim_wait_kind kind = t->state == SIM_T_BLOCKED ? t->wait.kind : t->woken_from;
  if (waiting && (kind == SIM_WAIT_KEYED || kind == SIM_WAIT_IO || kind == SIM_WAIT_NONE)) return false;
  describe_thread_record(f, ids, t);
  sim__fingerprint_u64(f, (uint64_t)t->state);
  if (!waiting) return describe_fiber_stack(f, t);
  sim__fingerprint_u64(f, (uint64_t)kind);
  sim__fingerprint_u64(f, (uint64_t)t->wait.all);
  sim__fingerprint_u64(f, (uint64_t)(uint32_t)t->wait.count);
  sim__fingerprint_u64(f, t->wait.deadline_ms);
  sim__fingerprint_u64(f, t->wait.result);
  /* Only the fields of its kind of wait: the others are left from earlier
   * waits and may point at what is gone. */
  bool lock_wait = kind == SIM_WAIT_CS || kind == SIM_WAIT_SRW_EXCLUSIVE || kind == SIM_WAIT_SRW_SHARED;
  sim__fingerprint_u64(f, lock_wait ? (uintptr_t)t->wait.lock : 0);
  sim__fingerprint_u64(f, kind == SIM_WAIT_PORT ? object_id(ids, t->wait.port) : 0);
  if (kind == SIM_WAIT_PORT && t->wait.port_wait && t->wait.port_wait->got) {
    const sim_packet *p = t->wait.port_wait->got;
    sim__fingerprint_u64(f, p->bytes);
    sim__fingerprint_u64(f, p->key);
    sim__fingerprint_u64(f, (uintptr_t)p->ov);
    sim__fingerprint_u64(f, p->error);
  }
  if (kind == SIM_WAIT_OBJECTS)
    for (int i = 0; i < t->wait.count; i++) sim__fingerprint_u64(f, object_id(ids, t->wait.blocks[i].object));
  return describe_fiber_stack(f, t);
}

/* The order in which blocked threads started waiting: the longest-waiting
 * lock waiter is woken first (lock.c, keyed.c). */
static void describe_wait_order(sim_fingerprint *f, const sim_run *r) {
  uint64_t last = 0;
  for (;;) {
    const sim_thread *next = NULL;
    for (int i = 0; i < r->n_threads; i++) {
      const sim_thread *t = r->threads[i];
      if (t->state != SIM_T_BLOCKED || t->wait.since_step <= last) continue;
      if (!next || t->wait.since_step < next->wait.since_step) next = t;
    }
    if (!next) break;
    sim__fingerprint_u64(f, (uint64_t)next->id);
    last = next->wait.since_step;
  }
}

bool sim__kernel_fingerprint(const sim_run *r, sim_fingerprint *f, bool several) {
  sim_thread *live = r->cur;
  if (!live || live->state != SIM_T_READY || live->phase != SIM_PHASE_CALL) return false;
  if (!several && (r->n_live != 1 || r->n_ready != 1 || r->ready[0] != live)) return false;
  if (r->n_timers != 0 || r->api != NULL || r->result->verdict.latent != SIM_VERDICT_OK) return false;
  object_ids ids = {0};
  bool ok = true;
  sim__fingerprint_u64(f, r->now_ms);
  sim__fingerprint_u64(f, (uint64_t)r->n_threads);
  sim__fingerprint_u64(f, (uint64_t)r->exit_code);
  sim__fingerprint_bytes(f, r->serial, sizeof r->serial);
  sim__fingerprint_bytes(f, r->tls_used, sizeof r->tls_used);
  sim__fingerprint_bytes(f, &r->loader_lock, sizeof r->loader_lock);
  sim__fingerprint_u64(f, (uint64_t)r->n_unloaded);
  /* The handle table: which object each slot holds, and the order in
   * which free slots will be reused. */
  sim__fingerprint_u64(f, (uint64_t)r->n_handles);
  for (int i = 0; i < r->n_handles; i++) sim__fingerprint_u64(f, object_id(&ids, r->handles[i]));
  sim__fingerprint_u64(f, (uint64_t)r->n_free);
  sim__fingerprint_bytes(f, r->free_slots, (size_t)r->n_free * sizeof *r->free_slots);
  sim__fingerprint_u64(f, (uint64_t)r->n_named);
  for (int i = 0; i < r->n_named; i++) sim__fingerprint_u64(f, object_id(&ids, r->named[i]));
  /* Every thread record (an exited thread's exit code and name stay
   * readable through its handle), then the live one in full.  A thread
   * still alive has its name in its full description below. */
  for (int i = 0; i < r->n_threads; i++) {
    const sim_thread *t = r->threads[i];
    sim__fingerprint_u64(f, (uint64_t)t->state);
    sim__fingerprint_u64(f, t->exit_code);
    sim__fingerprint_u64(f, t->killed_at_exit);
    sim__fingerprint_u64(f, object_id(&ids, t->object));
    if (t->state == SIM_T_EXITED) sim__fingerprint_str(f, t->name);
  }
  ok = describe_live_thread(f, &ids, live);
  for (int i = 0; ok && i < r->n_threads; i++) {
    const sim_thread *t = r->threads[i];
    if (t != live && t->state != SIM_T_EXITED) ok = describe_paused_thread(f, &ids, t);
  }
  if (ok && r->n_live > 1) describe_wait_order(f, r);
  /* The objects, in the order first reached; describing one can reach no
   * new one (a port's threads are reached through the thread records). */
  for (int i = 0; ok && i < ids.n; i++) ok = describe_object(f, ids.seen[i]);
  if (ids.overflow) ok = false;
  free(ids.seen);
  if (!ok) return false;
  /* What the program has printed, and what the run has seen so far that
   * decides its verdict and result. */
  const sim_result *res = r->result;
  sim__fingerprint_bytes(f, res->out.data, res->out.len);
  sim__fingerprint_bytes(f, res->err.data, res->err.len);
  sim__fingerprint_bytes(f, res->warnings.data, res->warnings.len);
  sim__fingerprint_u64(f, res->dlls_loaded);
  sim__heap_fingerprint(f);
  /* The stacks later threads get follow from the stacks in use (the live
   * thread's, above): core/stack.c hands out the oldest free one. */
  return true;
}
