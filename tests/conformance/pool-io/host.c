/* Conformance probe: thread-pool I/O on a named pipe.
 *
 * CreateThreadpoolIo binds the server end of an overlapped pipe to the
 * pool.  StartThreadpoolIo, then an overlapped read that stays pending:
 * when the client writes, the callback gets the read's OVERLAPPED, result
 * 0 and 5 bytes.  A second read completes when the client closes its end,
 * with ERROR_BROKEN_PIPE (109).  A third read fails at once (the pipe is
 * broken), so the probe calls CancelThreadpoolIo, and no callback comes;
 * WaitForThreadpoolIoCallbacks then returns at once.  A handle already
 * bound to the pool cannot be bound again (ERROR_INVALID_PARAMETER, 87).
 */
#include <stdio.h>
#include <windows.h>

#define PIPE_NAME "\\\\.\\pipe\\loaderlab-pool-io"

static HANDLE client, completed;
static OVERLAPPED ov;
static char buf[16];
static volatile LONG calls;

static void CALLBACK done(PTP_CALLBACK_INSTANCE instance, PVOID context, PVOID overlapped,
                          ULONG result, ULONG_PTR bytes, PTP_IO io) {
  (void)instance;
  (void)io;
  printf("pool: callback %ld: context %s, overlapped %s, result %lu, %lu bytes\n",
         InterlockedIncrement(&calls), (const char *)context, overlapped == &ov ? "the read's" : "another",
         result, (unsigned long)bytes);
  SetEvent(completed);
}

static void noop(PTP_CALLBACK_INSTANCE i, PVOID c, PVOID o, ULONG r, ULONG_PTR b, PTP_IO io) {
  (void)i, (void)c, (void)o, (void)r, (void)b, (void)io;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  completed = CreateEventA(NULL, FALSE, FALSE, NULL);
  HANDLE server = CreateNamedPipeA(PIPE_NAME, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, 0, 1, 0,
                                   0, 0, NULL);
  client = CreateFileA(PIPE_NAME, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  PTP_IO io = CreateThreadpoolIo(server, done, "pipe", NULL);
  SetLastError(0);
  PTP_IO again = CreateThreadpoolIo(server, noop, NULL, NULL);
  printf("main: binding the handle again: %s, error %lu\n", again ? "bound" : "NULL", GetLastError());

  StartThreadpoolIo(io);
  BOOL ok = ReadFile(server, buf, sizeof buf - 1, NULL, &ov);
  printf("main: read 1 %s\n", !ok && GetLastError() == ERROR_IO_PENDING ? "pending" : "did not pend");
  DWORD n = 0;
  WriteFile(client, "hello", 5, &n, NULL);
  WaitForSingleObject(completed, INFINITE);
  WaitForThreadpoolIoCallbacks(io, FALSE);

  StartThreadpoolIo(io);
  ok = ReadFile(server, buf, sizeof buf - 1, NULL, &ov);
  printf("main: read 2 %s\n", !ok && GetLastError() == ERROR_IO_PENDING ? "pending" : "did not pend");
  CloseHandle(client);
  WaitForSingleObject(completed, INFINITE);
  WaitForThreadpoolIoCallbacks(io, FALSE);

  StartThreadpoolIo(io);
  ok = ReadFile(server, buf, sizeof buf - 1, NULL, &ov);
  DWORD error = GetLastError();
  if (!ok && error != ERROR_IO_PENDING) CancelThreadpoolIo(io);
  printf("main: read 3 failed at once with %lu, CancelThreadpoolIo\n", error);
  WaitForThreadpoolIoCallbacks(io, FALSE);
  printf("main: %ld callbacks in all\n", calls);
  CloseThreadpoolIo(io);
  CloseHandle(server);
  CloseHandle(completed);
  return 0;
}
