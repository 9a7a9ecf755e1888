/* Conformance probe: completion packets are first in, first out.
 *
 * Three packets are posted (key, byte count and OVERLAPPED pointer each
 * different) and dequeued with a zero timeout: they come out in the order
 * posted, each with its own key, count and pointer.  A poll of an empty
 * port fails at once with WAIT_TIMEOUT (258) and a NULL OVERLAPPED, and
 * posting to a closed port fails with ERROR_INVALID_HANDLE (6).  One
 * thread, no DLL: only the port's rules decide the output. */
#include <stdio.h>
#include <windows.h>

static OVERLAPPED ov[3];

static const char *which(LPOVERLAPPED p) {
  if (!p) return "NULL";
  for (int i = 0; i < 3; i++)
    if (p == &ov[i]) return i == 0 ? "ov[0]" : i == 1 ? "ov[1]" : "ov[2]";
  return "unknown";
}

static void dequeue(HANDLE port) {
  DWORD bytes = 0;
  ULONG_PTR key = 0;
  LPOVERLAPPED p = &ov[0];
  SetLastError(0);
  BOOL ok = GetQueuedCompletionStatus(port, &bytes, &key, &p, 0);
  if (ok) printf("dequeued: key %lu, bytes %lu, overlapped %s\n", (unsigned long)key, bytes, which(p));
  else printf("dequeue failed: error %lu, overlapped %s\n", GetLastError(), which(p));
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
  printf("port created: %s\n", port ? "yes" : "no");
  dequeue(port);
  for (int i = 0; i < 3; i++) {
    BOOL ok = PostQueuedCompletionStatus(port, (DWORD)(i + 1) * 100, (ULONG_PTR)(i + 1), &ov[i]);
    printf("posted key %d: %s\n", i + 1, ok ? "TRUE" : "FALSE");
  }
  for (int i = 0; i < 4; i++) dequeue(port);
  CloseHandle(port);
  SetLastError(0);
  BOOL ok = PostQueuedCompletionStatus(port, 1, 1, NULL);
  printf("post to the closed port: %s, error %lu\n", ok ? "TRUE" : "FALSE", GetLastError());
  return 0;
}
