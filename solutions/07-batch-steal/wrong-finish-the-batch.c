/* Exercise 07, wrong fix: finish the whole batch before exiting, instead
 * of returning in the middle of it.
 *
 * No query is dropped any more, but the packets that matter here are the
 * shutdown packets, and a worker that took both in one batch still keeps
 * both: its sibling still waits on the port forever, and driver_shutdown
 * waits for the sibling (WRONG-FIXES.md, 1).
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
    /* The wrong fix: nothing of the batch is dropped any more, every
     * query in it runs; then the worker exits. */
    if (shutdowns) return 0;
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
