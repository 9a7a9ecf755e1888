/* Closing a pipe handle aborts the I/O still pending on it (sim/pipe.c):
 * an overlapped ReadFile and an overlapped ConnectNamedPipe, each on its
 * own server end, complete with ERROR_OPERATION_ABORTED (995) when another
 * thread closes that end 20 ms later; the packets still reach the port,
 * with the operations' OVERLAPPEDs and 0 bytes, and each OVERLAPPED's
 * event is signalled. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

#define READ_PIPE "\\\\.\\pipe\\close-read"
#define CONNECT_PIPE "\\\\.\\pipe\\close-connect"

static HANDLE reading_end, listening_end;

static DWORD WINAPI closer(LPVOID arg) {
  (void)arg;
  Sleep(20);
  CloseHandle(reading_end);
  CloseHandle(listening_end);
  return 0;
}

int main(void) {
  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  reading_end = CreateNamedPipeA(READ_PIPE, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, 0, 1, 0, 0,
                                 0, NULL);
  HANDLE client = CreateFileA(READ_PIPE, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  listening_end = CreateNamedPipeA(CONNECT_PIPE, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, 0, 1, 0,
                                   0, 0, NULL);
  CreateIoCompletionPort(reading_end, port, 1, 0);
  CreateIoCompletionPort(listening_end, port, 2, 0);

  OVERLAPPED read_ov = {0}, connect_ov = {0};
  read_ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
  connect_ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
  char buf[8];
  BOOL ok = ReadFile(reading_end, buf, sizeof buf, NULL, &read_ov);
  assert(!ok && GetLastError() == ERROR_IO_PENDING);
  ok = ConnectNamedPipe(listening_end, &connect_ov);
  assert(!ok && GetLastError() == ERROR_IO_PENDING);
  HANDLE t = CreateThread(NULL, 0, closer, NULL, 0, NULL);

  for (int i = 0; i < 2; i++) {
    DWORD bytes = 99;
    ULONG_PTR key = 0;
    LPOVERLAPPED got = NULL;
    ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, INFINITE);
    DWORD error = GetLastError();
    const char *what = got == &read_ov ? "the read's" : got == &connect_ov ? "the connect's" : "other";
    printf("GQCS at %llu ms: %s, key %lu, overlapped %s, %lu bytes, error %lu\n", GetTickCount64(),
           ok ? "TRUE" : "FALSE", (unsigned long)key, what, bytes, error);
    assert(!ok && bytes == 0 && error == ERROR_OPERATION_ABORTED);
    assert((key == 1 && got == &read_ov) || (key == 2 && got == &connect_ov));
  }
  printf("events: read %s, connect %s\n",
         WaitForSingleObject(read_ov.hEvent, 0) == WAIT_OBJECT_0 ? "signalled" : "not signalled",
         WaitForSingleObject(connect_ov.hEvent, 0) == WAIT_OBJECT_0 ? "signalled" : "not signalled");
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  CloseHandle(read_ov.hEvent);
  CloseHandle(connect_ov.hEvent);
  CloseHandle(client);
  CloseHandle(port);
  return 0;
}
