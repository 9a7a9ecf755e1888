/* Completion-port order: three threads block in GetQueuedCompletionStatus
 * one after another, then three packets are posted in a row.  Packets come
 * out first in, first out, and blocked waiters are released last in, first
 * out, so the newest waiter gets the oldest packet.  The asserts state the
 * rule, so exploring every schedule checks it. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

#define WAITERS 3

static HANDLE g_port;
static ULONG_PTR g_key[WAITERS];

static DWORD WINAPI waiter(LPVOID arg) {
  int i = (int)(uintptr_t)arg;
  DWORD bytes = 0;
  ULONG_PTR key = 0;
  LPOVERLAPPED ov = NULL;
  BOOL ok = GetQueuedCompletionStatus(g_port, &bytes, &key, &ov, INFINITE);
  assert(ok);
  g_key[i] = key;
  return 0;
}

int main(void) {
  g_port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  HANDLE threads[WAITERS];
  for (int i = 0; i < WAITERS; i++) {
    threads[i] = CreateThread(NULL, 0, waiter, (LPVOID)(uintptr_t)i, 0, NULL);
    /* Virtual time passes only when no thread can run, so after this sleep
     * waiter i is blocked in the port, after every earlier waiter. */
    Sleep(10);
  }
  for (ULONG_PTR key = 1; key <= WAITERS; key++)
    PostQueuedCompletionStatus(g_port, (DWORD)key * 100, key, NULL);
  WaitForMultipleObjects(WAITERS, threads, TRUE, INFINITE);
  for (int i = 0; i < WAITERS; i++) {
    printf("waiter %d (blocked %s) got key %lu\n", i + 1,
           i == 0 ? "first" : i == WAITERS - 1 ? "last" : "second", (unsigned long)g_key[i]);
    /* The newest waiter gets the oldest packet. */
    assert(g_key[i] == (ULONG_PTR)(WAITERS - i));
    CloseHandle(threads[i]);
  }
  CloseHandle(g_port);
  return 0;
}
