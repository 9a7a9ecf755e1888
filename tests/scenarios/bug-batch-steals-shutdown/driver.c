/* Workers dequeue up to BATCH packets at once and return at the first
 * shutdown packet they see, dropping the rest of the batch, which may
 * hold the other worker's shutdown packet. */
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

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance, (void)reason, (void)reserved;
  return TRUE;
}
