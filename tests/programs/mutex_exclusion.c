/* A mutex admits one thread at a time: inside, each worker counts itself
 * in and out with scheduling points in between, and asserts it is alone. */
#include <windows.h>
#include <assert.h>

static HANDLE g_mutex;
static LONG g_inside;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  for (int i = 0; i < 2; i++) {
    WaitForSingleObject(g_mutex, INFINITE);
    LONG inside = InterlockedIncrement(&g_inside);
    assert(inside == 1);
    InterlockedDecrement(&g_inside);
    ReleaseMutex(g_mutex);
  }
  return 0;
}

int main(void) {
  g_mutex = CreateMutexA(NULL, FALSE, NULL);
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  t[1] = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  CloseHandle(g_mutex);
  return 0;
}
