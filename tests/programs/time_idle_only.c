/* Virtual time advances only when every thread is blocked or sleeping:
 * while the worker can run, the clock stands still, so main's Sleep(10)
 * cannot end before the worker has made all its calls. */
#include <windows.h>
#include <assert.h>

static LONG g_calls;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  for (int i = 0; i < 8; i++) {
    assert(GetTickCount64() == 0);
    InterlockedIncrement(&g_calls);
  }
  return 0;
}

int main(void) {
  HANDLE h = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  Sleep(10);
  assert(InterlockedCompareExchange(&g_calls, 0, 0) == 8);
  assert(GetTickCount64() == 10);
  WaitForSingleObject(h, INFINITE);
  CloseHandle(h);
  return 0;
}
