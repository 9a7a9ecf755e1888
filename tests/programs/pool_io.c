/* Thread-pool I/O on a named pipe: StartThreadpoolIo before an overlapped
 * read; the read completes when the client writes (virtual time t=40),
 * and the callback gets the OVERLAPPED, error 0 and the byte count.  A
 * second read completes when the client closes its end, with
 * ERROR_BROKEN_PIPE (109).  WaitForThreadpoolIoCallbacks waits for the
 * started I/O's callback. */
#include <windows.h>
#include <stdio.h>

#define PIPE_NAME "\\\\.\\pipe\\pool-io"

static HANDLE g_client;
static OVERLAPPED g_ov;
static char g_buf[16];
static volatile LONG g_calls;

static void CALLBACK done(PTP_CALLBACK_INSTANCE instance, PVOID context, PVOID overlapped,
                          ULONG result, ULONG_PTR bytes, PTP_IO io) {
  (void)instance;
  (void)io;
  printf("callback at t=%llu: context %s, overlapped %s, result %lu, %lu bytes\n", GetTickCount64(),
         (const char *)context, overlapped == &g_ov ? "the read's" : "another", result,
         (unsigned long)bytes);
  InterlockedIncrement(&g_calls);
}

static DWORD WINAPI client(LPVOID arg) {
  (void)arg;
  Sleep(40);
  DWORD n = 0;
  WriteFile(g_client, "hello", 5, &n, NULL);
  Sleep(40);
  CloseHandle(g_client);
  return 0;
}

int main(void) {
  HANDLE server = CreateNamedPipeA(PIPE_NAME, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, 0, 1, 0,
                                   0, 0, NULL);
  g_client = CreateFileA(PIPE_NAME, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  PTP_IO io = CreateThreadpoolIo(server, done, "pipe", NULL);
  HANDLE t = CreateThread(NULL, 0, client, NULL, 0, NULL);
  for (int i = 0; i < 2; i++) {
    StartThreadpoolIo(io);
    BOOL ok = ReadFile(server, g_buf, sizeof g_buf - 1, NULL, &g_ov);
    DWORD error = GetLastError();
    if (!ok && error != ERROR_IO_PENDING) {
      CancelThreadpoolIo(io);
      printf("read %d failed at once: %lu\n", i + 1, error);
      continue;
    }
    WaitForThreadpoolIoCallbacks(io, FALSE);
    printf("read %d: %ld callback%s\n", i + 1, g_calls, g_calls == 1 ? "" : "s");
  }
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  CloseThreadpoolIo(io);
  CloseHandle(server);
  return 0;
}
