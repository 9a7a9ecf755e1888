/* Benchmark program: two threads, each entering and leaving one critical
 * section 100 times (the reference workload for schedules/s). */
#include <windows.h>

static CRITICAL_SECTION lock;
static int counter;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  for (int i = 0; i < 100; i++) {
    EnterCriticalSection(&lock);
    counter++;
    LeaveCriticalSection(&lock);
  }
  return 0;
}

int main(void) {
  InitializeCriticalSection(&lock);
  HANDLE t[2];
  for (int i = 0; i < 2; i++) t[i] = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  for (int i = 0; i < 2; i++) CloseHandle(t[i]);
  DeleteCriticalSection(&lock);
  return counter == 200 ? 0 : 1;
}
