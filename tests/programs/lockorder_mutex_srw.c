/* Lock order covers every kind of lock, not only critical sections: one
 * thread holds a mutex and takes an SRW lock exclusively, another holds
 * the SRW lock shared and waits for the mutex.  Interleaved, each waits
 * for the other (a shared holder blocks an exclusive acquirer). */
#include <windows.h>
#include <stdio.h>

static HANDLE g_mutex;
static SRWLOCK g_srw = SRWLOCK_INIT;

static DWORD WINAPI mutex_then_srw(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(g_mutex, INFINITE);
  AcquireSRWLockExclusive(&g_srw);
  ReleaseSRWLockExclusive(&g_srw);
  ReleaseMutex(g_mutex);
  return 0;
}

static DWORD WINAPI srw_then_mutex(LPVOID arg) {
  (void)arg;
  AcquireSRWLockShared(&g_srw);
  WaitForSingleObject(g_mutex, INFINITE);
  ReleaseMutex(g_mutex);
  ReleaseSRWLockShared(&g_srw);
  return 0;
}

int main(void) {
  g_mutex = CreateMutexA(NULL, FALSE, "order-mutex");
  HANDLE h[2];
  h[0] = CreateThread(NULL, 0, mutex_then_srw, NULL, 0, NULL);
  h[1] = CreateThread(NULL, 0, srw_then_mutex, NULL, 0, NULL);
  WaitForMultipleObjects(2, h, TRUE, INFINITE);
  CloseHandle(h[0]);
  CloseHandle(h[1]);
  CloseHandle(g_mutex);
  puts("both threads done");
  return 0;
}
