/* Every call on a completion port handle that was closed fails with
 * ERROR_INVALID_HANDLE, without blocking: posting, waiting with and
 * without a timeout, the batch wait, associating a pipe, and closing it
 * again. */
#include <windows.h>
#include <stdio.h>

static void show(const char *call, BOOL ok, const char *extra) {
  DWORD err = GetLastError();
  printf("%s: %s, error %lu%s\n", call, ok ? "succeeded" : "failed", err, extra);
}

int main(void) {
  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  PostQueuedCompletionStatus(port, 0, 1, NULL);
  HANDLE pipe = CreateNamedPipeA("\\\\.\\pipe\\closed-port", PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED,
                                 0, 1, 0, 0, 0, NULL);
  CloseHandle(port);

  SetLastError(0);
  show("PostQueuedCompletionStatus", PostQueuedCompletionStatus(port, 0, 2, NULL), "");

  OVERLAPPED dummy;
  DWORD bytes = 0;
  ULONG_PTR key = 0;
  LPOVERLAPPED ov = &dummy;
  SetLastError(0);
  BOOL ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0);
  show("GetQueuedCompletionStatus(0)", ok, ov ? ", overlapped not NULL" : ", overlapped NULL");
  ov = &dummy;
  SetLastError(0);
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, INFINITE);
  show("GetQueuedCompletionStatus(INFINITE)", ok, ov ? ", overlapped not NULL" : ", overlapped NULL");

  OVERLAPPED_ENTRY e[4];
  ULONG n = 99;
  SetLastError(0);
  ok = GetQueuedCompletionStatusEx(port, e, 4, &n, INFINITE, FALSE);
  char extra[32];
  snprintf(extra, sizeof extra, ", %lu removed", n);
  show("GetQueuedCompletionStatusEx(INFINITE)", ok, extra);

  SetLastError(0);
  HANDLE h = CreateIoCompletionPort(pipe, port, 5, 0);
  show("CreateIoCompletionPort(pipe, closed port)", h != NULL, "");

  SetLastError(0);
  show("CloseHandle again", CloseHandle(port), "");
  CloseHandle(pipe);
  return 0;
}
