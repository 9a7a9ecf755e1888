/* The last error belongs to each thread: another thread's SetLastError,
 * even one that runs between a thread's SetLastError and GetLastError,
 * does not change what that thread reads. */
#include <windows.h>
#include <assert.h>

static LONG g_points;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  SetLastError(222);
  InterlockedIncrement(&g_points); /* a scheduling point between set and get */
  assert(GetLastError() == 222);
  return 0;
}

int main(void) {
  HANDLE h = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  SetLastError(111);
  InterlockedIncrement(&g_points);
  assert(GetLastError() == 111);
  WaitForSingleObject(h, INFINITE);
  CloseHandle(h);
  return 0;
}
