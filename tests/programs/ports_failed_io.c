/* A packet for a failed I/O operation dequeues as FALSE with
 * *lpOverlapped set to the operation's OVERLAPPED (not NULL, which would
 * mean no packet) and the operation's error in GetLastError.  An
 * overlapped read on a pipe associated with the port fails with
 * ERROR_BROKEN_PIPE when the client end is closed by another thread. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

#define PIPE_NAME "\\\\.\\pipe\\failed-io"

static HANDLE g_client;

static DWORD WINAPI closer(LPVOID arg) {
  (void)arg;
  Sleep(30);
  CloseHandle(g_client);
  return 0;
}

int main(void) {
  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  HANDLE server = CreateNamedPipeA(PIPE_NAME, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, 0, 1,
                                   0, 0, 0, NULL);
  g_client = CreateFileA(PIPE_NAME, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                         FILE_FLAG_OVERLAPPED, NULL);
  CreateIoCompletionPort(server, port, 0x5e, 0);
  static OVERLAPPED ov;
  char buf[16];
  BOOL ok = ReadFile(server, buf, sizeof buf, NULL, &ov);
  assert(!ok && GetLastError() == ERROR_IO_PENDING);
  HANDLE t = CreateThread(NULL, 0, closer, NULL, 0, NULL);

  DWORD bytes = 99;
  ULONG_PTR key = 0;
  LPOVERLAPPED got = NULL;
  SetLastError(0);
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, INFINITE);
  DWORD err = GetLastError();
  printf("GQCS: %s, overlapped %s, key %#lx, %lu bytes, error %lu\n", ok ? "TRUE" : "FALSE",
         got == &ov ? "the read's" : got ? "another" : "NULL", (unsigned long)key, bytes, err);
  assert(!ok && got == &ov && key == 0x5e && bytes == 0 && err == ERROR_BROKEN_PIPE);

  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  CloseHandle(server);
  CloseHandle(port);
  return 0;
}
