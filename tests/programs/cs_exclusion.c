/* A critical section admits one thread at a time: inside, each worker
 * counts itself in and out with scheduling points in between, and asserts
 * it is alone. */
#include <windows.h>
#include <assert.h>

static CRITICAL_SECTION g_cs;
static LONG g_inside;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  for (int i = 0; i < 2; i++) {
    EnterCriticalSection(&g_cs);
    LONG inside = InterlockedIncrement(&g_inside);
    assert(inside == 1);
    InterlockedDecrement(&g_inside);
    LeaveCriticalSection(&g_cs);
  }
  return 0;
}

int main(void) {
  InitializeCriticalSection(&g_cs);
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  t[1] = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  DeleteCriticalSection(&g_cs);
  return 0;
}
