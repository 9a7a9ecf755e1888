/* A port with concurrency value 1 lets one associated thread run at a
 * time.  Two threads wait on it and three packets are posted: the newest
 * waiter is released with the first packet, and the older waiter is not
 * released while it runs, even with packets queued.  When the running
 * thread calls GetQueuedCompletionStatus again it takes the next packet
 * itself, without a switch (Windows' KeRemoveQueue: the caller's own slot
 * is freed and refilled in the same call), so the older waiter never gets
 * a packet.  Every receipt asserts that no other thread is running for the
 * port, so exploring every schedule checks the limit. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static HANDLE g_port;
static LONG g_running;         /* threads between a receipt and their next wait */
static char g_log[2][16];      /* keys each waiter received, as digits */
static BOOL g_ok[2];
static DWORD g_err[2];

static DWORD WINAPI waiter(LPVOID arg) {
  int i = (int)(uintptr_t)arg;
  int n = 0;
  for (;;) {
    DWORD bytes = 0;
    ULONG_PTR key = 0;
    LPOVERLAPPED ov = NULL;
    if (!GetQueuedCompletionStatus(g_port, &bytes, &key, &ov, INFINITE)) {
      g_err[i] = GetLastError();
      return 0;
    }
    /* The port released this thread: nobody else may be running for it. */
    LONG running = InterlockedIncrement(&g_running);
    assert(running == 1);
    g_log[i][n++] = (char)('0' + key);
    /* Work on the packet without blocking: yielding keeps the thread
     * running as far as the port is concerned. */
    SwitchToThread();
    SwitchToThread();
    InterlockedDecrement(&g_running);
    if (key == 3) {
      g_ok[i] = TRUE;
      return 0;
    }
  }
}

int main(void) {
  g_port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
  HANDLE t[2];
  for (int i = 0; i < 2; i++) {
    t[i] = CreateThread(NULL, 0, waiter, (LPVOID)(uintptr_t)i, 0, NULL);
    Sleep(10); /* waiter i is blocked in the port after this */
  }
  for (ULONG_PTR key = 1; key <= 3; key++) PostQueuedCompletionStatus(g_port, 0, key, NULL);
  /* The newest waiter ends after the last packet; then closing the port
   * releases the other one. */
  WaitForSingleObject(t[1], INFINITE);
  CloseHandle(g_port);
  WaitForSingleObject(t[0], INFINITE);
  printf("newest waiter got keys [%s]\n", g_log[1]);
  printf("oldest waiter got keys [%s], then error %lu\n", g_log[0], g_err[0]);
  assert(g_ok[1] && g_log[1][0] == '1' && g_log[1][1] == '2' && g_log[1][2] == '3');
  assert(g_log[0][0] == 0 && g_err[0] == ERROR_ABANDONED_WAIT_0);
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  return 0;
}
