/* An overlapped read on a pipe associated with a completion port stays
 * pending until the peer writes, and then completes to the port: the
 * writer sleeps 100 ms of virtual time first, so the packet arrives at
 * exactly that time, with the key of the association, the read's
 * OVERLAPPED, the byte count, and the data in the buffer.  The OVERLAPPED
 * records the result (Internal 0, InternalHigh the byte count). */
#include <windows.h>
#include <assert.h>
#include <stdio.h>
#include <string.h>

#define PIPE_NAME "\\\\.\\pipe\\read-completes"

static HANDLE g_client;

static DWORD WINAPI writer(LPVOID arg) {
  (void)arg;
  Sleep(100);
  DWORD n = 0;
  BOOL ok = WriteFile(g_client, "hello", 5, &n, NULL);
  assert(ok && n == 5);
  return 0;
}

int main(void) {
  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  HANDLE server = CreateNamedPipeA(PIPE_NAME, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, 0, 1,
                                   0, 0, 0, NULL);
  g_client = CreateFileA(PIPE_NAME, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  CreateIoCompletionPort(server, port, 0xab, 0);
  static OVERLAPPED ov;
  char buf[16] = {0};
  BOOL ok = ReadFile(server, buf, sizeof buf - 1, NULL, &ov);
  DWORD err = GetLastError();
  printf("ReadFile: %s, error %lu\n", ok ? "TRUE" : "FALSE", err);
  assert(!ok && err == ERROR_IO_PENDING);
  HANDLE t = CreateThread(NULL, 0, writer, NULL, 0, NULL);

  DWORD bytes = 0;
  ULONG_PTR key = 0;
  LPOVERLAPPED got = NULL;
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, INFINITE);
  ULONGLONG at = GetTickCount64();
  printf("GQCS at %llu ms: %s, key %#lx, %lu bytes, overlapped %s, data \"%s\"\n", at,
         ok ? "TRUE" : "FALSE", (unsigned long)key, bytes, got == &ov ? "the read's" : "wrong", buf);
  printf("OVERLAPPED: Internal %lu, InternalHigh %lu\n", (unsigned long)ov.Internal,
         (unsigned long)ov.InternalHigh);
  assert(ok && at == 100 && key == 0xab && bytes == 5 && got == &ov);
  assert(strcmp(buf, "hello") == 0 && ov.Internal == 0 && ov.InternalHigh == 5);

  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  CloseHandle(g_client);
  CloseHandle(server);
  CloseHandle(port);
  return 0;
}
