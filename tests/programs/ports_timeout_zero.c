/* A timeout of 0 polls: on an empty port GetQueuedCompletionStatus returns
 * FALSE at once with *lpOverlapped set to NULL and GetLastError
 * WAIT_TIMEOUT (258); GetQueuedCompletionStatusEx likewise removes nothing.
 * A worker thread that would run if the main thread ever blocked, and the
 * tick count, show that the first poll did not wait.  (A second poll in a
 * row is a spinning thread, which gives way to the worker: see
 * kernel/sched.c.)  A poll with a packet queued returns the packet. */
#include <windows.h>
#include <stdio.h>

static volatile LONG g_worker_ran;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  InterlockedExchange(&g_worker_ran, 1);
  return 0;
}

int main(void) {
  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  /* The worker is ready from here on: it runs only if main blocks. */
  HANDLE t = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  OVERLAPPED dummy;
  DWORD bytes = 77;
  ULONG_PTR key = 77;
  LPOVERLAPPED ov = &dummy;
  ULONGLONG start = GetTickCount64();
  SetLastError(0);
  BOOL ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0);
  DWORD err = GetLastError();
  printf("GQCS(0) on an empty port: %s, overlapped %s, error %lu\n", ok ? "TRUE" : "FALSE",
         ov ? "not NULL" : "NULL", err);
  printf("time passed: %llu ms, worker ran: %s\n", GetTickCount64() - start,
         g_worker_ran ? "yes" : "no");

  OVERLAPPED_ENTRY e[4];
  ULONG n = 99;
  SetLastError(0);
  ok = GetQueuedCompletionStatusEx(port, e, 4, &n, 0, FALSE);
  err = GetLastError();
  printf("GQCSEx(0) on an empty port: %s, %lu removed, error %lu\n", ok ? "TRUE" : "FALSE", n, err);

  PostQueuedCompletionStatus(port, 5, 42, &dummy);
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0);
  printf("GQCS(0) with a packet queued: %s, key %lu, %lu bytes, overlapped %s\n",
         ok ? "TRUE" : "FALSE", (unsigned long)key, bytes, ov == &dummy ? "the posted one" : "wrong");

  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  CloseHandle(port);
  return 0;
}
