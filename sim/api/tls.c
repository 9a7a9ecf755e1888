/* The last error and thread-local storage of windows.h: GetLastError,
 * SetLastError, TlsAlloc, TlsFree, TlsGetValue, TlsSetValue.
 *
 * TLS values and the last error belong to the calling thread alone, so
 * reading or writing them is not a scheduling point (no other thread can
 * tell the difference); allocating and freeing a slot is.  For partial-order
 * reduction (kernel/footprint.c) a value's read or write is a read of its
 * index, because TlsAlloc and TlsFree, which write the index, clear it in
 * every thread: a TlsGetValue on one thread and a TlsFree on another give
 * a different value in either order, two threads' own values do not.  A process has
 * 1,088 TLS indexes, as Windows documents: 64 in each thread's TEB and
 * 1,024 expansion slots, which a thread gets when it first uses one.
 */
#include "api.h"

DWORD WINAPI GetLastError(void) {
  SIM_LOCAL(GetLastError);
  return self->last_error;
}

void WINAPI SetLastError(DWORD code) {
  SIM_LOCAL(SetLastError);
  self->last_error = code;
}

/* Where index lives in t, allocating t's expansion slots if allocate is
 * set; NULL for an expansion slot t never used (it reads as NULL). */
static void **slot(sim_thread *t, DWORD index, bool allocate) {
  if (index < TLS_MINIMUM_AVAILABLE) return &t->tls[index];
  if (!t->tls_expansion) {
    if (!allocate) return NULL;
    t->tls_expansion = sim__arena_alloc(&sim__current_run->arena,
                                       SIM_TLS_EXPANSION_SLOTS * sizeof *t->tls_expansion);
  }
  return &t->tls_expansion[index - TLS_MINIMUM_AVAILABLE];
}

/* Clears index in every thread, as TlsAlloc and TlsFree do. */
static void clear_everywhere(DWORD index) {
  sim_run *r = sim__current_run;
  for (int k = 0; k < r->n_threads; k++) {
    void **p = slot(r->threads[k], index, false);
    if (p) *p = NULL;
  }
}

DWORD WINAPI TlsAlloc(void) {
  SIM_ENTER(TlsAlloc);
  sim_run *r = sim__current_run;
  sim__fp_touch(SIM_RES_TLS, SIM_TLS_SLOTS, true);
  for (DWORD i = 0; i < SIM_TLS_SLOTS; i++) {
    if (r->tls_used[i]) continue;
    r->tls_used[i] = true;
    sim__fp_touch(SIM_RES_TLS, i, true);
    /* A fresh slot reads as NULL in every thread. */
    clear_everywhere(i);
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "TlsAlloc() -> %lu", i);
    SIM_RETURN(i);
  }
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "TLS_OUT_OF_INDEXES (ERROR_NO_MORE_ITEMS)", "TlsAlloc(): all %d indexes are in use", SIM_TLS_SLOTS);
  SIM_FAIL(ERROR_NO_MORE_ITEMS, TLS_OUT_OF_INDEXES);
}

BOOL WINAPI TlsFree(DWORD index) {
  SIM_ENTER(TlsFree);
  sim_run *r = sim__current_run;
  sim__fp_touch(SIM_RES_TLS, SIM_TLS_SLOTS, true);
  if (index >= SIM_TLS_SLOTS || !r->tls_used[index]) SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
  sim__fp_touch(SIM_RES_TLS, index, true);
  r->tls_used[index] = false;
  clear_everywhere(index);
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "TRUE", "TlsFree(%lu)", index);
  SIM_RETURN(TRUE);
}

/* TlsGetValue and TlsSetValue check only that the index is in range, as
 * Windows documents ("minimal parameter validation"): a freed index reads
 * as NULL (TlsFree cleared it) and can be written, with no error. */
LPVOID WINAPI TlsGetValue(DWORD index) {
  SIM_LOCAL(TlsGetValue);
  if (index >= SIM_TLS_SLOTS) {
    self->last_error = ERROR_INVALID_PARAMETER;
    return NULL;
  }
  self->last_error = ERROR_SUCCESS;
  sim__fp_touch(SIM_RES_TLS, index, false);
  void **p = slot(self, index, false);
  return p ? *p : NULL;
}

BOOL WINAPI TlsSetValue(DWORD index, LPVOID value) {
  SIM_LOCAL(TlsSetValue);
  if (index >= SIM_TLS_SLOTS) {
    self->last_error = ERROR_INVALID_PARAMETER;
    return FALSE;
  }
  sim__fp_touch(SIM_RES_TLS, index, false);
  *slot(self, index, true) = value;
  return TRUE;
}
