/* The DLL of exercise 07 (read README.md first): a driver whose worker pool
 * takes completion packets in batches, and whose shutdown hangs.
 *
 * driver_shutdown, which the application calls before it unloads the
 * driver, posts one shutdown packet per worker and waits, outside DllMain,
 * until every worker has exited.  That part is right.  The workers dequeue
 * up to BATCH packets at once and return at the first shutdown packet they
 * see, dropping the rest of the batch - which may hold the other worker's
 * shutdown packet.  That worker then waits on the port forever, and
 * driver_shutdown waits for it forever.
 *
 * batch_pool.h holds the pool's start and the queries.
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
