/* Exercise 07, wrong fix: post more shutdown packets than there are
 * workers, so that a worker that takes two still leaves enough.
 *
 * A batch holds up to BATCH (4) packets, and 2 * WORKERS is 4: the first
 * worker to wake can take them all.  Any number of extra packets is fewer
 * than one batch can swallow, unless it is a multiple of BATCH that no
 * longer depends on the worker count, and then the rule is still wrong:
 * whether a worker ends depends on how the packets happen to be split
 * (WRONG-FIXES.md, 2).
 */
#include "batch_pool.h"

static DWORD WINAPI worker_main(LPVOID arg) {
  (void)arg;
  for (;;) {
    OVERLAPPED_ENTRY batch[BATCH];
    ULONG n = 0;
    if (!GetQueuedCompletionStatusEx(port, batch, BATCH, &n, INFINITE, FALSE)) return 1;
    for (ULONG i = 0; i < n; i++) {
      if (batch[i].lpCompletionKey == SHUTDOWN_KEY) return 0;
      run_query(&batch[i]);
    }
  }
}

/* The wrong fix: two shutdown packets per worker, so that there are
 * enough to go round even if one worker takes more than its share. */
__declspec(dllexport) void driver_shutdown(void) {
  if (!port) return;
  for (int i = 0; i < 2 * WORKERS; i++) PostQueuedCompletionStatus(port, 0, SHUTDOWN_KEY, NULL);
  WaitForMultipleObjects(WORKERS, workers, TRUE, INFINITE);
  for (int i = 0; i < WORKERS; i++) CloseHandle(workers[i]);
  CloseHandle(port);
  port = NULL;
}
