/* Closing a completion port drops the packets still queued in it: nobody
 * ever receives them.  The main thread takes the only slot of a port with
 * concurrency 1 (it dequeued a packet and keeps running), so a packet
 * posted while a worker waits stays queued; closing the port then wakes
 * the worker with ERROR_ABANDONED_WAIT_0 instead of handing it that
 * packet.  A new port, which gets the same handle value, is empty.  The
 * asserts state the rule for every schedule. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static HANDLE g_port;
static BOOL g_ok;
static DWORD g_err;
static ULONG_PTR g_key;

static DWORD WINAPI waiter(LPVOID arg) {
  (void)arg;
  DWORD bytes = 0;
  LPOVERLAPPED ov = NULL;
  g_ok = GetQueuedCompletionStatus(g_port, &bytes, &g_key, &ov, INFINITE);
  g_err = GetLastError();
  return 0;
}

int main(void) {
  g_port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
  DWORD bytes = 0;
  ULONG_PTR key = 0;
  LPOVERLAPPED ov = NULL;
  /* Dequeuing a packet makes main the one thread the port lets run. */
  PostQueuedCompletionStatus(g_port, 0, 1, NULL);
  GetQueuedCompletionStatus(g_port, &bytes, &key, &ov, 0);
  HANDLE t = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
  /* After this sleep the worker is blocked in the port; main, awake again,
   * counts as running for the port once more. */
  Sleep(10);
  PostQueuedCompletionStatus(g_port, 0, 2, NULL);
  HANDLE old = g_port;
  CloseHandle(g_port);
  WaitForSingleObject(t, INFINITE);
  printf("worker: %s, key %lu, error %lu\n", g_ok ? "TRUE" : "FALSE", (unsigned long)g_key, g_err);
  assert(!g_ok && g_key == 0 && g_err == ERROR_ABANDONED_WAIT_0);

  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
  BOOL ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0);
  DWORD err = GetLastError();
  printf("a new port (%s handle value): %s, error %lu\n", port == old ? "same" : "another",
         ok ? "TRUE" : "FALSE", err);
  assert(!ok && err == WAIT_TIMEOUT);
  CloseHandle(port);
  CloseHandle(t);
  return 0;
}
