/* Closing the last handle of a completion port wakes the threads blocked
 * in it: GetQueuedCompletionStatus returns FALSE with *lpOverlapped NULL
 * and GetLastError ERROR_ABANDONED_WAIT_0 (735), and
 * GetQueuedCompletionStatusEx returns FALSE with nothing removed and the
 * same error.  The asserts state the rule, so exploring every schedule
 * checks it. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static HANDLE g_port;
static BOOL g_ok[2];
static DWORD g_err[2];
static LPOVERLAPPED g_ov;
static ULONG g_removed = 99;

static DWORD WINAPI gqcs_waiter(LPVOID arg) {
  (void)arg;
  OVERLAPPED dummy;
  DWORD bytes = 0;
  ULONG_PTR key = 0;
  LPOVERLAPPED ov = &dummy;
  g_ok[0] = GetQueuedCompletionStatus(g_port, &bytes, &key, &ov, INFINITE);
  g_err[0] = GetLastError();
  g_ov = ov;
  return 0;
}

static DWORD WINAPI gqcsex_waiter(LPVOID arg) {
  (void)arg;
  OVERLAPPED_ENTRY e[4];
  g_ok[1] = GetQueuedCompletionStatusEx(g_port, e, 4, &g_removed, INFINITE, FALSE);
  g_err[1] = GetLastError();
  return 0;
}

int main(void) {
  g_port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, gqcs_waiter, NULL, 0, NULL);
  t[1] = CreateThread(NULL, 0, gqcsex_waiter, NULL, 0, NULL);
  /* After this sleep both threads are blocked in the port (virtual time
   * only passes when no thread can run). */
  Sleep(10);
  CloseHandle(g_port);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  printf("GQCS: %s, error %lu, overlapped %s\n", g_ok[0] ? "TRUE" : "FALSE", g_err[0],
         g_ov ? "not NULL" : "NULL");
  printf("GQCSEx: %s, error %lu, %lu removed\n", g_ok[1] ? "TRUE" : "FALSE", g_err[1], g_removed);
  assert(!g_ok[0] && g_err[0] == ERROR_ABANDONED_WAIT_0 && !g_ov);
  assert(!g_ok[1] && g_err[1] == ERROR_ABANDONED_WAIT_0 && g_removed == 0);
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  return 0;
}
