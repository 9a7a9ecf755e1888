/* Critical sections, slim reader/writer locks, and the locks each thread
 * holds.
 *
 * The state of a CRITICAL_SECTION or SRWLOCK lives in the structure itself,
 * as on Windows, so a lock in a DLL's static data goes away when the DLL
 * is unloaded.  A critical section is recursive; leaving one you do not
 * own releases it anyway (Windows does not check) and is flagged.  When a
 * critical section is released with waiters, the longest-waiting one is
 * woken to try again, and any other thread may take the lock first, as
 * with Windows' unfair locks.  An SRW lock is not recursive: taking it
 * twice exclusively deadlocks the thread, and releasing one that is not
 * held raises STATUS_RESOURCE_NOT_OWNED (a crash).
 *
 * The loader lock is a critical section inside the run; it is named
 * "loader lock" in traces and deadlock cycles.
 *
 * SRW locks let a waiting writer go before new readers (see "Slim
 * reader/writer locks" below).
 *
 * Left out: spin counts (spinning never changes what a program observes
 * here), condition variables, and the order among several waiting writers
 * (the longest-waiting one is woken, as for critical sections).
 */
#include "kernel.h"

#include <string.h>


#define CS_LIVE ((PVOID)(uintptr_t)0x10ade71b)
#define CS_DELETED ((PVOID)(uintptr_t)0xde1e7ed0)

/* Every lock a thread holds is tracked, however many: the deadlock and
 * lock-order checks see them all. */
void sim__held_push(sim_thread *t, void *lock, int kind, int api) {
  sim_run *r = sim__current_run;
  sim_assert(lock && t->n_held >= 0 && t->n_held <= t->cap_held, "held-lock list of thread %d broken",
             t->id);
  if (t->n_held == t->cap_held) {
    int cap = t->cap_held ? t->cap_held * 2 : 8;
    sim_held *held = sim__arena_alloc(&r->arena, (size_t)cap * sizeof *held);
    if (t->n_held) memcpy(held, t->held, (size_t)t->n_held * sizeof *held);
    t->held = held;
    t->cap_held = cap;
  }
  t->held[t->n_held++] = (sim_held){lock, kind, t->ret_addr, api};
  /* Noted once held: a lock-order verdict ends the run here, and the run
   * must end with the lock's owner holding it. */
  if (r->opt.lock_order) r->hooks->lock_order_note(t, lock, kind);
}

bool sim__held_pop(sim_thread *t, void *lock) {
  for (int i = t->n_held - 1; i >= 0; i--) {
    if (t->held[i].lock != lock) continue;
    memmove(&t->held[i], &t->held[i + 1], (size_t)(t->n_held - i - 1) * sizeof t->held[0]);
    t->n_held--;
    return true;
  }
  return false;
}

/* ---- Critical sections ------------------------------------------------------ */

void sim__cs_init(CRITICAL_SECTION *cs) {
  sim__fp_lock(cs, sizeof *cs);
  memset(cs, 0, sizeof *cs);
  cs->DebugInfo = CS_LIVE;
}

static int cs_owner(const CRITICAL_SECTION *cs) { return (int)(uintptr_t)cs->OwningThread; }

static void cs_check_live(sim_thread *t, CRITICAL_SECTION *cs) {
  if (cs->DebugInfo == CS_LIVE) return;
  char what[128];
  sim__lock_label(cs, SIM_WAIT_CS, what, sizeof what);
  if (cs->DebugInfo == CS_DELETED)
    sim__warn(t, "uses critical section %s after DeleteCriticalSection", what);
  else
    sim__warn(t, "uses critical section %s, which was never initialised", what);
  /* Go on as if it were initialised: on Windows the outcome is undefined,
   * and a zeroed one happens to work for a while. */
  LONG waiters = cs->LockCount;
  HANDLE owner = cs->OwningThread;
  LONG rec = cs->RecursionCount;
  cs->DebugInfo = CS_LIVE;
  cs->LockCount = waiters;
  cs->OwningThread = owner;
  cs->RecursionCount = rec;
}

static bool cs_try(sim_thread *t, CRITICAL_SECTION *cs) {
  sim__fp_lock(cs, sizeof *cs);
  int owner = cs_owner(cs);
  if (owner == 0) {
    cs->OwningThread = (HANDLE)(uintptr_t)t->id;
    cs->RecursionCount = 1;
    sim__held_push(t, cs, SIM_WAIT_CS, t->api);
    return true;
  }
  if (owner == t->id) {
    cs->RecursionCount++;
    return true;
  }
  return false;
}

