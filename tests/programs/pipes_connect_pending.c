/* An overlapped ConnectNamedPipe stays pending until a client opens the
 * pipe: it returns FALSE with ERROR_IO_PENDING, a poll of the port finds
 * nothing, and the packet arrives when the client's CreateFileA connects
 * (after 50 ms of virtual time, on another thread).  A synchronous
 * ConnectNamedPipe on a second pipe blocks until its client comes, 30 ms
 * later. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static HANDLE g_clients[2];

static DWORD WINAPI client(LPVOID arg) {
  int i = (int)(uintptr_t)arg;
  Sleep(i == 0 ? 50 : 30);
  g_clients[i] = CreateFileA(i == 0 ? "\\\\.\\pipe\\connect-overlapped" : "\\\\.\\pipe\\connect-sync",
                             GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  assert(g_clients[i] != INVALID_HANDLE_VALUE);
  return 0;
}

int main(void) {
  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  HANDLE server = CreateNamedPipeA("\\\\.\\pipe\\connect-overlapped",
                                   PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, 0, 1, 0, 0, 0, NULL);
  CreateIoCompletionPort(server, port, 0xc0, 0);
  static OVERLAPPED ov;
  BOOL ok = ConnectNamedPipe(server, &ov);
  DWORD err = GetLastError();
  printf("ConnectNamedPipe(overlapped): %s, error %lu\n", ok ? "TRUE" : "FALSE", err);
  assert(!ok && err == ERROR_IO_PENDING);

  DWORD bytes = 0;
  ULONG_PTR key = 0;
  LPOVERLAPPED got = NULL;
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, 0);
  printf("poll before any client: %s\n", ok || got ? "a packet" : "nothing");
  assert(!ok && !got);

  HANDLE t = CreateThread(NULL, 0, client, (LPVOID)0, 0, NULL);
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, INFINITE);
  ULONGLONG at = GetTickCount64();
  printf("GQCS at %llu ms: %s, key %#lx, overlapped %s\n", at, ok ? "TRUE" : "FALSE",
         (unsigned long)key, got == &ov ? "the connect's" : "other");
  assert(ok && at == 50 && key == 0xc0 && got == &ov);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);

  HANDLE sync = CreateNamedPipeA("\\\\.\\pipe\\connect-sync", PIPE_ACCESS_DUPLEX, 0, 1, 0, 0, 0, NULL);
  t = CreateThread(NULL, 0, client, (LPVOID)1, 0, NULL);
  ULONGLONG before = GetTickCount64();
  ok = ConnectNamedPipe(sync, NULL);
  ULONGLONG waited = GetTickCount64() - before;
  printf("ConnectNamedPipe(synchronous): %s after %llu ms\n", ok ? "TRUE" : "FALSE", waited);
  assert(ok && waited == 30);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);

  CloseHandle(g_clients[0]);
  CloseHandle(g_clients[1]);
  CloseHandle(sync);
  CloseHandle(server);
  CloseHandle(port);
  return 0;
}
