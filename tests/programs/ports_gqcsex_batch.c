/* GetQueuedCompletionStatusEx takes every queued packet it has room for in
 * one call, in FIFO order, without blocking: five packets queued and a
 * call for five returns all five; a call for three takes three and leaves
 * the rest for the next call.  A worker thread that would run if the main
 * thread ever blocked shows that it did not (in the default schedule, which
 * never preempts a thread that can go on). */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static LONG g_worker_ran;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  InterlockedExchange(&g_worker_ran, 1);
  return 0;
}

static void print_entries(const char *what, const OVERLAPPED_ENTRY *e, ULONG n) {
  printf("%s: %lu packets, keys", what, n);
  for (ULONG i = 0; i < n; i++) printf(" %lu", (unsigned long)e[i].lpCompletionKey);
  printf("\n");
}

int main(void) {
  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  for (ULONG_PTR key = 1; key <= 5; key++)
    PostQueuedCompletionStatus(port, (DWORD)key * 10, key, (LPOVERLAPPED)(key * 0x1000));
  /* The worker is ready from here on: it runs only if main blocks. */
  HANDLE t = CreateThread(NULL, 0, worker, NULL, 0, NULL);

  OVERLAPPED_ENTRY e[8];
  ULONG n = 99;
  BOOL ok = GetQueuedCompletionStatusEx(port, e, 5, &n, INFINITE, FALSE);
  LONG ran = InterlockedCompareExchange(&g_worker_ran, 0, 0);
  print_entries(ok ? "count 5" : "count 5 failed", e, n);
  printf("blocked: %s\n", ran ? "yes" : "no");
  assert(ok && n == 5);
  for (ULONG i = 0; i < n; i++) {
    assert(e[i].lpCompletionKey == i + 1);
    assert(e[i].dwNumberOfBytesTransferred == (i + 1) * 10);
    assert(e[i].lpOverlapped == (LPOVERLAPPED)((i + 1) * 0x1000));
  }

  for (ULONG_PTR key = 6; key <= 10; key++) PostQueuedCompletionStatus(port, 0, key, NULL);
  ok = GetQueuedCompletionStatusEx(port, e, 3, &n, INFINITE, FALSE);
  print_entries("count 3", e, n);
  assert(ok && n == 3 && e[0].lpCompletionKey == 6 && e[2].lpCompletionKey == 8);
  ok = GetQueuedCompletionStatusEx(port, e, 8, &n, INFINITE, FALSE);
  print_entries("count 8", e, n);
  assert(ok && n == 2 && e[0].lpCompletionKey == 9 && e[1].lpCompletionKey == 10);
  ran = InterlockedCompareExchange(&g_worker_ran, 0, 0);
  printf("blocked: %s\n", ran ? "yes" : "no");

  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  CloseHandle(port);
  return 0;
}
