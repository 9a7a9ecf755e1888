/* Conformance probe: GetQueuedCompletionStatusEx dequeues in batches.
 *
 * With three packets queued, a call with room for four returns all three at
 * once, in the order posted; with five queued, a call with room for two
 * returns two and the next call the other three.  On an empty port a call
 * with a zero timeout fails with WAIT_TIMEOUT (258).  The entry count such
 * a failed call reports is not printed: Wine 8.0 reports 1, and Wine's own
 * tests accept 0 or 1 from Windows (ntdll/tests/file.c, "count <= 1").
 * One thread, no DLL: only the port's rules decide the output.  (A batch is
 * how one worker can swallow a sibling's shutdown packet:
 * exercises/07-batch-steal.) */
#include <stdio.h>
#include <windows.h>

static void take(HANDLE port, ULONG room) {
  OVERLAPPED_ENTRY entries[4];
  ULONG n = 0;
  SetLastError(0);
  BOOL ok = GetQueuedCompletionStatusEx(port, entries, room, &n, 0, FALSE);
  if (!ok) {
    printf("room for %lu: FALSE, error %lu\n", room, GetLastError());
    return;
  }
  printf("room for %lu: TRUE, %lu entries:", room, n);
  for (ULONG i = 0; i < n; i++)
    printf(" key %lu (%lu bytes)", (unsigned long)entries[i].lpCompletionKey,
           entries[i].dwNumberOfBytesTransferred);
  printf("\n");
}

static void post(HANDLE port, int count) {
  for (int i = 1; i <= count; i++)
    PostQueuedCompletionStatus(port, (DWORD)i * 10, (ULONG_PTR)i, NULL);
  printf("posted %d packets\n", count);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  post(port, 3);
  take(port, 4);
  take(port, 4);
  post(port, 5);
  take(port, 2);
  take(port, 4);
  CloseHandle(port);
  return 0;
}
