/* GetQueuedCompletionStatusEx takes as many queued packets as its array has
 * room for: 100 queued, room for 150, one call takes all 100, in order. */
#include <windows.h>
#include <stdio.h>

static OVERLAPPED_ENTRY entries[150];

int main(void) {
  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  for (ULONG_PTR i = 1; i <= 100; i++) PostQueuedCompletionStatus(port, 0, i, NULL);
  ULONG n = 0;
  BOOL ok = GetQueuedCompletionStatusEx(port, entries, 150, &n, 0, FALSE);
  BOOL in_order = TRUE;
  for (ULONG i = 0; i < n; i++) in_order &= entries[i].lpCompletionKey == i + 1;
  printf("%s: %lu removed, %s\n", ok ? "TRUE" : "FALSE", n, in_order ? "in order" : "out of order");
  ok = GetQueuedCompletionStatusEx(port, entries, 150, &n, 0, FALSE);
  printf("then: %s, error %lu\n", ok ? "TRUE" : "FALSE", GetLastError());
  CloseHandle(port);
  return 0;
}
