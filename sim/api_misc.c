/* Simulated Interlocked operations, thread-local storage, the last error,
 * the process heap and OutputDebugString.
 *
 * Each Interlocked call is a scheduling point, so the simulator explores
 * every order of two threads' atomic operations.  TLS values and the last
 * error belong to the calling thread alone, so reading or writing them is
 * not a scheduling point (no other thread can tell the difference).
 */
#include "api.h"
#include "crt.h"

#include <string.h>

#define TRACE_RMW(fn, target, old, new_)                                                  \
  do {                                                                                     \
    if (sim_tracing()) {                                                                   \
      char where_[128];                                                                    \
      sim_trace(self, SIM_EV_CALL, NULL, "%s(%s): %ld -> %ld", fn,                         \
                sim_describe_address((const void *)(target), where_, sizeof where_), (long)(old), \
                (long)(new_));                                                            \
    }                                                                                      \
  } while (0)

LONG WINAPI InterlockedIncrement(LONG volatile *p) {
  SIM_ENTER(InterlockedIncrement);
  LONG old = *p;
  *p = old + 1;
  TRACE_RMW("InterlockedIncrement", p, old, old + 1);
  SIM_RETURN(old + 1);
}

LONG WINAPI InterlockedDecrement(LONG volatile *p) {
  SIM_ENTER(InterlockedDecrement);
  LONG old = *p;
  *p = old - 1;
  TRACE_RMW("InterlockedDecrement", p, old, old - 1);
  SIM_RETURN(old - 1);
}

LONG WINAPI InterlockedExchange(LONG volatile *p, LONG v) {
  SIM_ENTER(InterlockedExchange);
  LONG old = *p;
  *p = v;
  TRACE_RMW("InterlockedExchange", p, old, v);
  SIM_RETURN(old);
}

LONG WINAPI InterlockedExchangeAdd(LONG volatile *p, LONG v) {
  SIM_ENTER(InterlockedExchangeAdd);
  LONG old = *p;
  *p = old + v;
  TRACE_RMW("InterlockedExchangeAdd", p, old, old + v);
  SIM_RETURN(old);
}

LONG WINAPI InterlockedCompareExchange(LONG volatile *p, LONG v, LONG cmp) {
  SIM_ENTER(InterlockedCompareExchange);
  LONG old = *p;
  if (old == cmp) *p = v;
  TRACE_RMW("InterlockedCompareExchange", p, old, *p);
  SIM_RETURN(old);
}

LONG WINAPI InterlockedAnd(LONG volatile *p, LONG v) {
  SIM_ENTER(InterlockedAnd);
  LONG old = *p;
  *p = old & v;
  TRACE_RMW("InterlockedAnd", p, old, old & v);
  SIM_RETURN(old);
}

LONG WINAPI InterlockedOr(LONG volatile *p, LONG v) {
  SIM_ENTER(InterlockedOr);
  LONG old = *p;
  *p = old | v;
  TRACE_RMW("InterlockedOr", p, old, old | v);
  SIM_RETURN(old);
}

PVOID WINAPI InterlockedExchangePointer(PVOID volatile *p, PVOID v) {
  SIM_ENTER(InterlockedExchangePointer);
  PVOID old = *p;
  *p = v;
  if (sim_tracing()) {
    char where[128], a[128], b[128];
    sim_trace(self, SIM_EV_CALL, NULL, "InterlockedExchangePointer(%s): %s -> %s",
              sim_describe_address((const void *)p, where, sizeof where),
              sim_describe_address(old, a, sizeof a), sim_describe_address(v, b, sizeof b));
  }
  SIM_RETURN(old);
}

PVOID WINAPI InterlockedCompareExchangePointer(PVOID volatile *p, PVOID v, PVOID cmp) {
  SIM_ENTER(InterlockedCompareExchangePointer);
  PVOID old = *p;
  if (old == cmp) *p = v;
  if (sim_tracing()) {
    char where[128], a[128], b[128];
    sim_trace(self, SIM_EV_CALL, NULL, "InterlockedCompareExchangePointer(%s): %s -> %s",
              sim_describe_address((const void *)p, where, sizeof where),
              sim_describe_address(old, a, sizeof a), sim_describe_address(*p, b, sizeof b));
  }
  SIM_RETURN(old);
}

