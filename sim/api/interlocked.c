/* The Interlocked functions of windows.h, 32-bit and 64-bit.
 *
 * Each Interlocked call is a scheduling point, so the simulator explores
 * every order of two threads' atomic operations.  Each is also a poll (see
 * SIM_POLL): one that leaves the value as it was found nothing, which is
 * what a spin loop on a flag or a spin lock does while time passes.
 * Increments and additions wrap around as the processor's do.
 */
#include "api.h"

#include <string.h>

#define TRACE_RMW(fn, target, old, new_)                                                  \
  do {                                                                                     \
    if (sim__tracing()) {                                                                   \
      char where_[128];                                                                    \
      sim__trace(self, SIM_EV_CALL, NULL, "%s(%s): %ld -> %ld", fn,                         \
                sim__describe_address((const void *)(target), where_, sizeof where_), (long)(old), \
                (long)(new_));                                                            \
    }                                                                                      \
  } while (0)

LONG WINAPI InterlockedIncrement(LONG volatile *p) {
  SIM_POLL();
  SIM_ENTER(InterlockedIncrement);
  sim__fp_memory((const void *)p, sizeof *p, true);
  LONG old = *p;
  *p = old + 1;
  TRACE_RMW("InterlockedIncrement", p, old, old + 1);
  if (*p == old) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(old + 1);
}

LONG WINAPI InterlockedDecrement(LONG volatile *p) {
  SIM_POLL();
  SIM_ENTER(InterlockedDecrement);
  sim__fp_memory((const void *)p, sizeof *p, true);
  LONG old = *p;
  *p = old - 1;
  TRACE_RMW("InterlockedDecrement", p, old, old - 1);
  if (*p == old) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(old - 1);
}

LONG WINAPI InterlockedExchange(LONG volatile *p, LONG v) {
  SIM_POLL();
  SIM_ENTER(InterlockedExchange);
  sim__fp_memory((const void *)p, sizeof *p, true);
  LONG old = *p;
  *p = v;
  TRACE_RMW("InterlockedExchange", p, old, v);
  if (*p == old) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(old);
}

LONG WINAPI InterlockedExchangeAdd(LONG volatile *p, LONG v) {
  SIM_POLL();
  SIM_ENTER(InterlockedExchangeAdd);
  sim__fp_memory((const void *)p, sizeof *p, true);
  LONG old = *p;
  *p = old + v;
  TRACE_RMW("InterlockedExchangeAdd", p, old, old + v);
  if (*p == old) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(old);
}

LONG WINAPI InterlockedCompareExchange(LONG volatile *p, LONG v, LONG cmp) {
  SIM_POLL();
  SIM_ENTER(InterlockedCompareExchange);
  sim__fp_memory((const void *)p, sizeof *p, true);
  LONG old = *p;
  if (old == cmp) *p = v;
  TRACE_RMW("InterlockedCompareExchange", p, old, *p);
  if (*p == old) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(old);
}

LONG WINAPI InterlockedAnd(LONG volatile *p, LONG v) {
  SIM_POLL();
  SIM_ENTER(InterlockedAnd);
  sim__fp_memory((const void *)p, sizeof *p, true);
  LONG old = *p;
  *p = old & v;
  TRACE_RMW("InterlockedAnd", p, old, old & v);
  if (*p == old) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(old);
}

LONG WINAPI InterlockedOr(LONG volatile *p, LONG v) {
  SIM_POLL();
  SIM_ENTER(InterlockedOr);
  sim__fp_memory((const void *)p, sizeof *p, true);
  LONG old = *p;
  *p = old | v;
  TRACE_RMW("InterlockedOr", p, old, old | v);
  if (*p == old) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(old);
}

PVOID WINAPI InterlockedExchangePointer(PVOID volatile *p, PVOID v) {
  SIM_POLL();
  SIM_ENTER(InterlockedExchangePointer);
  sim__fp_memory((const void *)p, sizeof *p, true);
  PVOID old = *p;
  *p = v;
  if (sim__tracing()) {
    char where[128], a[128], b[128];
    sim__trace(self, SIM_EV_CALL, NULL, "InterlockedExchangePointer(%s): %s -> %s",
              sim__describe_address((const void *)p, where, sizeof where),
              sim__describe_address(old, a, sizeof a), sim__describe_address(v, b, sizeof b));
  }
  if (*p == old) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(old);
}

