/* CancelIoEx completes a pending overlapped read with
 * ERROR_OPERATION_ABORTED (995): the packet dequeues as FALSE with the
 * read's OVERLAPPED.  Cancelling again finds nothing (ERROR_NOT_FOUND);
 * cancelling one OVERLAPPED leaves the other pending reads alone.  Another
 * thread cancels after 20 ms of virtual time. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

#define PIPE_NAME "\\\\.\\pipe\\cancel"

static HANDLE g_server;
static OVERLAPPED g_ov1, g_ov2;
static BOOL g_cancel_ok, g_again_ok;
static DWORD g_again_err;

static DWORD WINAPI canceller(LPVOID arg) {
  (void)arg;
  Sleep(20);
  g_cancel_ok = CancelIoEx(g_server, &g_ov1);
  g_again_ok = CancelIoEx(g_server, &g_ov1);
  g_again_err = GetLastError();
  return 0;
}

int main(void) {
  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  g_server = CreateNamedPipeA(PIPE_NAME, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, 0, 1,
                              0, 0, 0, NULL);
  HANDLE client = CreateFileA(PIPE_NAME, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  CreateIoCompletionPort(g_server, port, 4, 0);
  char buf1[8], buf2[8];
  BOOL ok = ReadFile(g_server, buf1, sizeof buf1, NULL, &g_ov1);
  assert(!ok && GetLastError() == ERROR_IO_PENDING);
  ok = ReadFile(g_server, buf2, sizeof buf2, NULL, &g_ov2);
  assert(!ok && GetLastError() == ERROR_IO_PENDING);
  HANDLE t = CreateThread(NULL, 0, canceller, NULL, 0, NULL);

  DWORD bytes = 99;
  ULONG_PTR key = 0;
  LPOVERLAPPED got = NULL;
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, INFINITE);
  DWORD err = GetLastError();
  printf("GQCS at %llu ms: %s, overlapped %s, %lu bytes, error %lu\n", GetTickCount64(),
         ok ? "TRUE" : "FALSE", got == &g_ov1 ? "the cancelled read's" : got ? "other" : "NULL",
         bytes, err);
  assert(!ok && got == &g_ov1 && bytes == 0 && err == ERROR_OPERATION_ABORTED);
  WaitForSingleObject(t, INFINITE);
  printf("CancelIoEx: %s; again: %s, error %lu\n", g_cancel_ok ? "TRUE" : "FALSE",
         g_again_ok ? "TRUE" : "FALSE", g_again_err);
  assert(g_cancel_ok && !g_again_ok && g_again_err == ERROR_NOT_FOUND);

  /* The other read is still pending: a write completes it. */
  got = NULL;
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, 0);
  printf("other read before the write: %s\n", ok || got ? "completed" : "pending");
  assert(!ok && !got);
  WriteFile(client, "xy", 2, NULL, NULL);
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, 0);
  printf("other read after the write: %s, %lu bytes, overlapped %s\n", ok ? "TRUE" : "FALSE",
         bytes, got == &g_ov2 ? "its own" : "other");
  assert(ok && bytes == 2 && got == &g_ov2);

  CloseHandle(t);
  CloseHandle(client);
  CloseHandle(g_server);
  CloseHandle(port);
  return 0;
}