bool sim__cs_try_enter(sim_thread *t, CRITICAL_SECTION *cs) {
  cs_check_live(t, cs);
  return cs_try(t, cs);
}

void sim__cs_enter(sim_thread *t, CRITICAL_SECTION *cs) {
  cs_check_live(t, cs);
  while (!cs_try(t, cs)) {
    sim__current_run->hooks->lock_would_wait(t, cs, SIM_WAIT_CS);
    cs->LockCount++;
    t->wait.kind = SIM_WAIT_CS;
    t->wait.lock = cs;
    t->wait.deadline_ms = SIM_NO_DEADLINE;
    sim__block(t);
    sim__fp_lock(cs, sizeof *cs); /* a new step: before it changes the lock */
    cs->LockCount--;
  }
}

/* Wakes the longest-waiting thread blocked on lock (kind), to try again. */
static void wake_one_waiter(void *lock, sim_wait_kind kind) {
  sim_run *r = sim__current_run;
  sim_thread *best = NULL;
  for (int i = 0; i < r->n_threads; i++) {
    sim_thread *t = r->threads[i];
    if (t->state != SIM_T_BLOCKED || t->wait.kind != kind || t->wait.lock != lock) continue;
    if (!best || t->wait.since_step < best->wait.since_step) best = t;
  }
  if (best) sim__wake(best, SIM_PHASE_RETRY);
}

void sim__cs_leave(sim_thread *t, CRITICAL_SECTION *cs) {
  sim__fp_lock(cs, sizeof *cs);
  cs_check_live(t, cs);
  int owner = cs_owner(cs);
  if (owner != t->id) {
    char what[128], who[64];
    sim__lock_label(cs, SIM_WAIT_CS, what, sizeof what);
    if (owner == 0) {
      sim__warn(t, "leaves critical section %s, which nobody holds", what);
      return;
    }
    sim__warn(t, "leaves critical section %s, which %s holds", what,
             sim__thread_label(sim__thread_by_id(owner), who, sizeof who));
  }
  if (--cs->RecursionCount > 0) return;
  cs->RecursionCount = 0;
  cs->OwningThread = 0;
  sim_thread *holder = sim__thread_by_id(owner);
  if (holder) sim__held_pop(holder, cs);
  if (cs->LockCount > 0) wake_one_waiter(cs, SIM_WAIT_CS);
}

void sim__cs_delete(sim_thread *t, CRITICAL_SECTION *cs) {
  sim__fp_lock(cs, sizeof *cs);
  if (cs->DebugInfo == CS_LIVE && cs_owner(cs) != 0) {
    char what[128], who[64];
    sim__lock_label(cs, SIM_WAIT_CS, what, sizeof what);
    sim__warn(t, "deletes critical section %s while %s holds it", what,
             sim__thread_label(sim__thread_by_id(cs_owner(cs)), who, sizeof who));
  }
  memset(cs, 0, sizeof *cs);
  cs->DebugInfo = CS_DELETED;
}

/* ---- Slim reader/writer locks ------------------------------------------------- */
/* Ptr holds, from the low bits up: 16 bits counting the threads that wait
 * to take the lock exclusively, one bit "held exclusively", and then the
 * owner's id (held exclusively) or the number of shared holders.
 *
 * Writers go first: while a thread waits to take the lock exclusively, no
 * thread takes it shared, not even one that already holds it shared.  So
 * acquiring shared mode recursively deadlocks as soon as a writer comes
 * between the two acquisitions, which is what Microsoft's documentation of
 * AcquireSRWLockShared warns of, and TryAcquireSRWLockShared fails while a
 * writer waits.  Wine's implementation (dlls/ntdll/sync.c) works this way:
 * a shared acquisition waits while exclusive_waiters is not zero; releasing
 * the lock wakes one waiting writer if there is one, else every waiting
 * reader; an exclusive acquisition takes a free lock at once, before
 * writers that already wait. */

#define SRW_WAITERS_MASK ((uintptr_t)0xffff)
#define SRW_EXCLUSIVE_BIT ((uintptr_t)1 << 16)
#define SRW_VALUE_SHIFT 17

static uintptr_t srw_word(const SRWLOCK *l) { return (uintptr_t)l->Ptr; }

static uintptr_t srw_waiters(const SRWLOCK *l) { return srw_word(l) & SRW_WAITERS_MASK; }

static void srw_set(SRWLOCK *l, bool exclusive, uintptr_t value, uintptr_t waiters) {
  l->Ptr = (PVOID)((value << SRW_VALUE_SHIFT) | (exclusive ? SRW_EXCLUSIVE_BIT : 0) | waiters);
}

