/* Exercise 07, the reference fix (read exercises/07-batch-steal/README.md
 * first, and WRONG-FIXES.md beside this file).
 *
 * A worker finishes its whole batch, and a shutdown packet beyond the
 * first one it took belongs to a sibling, so it posts that packet back
 * before it leaves.  However the packets are split between the batches,
 * every worker ends up with exactly one, and driver_shutdown's wait ends.
 * (runtime/rt_worker.c follows the same rule, and posts the extras back
 * first, so that the siblings wake while it still runs its batch.)
 */
#include "batch_pool.h"

static DWORD WINAPI worker_main(LPVOID arg) {
  (void)arg;
  for (;;) {
    OVERLAPPED_ENTRY batch[BATCH];
    ULONG n = 0;
    if (!GetQueuedCompletionStatusEx(port, batch, BATCH, &n, INFINITE, FALSE)) return 1;
    int shutdowns = 0;
    for (ULONG i = 0; i < n; i++) {
      if (batch[i].lpCompletionKey == SHUTDOWN_KEY) shutdowns++;
      else run_query(&batch[i]);
    }
    if (shutdowns) {
      /* Keep one; the others are the siblings' signals. */
      for (int i = 1; i < shutdowns; i++) PostQueuedCompletionStatus(port, 0, SHUTDOWN_KEY, NULL);
      return 0;
    }
  }
}

/* One shutdown packet per worker, then wait for all of them, outside the
 * loader lock. */
__declspec(dllexport) void driver_shutdown(void) {
  if (!port) return;
  for (int i = 0; i < WORKERS; i++) PostQueuedCompletionStatus(port, 0, SHUTDOWN_KEY, NULL);
  WaitForMultipleObjects(WORKERS, workers, TRUE, INFINITE);
  for (int i = 0; i < WORKERS; i++) CloseHandle(workers[i]);
  CloseHandle(port);
  port = NULL;
}
