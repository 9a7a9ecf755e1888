/* A TLS index freed on one thread while another uses it: the worker sets
 * its value, lets the main thread run, and reads it back.  TlsFree clears
 * the index in every thread, so the worker reads NULL when the free came
 * between its set and its get, and its own value otherwise (a freed index
 * can still be written).  Both outcomes must be reached by the reduced
 * search too (tests/unit/test_reduction.c), which holds only if the
 * footprints of TlsGetValue, TlsSetValue and TlsFree meet on the index
 * (sim/api/tls.c). */
#include <windows.h>
#include <stdio.h>

static DWORD g_index;
static LONG volatile g_worker_steps; /* the worker's alone */

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  TlsSetValue(g_index, (LPVOID)(INT_PTR)42);
  /* A scheduling point between the set and the get at which the worker,
   * not yet preempted, goes on by default: the free comes between the two
   * only in a schedule the search makes by reversing the get and the
   * free. */
  InterlockedIncrement(&g_worker_steps);
  return TlsGetValue(g_index) ? 1 : 0;
}

int main(void) {
  g_index = TlsAlloc();
  if (g_index == TLS_OUT_OF_INDEXES) return 3;
  HANDLE t = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  TlsFree(g_index);
  WaitForSingleObject(t, INFINITE);
  DWORD code = 0;
  GetExitCodeThread(t, &code);
  CloseHandle(t);
  printf("the worker read %s\n", code ? "its value" : "NULL");
  return 0;
}
