/* A thread blocked in GetQueuedCompletionStatusEx is released with exactly
 * one packet, even when several are posted before it runs again and it has
 * room for more; the others stay queued for the next call. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static HANDLE g_port, g_got_one, g_go;
static ULONG g_first, g_second;
static ULONG_PTR g_first_key, g_second_keys[8];

static DWORD WINAPI waiter(LPVOID arg) {
  (void)arg;
  OVERLAPPED_ENTRY e[8];
  ULONG n = 0;
  BOOL ok = GetQueuedCompletionStatusEx(g_port, e, 8, &n, INFINITE, FALSE);
  assert(ok);
  g_first = n;
  g_first_key = e[0].lpCompletionKey;
  SetEvent(g_got_one);
  WaitForSingleObject(g_go, INFINITE);
  ok = GetQueuedCompletionStatusEx(g_port, e, 8, &n, 0, FALSE);
  assert(ok);
  g_second = n;
  for (ULONG i = 0; i < n; i++) g_second_keys[i] = e[i].lpCompletionKey;
  return 0;
}

int main(void) {
  g_port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  g_got_one = CreateEventA(NULL, FALSE, FALSE, NULL);
  g_go = CreateEventA(NULL, FALSE, FALSE, NULL);
  HANDLE t = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
  /* After this sleep the waiter is blocked in the port (virtual time only
   * passes when no thread can run). */
  Sleep(10);
  for (ULONG_PTR key = 1; key <= 3; key++) PostQueuedCompletionStatus(g_port, 0, key, NULL);
  WaitForSingleObject(g_got_one, INFINITE);
  SetEvent(g_go);
  WaitForSingleObject(t, INFINITE);
  printf("blocked call, room for 8, 3 posted: %lu packet (key %lu)\n", g_first,
         (unsigned long)g_first_key);
  printf("next call: %lu packets (keys %lu %lu)\n", g_second, (unsigned long)g_second_keys[0],
         (unsigned long)g_second_keys[1]);
  assert(g_first == 1 && g_first_key == 1);
  assert(g_second == 2 && g_second_keys[0] == 2 && g_second_keys[1] == 3);
  CloseHandle(t);
  CloseHandle(g_go);
  CloseHandle(g_got_one);
  CloseHandle(g_port);
  return 0;
}