/* ---- Last error and TLS ------------------------------------------------------------ */

DWORD WINAPI GetLastError(void) {
  SIM_LOCAL(GetLastError);
  return self->last_error;
}

void WINAPI SetLastError(DWORD code) {
  SIM_LOCAL(SetLastError);
  self->last_error = code;
}

DWORD WINAPI TlsAlloc(void) {
  SIM_ENTER(TlsAlloc);
  sim_run *r = sim_current_run;
  for (DWORD i = 0; i < TLS_MINIMUM_AVAILABLE; i++) {
    if (r->tls_used[i]) continue;
    r->tls_used[i] = true;
    /* A fresh slot reads as NULL in every thread. */
    for (int k = 0; k < r->n_threads; k++) r->threads[k]->tls[i] = NULL;
    if (sim_tracing()) sim_trace(self, SIM_EV_CALL, NULL, "TlsAlloc() -> %lu", i);
    SIM_RETURN(i);
  }
  SIM_FAIL(ERROR_NO_MORE_ITEMS, TLS_OUT_OF_INDEXES);
}

BOOL WINAPI TlsFree(DWORD index) {
  SIM_ENTER(TlsFree);
  sim_run *r = sim_current_run;
  if (index >= TLS_MINIMUM_AVAILABLE || !r->tls_used[index]) SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
  r->tls_used[index] = false;
  if (sim_tracing()) sim_trace(self, SIM_EV_CALL, "TRUE", "TlsFree(%lu)", index);
  SIM_RETURN(TRUE);
}

LPVOID WINAPI TlsGetValue(DWORD index) {
  SIM_LOCAL(TlsGetValue);
  if (index >= TLS_MINIMUM_AVAILABLE || !sim_current_run->tls_used[index]) {
    self->last_error = ERROR_INVALID_PARAMETER;
    return NULL;
  }
  self->last_error = ERROR_SUCCESS;
  return self->tls[index];
}

BOOL WINAPI TlsSetValue(DWORD index, LPVOID value) {
  SIM_LOCAL(TlsSetValue);
  if (index >= TLS_MINIMUM_AVAILABLE || !sim_current_run->tls_used[index]) {
    self->last_error = ERROR_INVALID_PARAMETER;
    return FALSE;
  }
  self->tls[index] = value;
  return TRUE;
}

/* ---- Heap ----------------------------------------------------------------------------- */

#define PROCESS_HEAP ((HANDLE)(uintptr_t)0x10000)

HANDLE WINAPI GetProcessHeap(void) { return PROCESS_HEAP; }

LPVOID WINAPI HeapAlloc(HANDLE heap, DWORD flags, SIZE_T size) {
  SIM_LOCAL(HeapAlloc);
  if (heap != PROCESS_HEAP) SIM_FAIL(ERROR_INVALID_HANDLE, NULL);
  void *p = sim_heap_alloc(size, (flags & HEAP_ZERO_MEMORY) != 0, __builtin_return_address(0));
  if (!p) self->last_error = ERROR_NOT_ENOUGH_MEMORY;
  return p;
}

LPVOID WINAPI HeapReAlloc(HANDLE heap, DWORD flags, LPVOID p, SIZE_T size) {
  SIM_LOCAL(HeapReAlloc);
  (void)flags;
  if (heap != PROCESS_HEAP) SIM_FAIL(ERROR_INVALID_HANDLE, NULL);
  void *q = sim_heap_realloc(p, size, __builtin_return_address(0));
  if (!q) self->last_error = ERROR_NOT_ENOUGH_MEMORY;
  return q;
}

BOOL WINAPI HeapFree(HANDLE heap, DWORD flags, LPVOID p) {
  SIM_LOCAL(HeapFree);
  (void)flags;
  if (heap != PROCESS_HEAP) SIM_FAIL(ERROR_INVALID_HANDLE, FALSE);
  if (!sim_heap_free(p, __builtin_return_address(0))) sim_crt_bad_free(p, __builtin_return_address(0), "HeapFree");
  return TRUE;
}

void WINAPI OutputDebugStringA(LPCSTR s) {
  SIM_ENTER(OutputDebugStringA);
  if (sim_tracing()) sim_trace(self, SIM_EV_CALL, NULL, "OutputDebugStringA(\"%s\")", s ? s : "");
  SIM_RETURN_VOID();
}
