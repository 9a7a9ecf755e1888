/* The heap functions of windows.h: GetProcessHeap, HeapAlloc, HeapReAlloc,
 * HeapFree.  Blocks are tracked by kernel/heap.c, which says why heap calls
 * are not scheduling points.
 *
 * Left out: heaps other than the process heap (HeapCreate), and flags other
 * than HEAP_ZERO_MEMORY.
 */
#include "api.h"

#define PROCESS_HEAP ((HANDLE)(uintptr_t)0x10000)

HANDLE WINAPI GetProcessHeap(void) { return PROCESS_HEAP; }

LPVOID WINAPI HeapAlloc(HANDLE heap, DWORD flags, SIZE_T size) {
  SIM_LOCAL(HeapAlloc);
  if (heap != PROCESS_HEAP) SIM_FAIL(ERROR_INVALID_HANDLE, NULL);
  /* A failed HeapAlloc leaves the last error as it was: Microsoft's
   * documentation says it does not call SetLastError.  (Wine sets
   * ERROR_NOT_ENOUGH_MEMORY; probe error-codes.) */
  (void)self;
  return sim__heap_alloc(size, (flags & HEAP_ZERO_MEMORY) != 0, __builtin_return_address(0));
}

LPVOID WINAPI HeapReAlloc(HANDLE heap, DWORD flags, LPVOID p, SIZE_T size) {
  SIM_LOCAL(HeapReAlloc);
  (void)flags;
  if (heap != PROCESS_HEAP) SIM_FAIL(ERROR_INVALID_HANDLE, NULL);
  void *q = sim__heap_realloc(p, size, __builtin_return_address(0));
  if (!q) self->last_error = ERROR_NOT_ENOUGH_MEMORY;
  return q;
}

BOOL WINAPI HeapFree(HANDLE heap, DWORD flags, LPVOID p) {
  SIM_LOCAL(HeapFree);
  (void)flags;
  if (heap != PROCESS_HEAP) SIM_FAIL(ERROR_INVALID_HANDLE, FALSE);
  if (!sim__heap_free(p, __builtin_return_address(0))) sim__crt_bad_free(p, __builtin_return_address(0), "HeapFree");
  return TRUE;
}
