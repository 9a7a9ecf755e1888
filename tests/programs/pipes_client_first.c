/* A client that connects before the server calls ConnectNamedPipe makes
 * that call fail with ERROR_PIPE_CONNECTED (535), which means the pipe is
 * connected and ready: no operation is started, so no packet is queued to
 * the port. */
#include <windows.h>
#include <stdio.h>

#define PIPE_NAME "\\\\.\\pipe\\client-first"

int main(void) {
  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  HANDLE server = CreateNamedPipeA(PIPE_NAME, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, 0, 1,
                                   0, 0, 0, NULL);
  CreateIoCompletionPort(server, port, 1, 0);
  HANDLE client = CreateFileA(PIPE_NAME, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  printf("client: %s\n", client == INVALID_HANDLE_VALUE ? "failed" : "connected");

  static OVERLAPPED ov;
  BOOL ok = ConnectNamedPipe(server, &ov);
  printf("ConnectNamedPipe(overlapped): %s, error %lu\n", ok ? "TRUE" : "FALSE", GetLastError());
  DWORD bytes = 0;
  ULONG_PTR key = 0;
  LPOVERLAPPED got = NULL;
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, 0);
  printf("packet queued: %s\n", ok || got ? "yes" : "no");

  /* The pipe works: what the client writes, the server reads. */
  WriteFile(client, "ping", 4, NULL, NULL);
  char buf[8] = {0};
  DWORD n = 0;
  static OVERLAPPED rov;
  ok = ReadFile(server, buf, sizeof buf - 1, &n, &rov);
  printf("server read: %s, \"%s\"\n", ok ? "TRUE" : "FALSE", buf);

  CloseHandle(client);
  CloseHandle(server);
  CloseHandle(port);
  return 0;
}
