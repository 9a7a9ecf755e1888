/* The last error and thread-local storage of windows.h: GetLastError,
 * SetLastError, TlsAlloc, TlsFree, TlsGetValue, TlsSetValue.
 *
 * TLS values and the last error belong to the calling thread alone, so
 * reading or writing them is not a scheduling point (no other thread can
 * tell the difference); allocating and freeing a slot is.
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

DWORD WINAPI TlsAlloc(void) {
  SIM_ENTER(TlsAlloc);
  sim_run *r = sim__current_run;
  for (DWORD i = 0; i < TLS_MINIMUM_AVAILABLE; i++) {
    if (r->tls_used[i]) continue;
    r->tls_used[i] = true;
    /* A fresh slot reads as NULL in every thread. */
    for (int k = 0; k < r->n_threads; k++) r->threads[k]->tls[i] = NULL;
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "TlsAlloc() -> %lu", i);
    SIM_RETURN(i);
  }
  SIM_FAIL(ERROR_NO_MORE_ITEMS, TLS_OUT_OF_INDEXES);
}

BOOL WINAPI TlsFree(DWORD index) {
  SIM_ENTER(TlsFree);
  sim_run *r = sim__current_run;
  if (index >= TLS_MINIMUM_AVAILABLE || !r->tls_used[index]) SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
  r->tls_used[index] = false;
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "TRUE", "TlsFree(%lu)", index);
  SIM_RETURN(TRUE);
}

LPVOID WINAPI TlsGetValue(DWORD index) {
  SIM_LOCAL(TlsGetValue);
  if (index >= TLS_MINIMUM_AVAILABLE || !sim__current_run->tls_used[index]) {
    self->last_error = ERROR_INVALID_PARAMETER;
    return NULL;
  }
  self->last_error = ERROR_SUCCESS;
  return self->tls[index];
}

BOOL WINAPI TlsSetValue(DWORD index, LPVOID value) {
  SIM_LOCAL(TlsSetValue);
  if (index >= TLS_MINIMUM_AVAILABLE || !sim__current_run->tls_used[index]) {
    self->last_error = ERROR_INVALID_PARAMETER;
    return FALSE;
  }
  self->tls[index] = value;
  return TRUE;
}