int sim__srw_exclusive_owner(const SRWLOCK *l) {
  uintptr_t w = srw_word(l);
  return (w & SRW_EXCLUSIVE_BIT) ? (int)(w >> SRW_VALUE_SHIFT) : 0;
}

static uintptr_t srw_shared(const SRWLOCK *l) {
  uintptr_t w = srw_word(l);
  return (w & SRW_EXCLUSIVE_BIT) ? 0 : w >> SRW_VALUE_SHIFT;
}

static void srw_block(sim_thread *t, SRWLOCK *l, sim_wait_kind kind) {
  sim__current_run->hooks->lock_would_wait(t, l, kind);
  t->wait.kind = kind;
  t->wait.lock = l;
  t->wait.deadline_ms = SIM_NO_DEADLINE;
  sim__block(t);
}

bool sim__srw_try(sim_thread *t, SRWLOCK *l, bool exclusive) {
  sim__fp_lock(l, sizeof *l);
  if (exclusive) {
    if (sim__srw_exclusive_owner(l) || srw_shared(l)) return false;
    srw_set(l, true, (uintptr_t)t->id, srw_waiters(l));
    sim__held_push(t, l, SIM_WAIT_SRW_EXCLUSIVE, t->api);
  } else {
    if (sim__srw_exclusive_owner(l) || srw_waiters(l)) return false;
    srw_set(l, false, srw_shared(l) + 1, 0);
    sim__held_push(t, l, SIM_WAIT_SRW_SHARED, t->api);
  }
  return true;
}

void sim__srw_acquire(sim_thread *t, SRWLOCK *l, bool exclusive) {
  if (!exclusive) {
    while (!sim__srw_try(t, l, false)) srw_block(t, l, SIM_WAIT_SRW_SHARED);
    return;
  }
  bool counted = false;
  while (!sim__srw_try(t, l, true)) {
    if (!counted) {
      sim_assert(srw_waiters(l) < SRW_WAITERS_MASK, "more waiting writers than an SRW lock counts");
      l->Ptr = (PVOID)(srw_word(l) + 1);
      counted = true;
    }
    srw_block(t, l, SIM_WAIT_SRW_EXCLUSIVE);
  }
  if (counted) l->Ptr = (PVOID)(srw_word(l) - 1);
}

/* Wakes every thread blocked on l in a shared acquisition, to try again. */
static void wake_shared_waiters(SRWLOCK *l) {
  sim_run *r = sim__current_run;
  for (int i = 0; i < r->n_threads; i++) {
    sim_thread *t = r->threads[i];
    if (t->state == SIM_T_BLOCKED && t->wait.kind == SIM_WAIT_SRW_SHARED && t->wait.lock == l)
      sim__wake(t, SIM_PHASE_RETRY);
  }
}

/* Returns false when the lock was not held that way (Windows raises). */
bool sim__srw_release(sim_thread *t, SRWLOCK *l, bool exclusive) {
  sim__fp_lock(l, sizeof *l);
  if (exclusive) {
    if (sim__srw_exclusive_owner(l) == 0) return false;
    sim_thread *owner = sim__thread_by_id(sim__srw_exclusive_owner(l));
    if (owner) sim__held_pop(owner, l);
    srw_set(l, false, 0, srw_waiters(l));
    if (srw_waiters(l)) wake_one_waiter(l, SIM_WAIT_SRW_EXCLUSIVE);
    else wake_shared_waiters(l);
  } else {
    if (srw_shared(l) == 0) return false;
    sim__held_pop(t, l);
    srw_set(l, false, srw_shared(l) - 1, srw_waiters(l));
    if (srw_shared(l) == 0 && srw_waiters(l)) wake_one_waiter(l, SIM_WAIT_SRW_EXCLUSIVE);
  }
  return true;
}

/* ---- Names ----------------------------------------------------------------------- */

const char *sim__lock_label(const void *lock, int kind, char *buf, size_t size) {
  sim_run *r = sim__current_run;
  char where[96];
  if (r && lock == &r->loader_lock) {
    snprintf(buf, size, "loader lock");
    return buf;
  }
  switch (kind) {
  case SIM_WAIT_OBJECTS: return sim__object_label(lock, buf, size);
  case SIM_WAIT_SRW_EXCLUSIVE:
  case SIM_WAIT_SRW_SHARED:
    snprintf(buf, size, "SRW lock %s", sim__describe_address(lock, where, sizeof where));
    return buf;
  default:
    snprintf(buf, size, "%s", sim__describe_address(lock, where, sizeof where));
    return buf;
  }
}
