/* A waiter the port has already handed a packet keeps it when the port is
 * closed before the waiter runs again: the packet was its own from the
 * moment of the post.  main posts and closes straight away (in the default
 * schedule the waiter has not run in between); the assert states the rule
 * for every schedule. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static HANDLE g_port;
static OVERLAPPED g_ov;
static LONG g_closed;

static DWORD WINAPI waiter(LPVOID arg) {
  (void)arg;
  DWORD bytes = 0;
  ULONG_PTR key = 0;
  LPOVERLAPPED ov = NULL;
  BOOL ok = GetQueuedCompletionStatus(g_port, &bytes, &key, &ov, INFINITE);
  DWORD err = ok ? 0 : GetLastError();
  LONG closed = InterlockedCompareExchange(&g_closed, 0, 0);
  printf("waiter: %s, key %lu, %lu bytes, overlapped %s, error %lu, port closed %s\n",
         ok ? "TRUE" : "FALSE", (unsigned long)key, bytes, ov == &g_ov ? "the posted one" : "other",
         err, closed ? "before it returned" : "after it returned");
  assert(ok && key == 7 && bytes == 64 && ov == &g_ov);
  return 0;
}

int main(void) {
  g_port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  HANDLE t = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
  /* After this sleep the waiter is blocked in the port. */
  Sleep(10);
  PostQueuedCompletionStatus(g_port, 64, 7, &g_ov);
  CloseHandle(g_port);
  InterlockedExchange(&g_closed, 1);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  return 0;
}
