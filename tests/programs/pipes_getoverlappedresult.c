/* GetOverlappedResult on a pending overlapped read: with bWait FALSE it
 * fails with ERROR_IO_INCOMPLETE (996); with bWait TRUE it waits on the
 * OVERLAPPED's event until the operation completes (the peer writes after
 * 70 ms of virtual time), then returns TRUE with the byte count, and the
 * event is left signalled. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>
#include <string.h>

#define PIPE_NAME "\\\\.\\pipe\\getoverlappedresult"

static HANDLE g_client;

static DWORD WINAPI writer(LPVOID arg) {
  (void)arg;
  Sleep(70);
  WriteFile(g_client, "data", 4, NULL, NULL);
  return 0;
}

int main(void) {
  HANDLE server = CreateNamedPipeA(PIPE_NAME, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, 0, 1,
                                   0, 0, 0, NULL);
  g_client = CreateFileA(PIPE_NAME, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  static OVERLAPPED ov;
  ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
  char buf[8] = {0};
  BOOL ok = ReadFile(server, buf, sizeof buf - 1, NULL, &ov);
  assert(!ok && GetLastError() == ERROR_IO_PENDING);
  HANDLE t = CreateThread(NULL, 0, writer, NULL, 0, NULL);

  DWORD n = 99;
  ok = GetOverlappedResult(server, &ov, &n, FALSE);
  DWORD err = GetLastError();
  printf("bWait FALSE: %s, error %lu\n", ok ? "TRUE" : "FALSE", err);
  assert(!ok && err == ERROR_IO_INCOMPLETE);

  ok = GetOverlappedResult(server, &ov, &n, TRUE);
  ULONGLONG at = GetTickCount64();
  printf("bWait TRUE: %s at %llu ms, %lu bytes, \"%s\"\n", ok ? "TRUE" : "FALSE", at, n, buf);
  assert(ok && at == 70 && n == 4 && strcmp(buf, "data") == 0);
  DWORD ev = WaitForSingleObject(ov.hEvent, 0);
  printf("event: %s\n", ev == WAIT_OBJECT_0 ? "signalled" : "not signalled");
  assert(ev == WAIT_OBJECT_0);

  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  CloseHandle(ov.hEvent);
  CloseHandle(g_client);
  CloseHandle(server);
  return 0;
}