PVOID WINAPI InterlockedCompareExchangePointer(PVOID volatile *p, PVOID v, PVOID cmp) {
  SIM_POLL();
  SIM_ENTER(InterlockedCompareExchangePointer);
  sim__fp_memory((const void *)p, sizeof *p, true);
  PVOID old = *p;
  if (old == cmp) *p = v;
  if (sim__tracing()) {
    char where[128], a[128], b[128];
    sim__trace(self, SIM_EV_CALL, NULL, "InterlockedCompareExchangePointer(%s): %s -> %s",
              sim__describe_address((const void *)p, where, sizeof where),
              sim__describe_address(old, a, sizeof a), sim__describe_address(*p, b, sizeof b));
  }
  if (*p == old) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(old);
}

LONG WINAPI InterlockedXor(LONG volatile *p, LONG v) {
  SIM_POLL();
  SIM_ENTER(InterlockedXor);
  LONG old = *p;
  *p = old ^ v;
  TRACE_RMW("InterlockedXor", p, old, old ^ v);
  if (*p == old) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(old);
}

/* ---- The 64-bit family ------------------------------------------------------ */

#define TRACE_RMW64(fn, target, old, new_)                                                 \
  do {                                                                                     \
    if (sim__tracing()) {                                                                   \
      char where_[128];                                                                    \
      sim__trace(self, SIM_EV_CALL, NULL, "%s(%s): %lld -> %lld", fn,                       \
                sim__describe_address((const void *)(target), where_, sizeof where_),        \
                (long long)(old), (long long)(new_));                                      \
    }                                                                                      \
  } while (0)

/* Wrap-around is arithmetic on the unsigned type, as on the processor. */
#define WRAP_ADD(a, b) ((LONG64)((ULONG64)(a) + (ULONG64)(b)))

LONG64 WINAPI InterlockedIncrement64(LONG64 volatile *p) {
  SIM_POLL();
  SIM_ENTER(InterlockedIncrement64);
  LONG64 old = *p, now = WRAP_ADD(old, 1);
  *p = now;
  TRACE_RMW64("InterlockedIncrement64", p, old, now);
  if (*p == old) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(now);
}

LONG64 WINAPI InterlockedDecrement64(LONG64 volatile *p) {
  SIM_POLL();
  SIM_ENTER(InterlockedDecrement64);
  LONG64 old = *p, now = WRAP_ADD(old, -1);
  *p = now;
  TRACE_RMW64("InterlockedDecrement64", p, old, now);
  if (*p == old) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(now);
}

LONG64 WINAPI InterlockedExchange64(LONG64 volatile *p, LONG64 v) {
  SIM_POLL();
  SIM_ENTER(InterlockedExchange64);
  LONG64 old = *p;
  *p = v;
  TRACE_RMW64("InterlockedExchange64", p, old, v);
  if (*p == old) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(old);
}

LONG64 WINAPI InterlockedExchangeAdd64(LONG64 volatile *p, LONG64 v) {
  SIM_POLL();
  SIM_ENTER(InterlockedExchangeAdd64);
  LONG64 old = *p;
  *p = WRAP_ADD(old, v);
  TRACE_RMW64("InterlockedExchangeAdd64", p, old, *p);
  if (*p == old) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(old);
}

LONG64 WINAPI InterlockedCompareExchange64(LONG64 volatile *p, LONG64 v, LONG64 cmp) {
  SIM_POLL();
  SIM_ENTER(InterlockedCompareExchange64);
  LONG64 old = *p;
  if (old == cmp) *p = v;
  TRACE_RMW64("InterlockedCompareExchange64", p, old, *p);
  if (*p == old) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(old);
}

LONG64 WINAPI InterlockedAnd64(LONG64 volatile *p, LONG64 v) {
  SIM_POLL();
  SIM_ENTER(InterlockedAnd64);
  LONG64 old = *p;
  *p = old & v;
  TRACE_RMW64("InterlockedAnd64", p, old, old & v);
  if (*p == old) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(old);
}

LONG64 WINAPI InterlockedOr64(LONG64 volatile *p, LONG64 v) {
  SIM_POLL();
  SIM_ENTER(InterlockedOr64);
  LONG64 old = *p;
  *p = old | v;
  TRACE_RMW64("InterlockedOr64", p, old, old | v);
  if (*p == old) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(old);
}

LONG64 WINAPI InterlockedXor64(LONG64 volatile *p, LONG64 v) {
  SIM_POLL();
  SIM_ENTER(InterlockedXor64);
  LONG64 old = *p;
  *p = old ^ v;
  TRACE_RMW64("InterlockedXor64", p, old, old ^ v);
  if (*p == old) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(old);
}
