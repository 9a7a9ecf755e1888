/* Closing the peer end of a pipe completes a pending overlapped read with
 * ERROR_BROKEN_PIPE (109): the packet dequeues as FALSE with the read's
 * OVERLAPPED, GetOverlappedResult reports the same error, and a new read
 * fails at once with it (no packet).  The client end closes after 40 ms
 * of virtual time, on another thread. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

#define PIPE_NAME "\\\\.\\pipe\\peer-close"

static HANDLE g_client;

static DWORD WINAPI closer(LPVOID arg) {
  (void)arg;
  Sleep(40);
  CloseHandle(g_client);
  return 0;
}

int main(void) {
  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  HANDLE server = CreateNamedPipeA(PIPE_NAME, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, 0, 1,
                                   0, 0, 0, NULL);
  g_client = CreateFileA(PIPE_NAME, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  CreateIoCompletionPort(server, port, 3, 0);
  static OVERLAPPED ov;
  char buf[8];
  BOOL ok = ReadFile(server, buf, sizeof buf, NULL, &ov);
  assert(!ok && GetLastError() == ERROR_IO_PENDING);
  HANDLE t = CreateThread(NULL, 0, closer, NULL, 0, NULL);

  DWORD bytes = 99;
  ULONG_PTR key = 0;
  LPOVERLAPPED got = NULL;
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, INFINITE);
  DWORD err = GetLastError();
  printf("GQCS at %llu ms: %s, overlapped %s, %lu bytes, error %lu\n", GetTickCount64(),
         ok ? "TRUE" : "FALSE", got == &ov ? "the read's" : got ? "other" : "NULL", bytes, err);
  assert(!ok && got == &ov && bytes == 0 && err == ERROR_BROKEN_PIPE);

  DWORD n = 99;
  ok = GetOverlappedResult(server, &ov, &n, FALSE);
  err = GetLastError();
  printf("GetOverlappedResult: %s, %lu bytes, error %lu\n", ok ? "TRUE" : "FALSE", n, err);
  assert(!ok && n == 0 && err == ERROR_BROKEN_PIPE);

  static OVERLAPPED ov2;
  ok = ReadFile(server, buf, sizeof buf, NULL, &ov2);
  err = GetLastError();
  got = NULL;
  BOOL queued = GetQueuedCompletionStatus(port, &bytes, &key, &got, 0) || got;
  printf("ReadFile after the break: %s, error %lu, packet queued: %s\n", ok ? "TRUE" : "FALSE",
         err, queued ? "yes" : "no");
  assert(!ok && err == ERROR_BROKEN_PIPE && !queued);

  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  CloseHandle(server);
  CloseHandle(port);
  return 0;
}
