/* Simulated critical section and SRW lock functions.  The lock rules are
 * in kernel/lock.c; this file adds the scheduling points, traces and the misuse
 * Windows turns into exceptions. */
#include "api.h"

static const char *lock_name(const void *lock, int kind, char *buf, size_t size) {
  return sim__lock_label(lock, kind, buf, size);
}

void WINAPI InitializeCriticalSection(LPCRITICAL_SECTION cs) {
  SIM_ENTER(InitializeCriticalSection);
  char what[128];
  sim__cs_init(cs);
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "InitializeCriticalSection(%s)", lock_name(cs, SIM_WAIT_CS, what, sizeof what));
  SIM_RETURN_VOID();
}

BOOL WINAPI InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION cs, DWORD spin) {
  SIM_ENTER(InitializeCriticalSectionAndSpinCount);
  char what[128];
  sim__cs_init(cs);
  cs->SpinCount = spin;
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "TRUE", "InitializeCriticalSectionAndSpinCount(%s, %lu)", lock_name(cs, SIM_WAIT_CS, what, sizeof what), spin);
  SIM_RETURN(TRUE);
}

void WINAPI EnterCriticalSection(LPCRITICAL_SECTION cs) {
  SIM_ENTER(EnterCriticalSection);
  char what[128];
  sim__cs_enter(self, cs);
  if (sim__tracing()) sim__trace(self, SIM_EV_RETURN, "entered", "EnterCriticalSection(%s)", lock_name(cs, SIM_WAIT_CS, what, sizeof what));
  SIM_RETURN_VOID();
}

/* The Try functions poll (see SIM_POLL). */
BOOL WINAPI TryEnterCriticalSection(LPCRITICAL_SECTION cs) {
  SIM_POLL();
  SIM_ENTER(TryEnterCriticalSection);
  char what[128];
  BOOL ok = sim__cs_try_enter(self, cs);
  if (!ok) SIM_POLL_FOUND_NOTHING();
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, ok ? "TRUE (entered)" : "FALSE (held by another thread)", "TryEnterCriticalSection(%s)", lock_name(cs, SIM_WAIT_CS, what, sizeof what));
  SIM_RETURN(ok);
}

void WINAPI LeaveCriticalSection(LPCRITICAL_SECTION cs) {
  SIM_ENTER(LeaveCriticalSection);
  char what[128];
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "LeaveCriticalSection(%s)", lock_name(cs, SIM_WAIT_CS, what, sizeof what));
  sim__cs_leave(self, cs);
  SIM_RETURN_VOID();
}

void WINAPI DeleteCriticalSection(LPCRITICAL_SECTION cs) {
  SIM_ENTER(DeleteCriticalSection);
  char what[128];
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "DeleteCriticalSection(%s)", lock_name(cs, SIM_WAIT_CS, what, sizeof what));
  sim__cs_delete(self, cs);
  SIM_RETURN_VOID();
}

void WINAPI InitializeSRWLock(PSRWLOCK l) {
  SIM_ENTER(InitializeSRWLock);
  sim__fp_lock(l, sizeof *l);
  l->Ptr = NULL;
  SIM_RETURN_VOID();
}

static void srw_acquire(sim_thread *self, PSRWLOCK l, bool exclusive, const char *fn) {
  char what[128];
  if (exclusive && sim__srw_exclusive_owner(l) == self->id)
    sim__warn(self, "%s on an SRW lock it already holds: SRW locks are not recursive", fn);
  for (int i = 0; !exclusive && i < self->n_held; i++) {
    if (self->held[i].lock != l || self->held[i].kind != SIM_WAIT_SRW_SHARED) continue;
    sim__warn(self, "%s on an SRW lock it already holds shared: a writer that starts waiting "
             "in between blocks this acquisition, and Microsoft warns that it can deadlock", fn);
    break;
  }
  sim__srw_acquire(self, l, exclusive);
  if (sim__tracing()) sim__trace(self, SIM_EV_RETURN, "acquired", "%s(%s)", fn, lock_name(l, SIM_WAIT_SRW_EXCLUSIVE, what, sizeof what));
}

void WINAPI AcquireSRWLockExclusive(PSRWLOCK l) {
  SIM_ENTER(AcquireSRWLockExclusive);
  srw_acquire(self, l, true, "AcquireSRWLockExclusive");
  SIM_RETURN_VOID();
}

void WINAPI AcquireSRWLockShared(PSRWLOCK l) {
  SIM_ENTER(AcquireSRWLockShared);
  srw_acquire(self, l, false, "AcquireSRWLockShared");
  SIM_RETURN_VOID();
}

static void srw_release(sim_thread *self, PSRWLOCK l, bool exclusive, const char *fn) {
  char what[128];
  lock_name(l, SIM_WAIT_SRW_EXCLUSIVE, what, sizeof what);
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "%s(%s)", fn, what);
  if (!sim__srw_release(self, l, exclusive))
    sim__finish(SIM_VERDICT_CRASH, self,
               "%s(%s): the lock is not held %s; Windows raises STATUS_RESOURCE_NOT_OWNED "
               "(0xC0000264)",
               fn, what, exclusive ? "exclusively" : "shared");
}

void WINAPI ReleaseSRWLockExclusive(PSRWLOCK l) {
  SIM_ENTER(ReleaseSRWLockExclusive);
  srw_release(self, l, true, "ReleaseSRWLockExclusive");
  SIM_RETURN_VOID();
}

void WINAPI ReleaseSRWLockShared(PSRWLOCK l) {
  SIM_ENTER(ReleaseSRWLockShared);
  srw_release(self, l, false, "ReleaseSRWLockShared");
  SIM_RETURN_VOID();
}

BOOLEAN WINAPI TryAcquireSRWLockExclusive(PSRWLOCK l) {
  SIM_POLL();
  SIM_ENTER(TryAcquireSRWLockExclusive);
  char what[128];
  BOOLEAN ok = sim__srw_try(self, l, true);
  if (!ok) SIM_POLL_FOUND_NOTHING();
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, ok ? "TRUE" : "FALSE", "TryAcquireSRWLockExclusive(%s)", lock_name(l, SIM_WAIT_SRW_EXCLUSIVE, what, sizeof what));
  SIM_RETURN(ok);
}

BOOLEAN WINAPI TryAcquireSRWLockShared(PSRWLOCK l) {
  SIM_POLL();
  SIM_ENTER(TryAcquireSRWLockShared);
  char what[128];
  BOOLEAN ok = sim__srw_try(self, l, false);
  if (!ok) SIM_POLL_FOUND_NOTHING();
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, ok ? "TRUE" : "FALSE", "TryAcquireSRWLockShared(%s)", lock_name(l, SIM_WAIT_SRW_SHARED, what, sizeof what));
  SIM_RETURN(ok);
}
