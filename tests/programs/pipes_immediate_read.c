/* An overlapped read that can complete at once (the peer wrote first)
 * returns TRUE with the data, and still queues a completion packet to the
 * port, as Windows does unless FILE_SKIP_COMPLETION_PORT_ON_SUCCESS is
 * set: a runtime that only reads results from the port sees every
 * operation there.  An overlapped write completes at once and queues its
 * packet too. */
#include <windows.h>
#include <stdio.h>

#define PIPE_NAME "\\\\.\\pipe\\immediate-read"

int main(void) {
  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  HANDLE server = CreateNamedPipeA(PIPE_NAME, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, 0, 1,
                                   0, 0, 0, NULL);
  HANDLE client = CreateFileA(PIPE_NAME, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                              FILE_FLAG_OVERLAPPED, NULL);
  CreateIoCompletionPort(server, port, 1, 0);
  CreateIoCompletionPort(client, port, 2, 0);

  static OVERLAPPED wov, rov;
  DWORD n = 0;
  BOOL ok = WriteFile(client, "abc", 3, &n, &wov);
  printf("WriteFile: %s, %lu bytes\n", ok ? "TRUE" : "FALSE", n);
  char buf[8] = {0};
  n = 0;
  ok = ReadFile(server, buf, sizeof buf - 1, &n, &rov);
  printf("ReadFile: %s, %lu bytes, \"%s\"\n", ok ? "TRUE" : "FALSE", n, buf);

  for (int i = 0; i < 3; i++) {
    DWORD bytes = 0;
    ULONG_PTR key = 0;
    LPOVERLAPPED got = NULL;
    ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, 0);
    if (!ok && !got) {
      printf("packet %d: none (error %lu)\n", i + 1, GetLastError());
      continue;
    }
    printf("packet %d: %s, key %lu, %lu bytes, overlapped %s\n", i + 1, ok ? "TRUE" : "FALSE",
           (unsigned long)key, bytes,
           got == &rov ? "the read's" : got == &wov ? "the write's" : "other");
  }
  CloseHandle(client);
  CloseHandle(server);
  CloseHandle(port);
  return 0;
}
