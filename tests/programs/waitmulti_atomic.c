/* A blocked wait-all takes its objects atomically: while it still lacks one
 * object it holds none, so another thread waiting for only one of them gets
 * it.  Thread X waits for all of {A, B}, thread Y for A alone; the asserts
 * check every step in every schedule. */
#include <windows.h>
#include <assert.h>

static HANDLE g_a, g_b;
static LONG g_x_done, g_y_done;

static DWORD WINAPI wants_both(LPVOID arg) {
  (void)arg;
  HANDLE both[2] = {g_a, g_b};
  WaitForMultipleObjects(2, both, TRUE, INFINITE);
  InterlockedExchange(&g_x_done, 1);
  return 0;
}

static DWORD WINAPI wants_a(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(g_a, INFINITE);
  InterlockedExchange(&g_y_done, 1);
  return 0;
}

static LONG read(LONG volatile *p) { return InterlockedCompareExchange(p, 0, 0); }

int main(void) {
  g_a = CreateEventA(NULL, FALSE, FALSE, NULL);
  g_b = CreateEventA(NULL, FALSE, FALSE, NULL);
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, wants_both, NULL, 0, NULL);
  t[1] = CreateThread(NULL, 0, wants_a, NULL, 0, NULL);
  Sleep(10); /* both block */
  SetEvent(g_a);
  Sleep(10);
  assert(read(&g_y_done) == 1 && read(&g_x_done) == 0);
  SetEvent(g_b);
  Sleep(10);
  assert(read(&g_x_done) == 0); /* A was taken by Y */
  SetEvent(g_a);
  Sleep(10);
  assert(read(&g_x_done) == 1);
  assert(WaitForSingleObject(g_a, 0) == WAIT_TIMEOUT);
  assert(WaitForSingleObject(g_b, 0) == WAIT_TIMEOUT);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  CloseHandle(g_a);
  CloseHandle(g_b);
  return 0;
}
