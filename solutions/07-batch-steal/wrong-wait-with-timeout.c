/* Exercise 07, wrong fix: wait for the workers with a timeout, then close
 * the port, which wakes a stranded worker (closing a completion port makes
 * a pending GetQueuedCompletionStatusEx fail with ERROR_ABANDONED_WAIT_0).
 *
 * The application no longer hangs.  But the stranded worker wakes up after
 * driver_shutdown has returned, and the application unloads the driver
 * right after: the worker returns into the unmapped driver
 * (WRONG-FIXES.md, 3).  Under Wine it does not even wake: Wine 8 does not
 * wake a port's waiters when the port is closed.
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

#define SHUTDOWN_WAIT_MS 100

/* The wrong fix: never hang the application; give the workers 100 ms,
 * then close the port, which wakes any worker still waiting on it. */
__declspec(dllexport) void driver_shutdown(void) {
  if (!port) return;
  for (int i = 0; i < WORKERS; i++) PostQueuedCompletionStatus(port, 0, SHUTDOWN_KEY, NULL);
  WaitForMultipleObjects(WORKERS, workers, TRUE, SHUTDOWN_WAIT_MS);
  for (int i = 0; i < WORKERS; i++) CloseHandle(workers[i]);
  CloseHandle(port);
  port = NULL;
}
