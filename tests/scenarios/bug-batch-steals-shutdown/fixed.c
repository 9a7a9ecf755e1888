/* Workers finish their whole batch; a shutdown packet beyond the first
 * one they took belongs to a sibling, so they post it back before leaving. */
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
      for (int i = 1; i < shutdowns; i++) PostQueuedCompletionStatus(port, 0, SHUTDOWN_KEY, NULL);
      return 0;
    }
  }
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance, (void)reason, (void)reserved;
  return TRUE;
}
