/* Waitable timers on virtual time.  A manual-reset timer due in 100 ms is
 * not signalled before then, signals exactly 100 ms later, and stays
 * signalled.  A periodic synchronization timer (due in 50 ms, period
 * 30 ms) releases a waiter at 50, 80 and 110 ms: it re-arms itself, and
 * each release resets it.  A cancelled timer never signals: a 200 ms wait
 * on it times out. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static LARGE_INTEGER in_ms(LONGLONG ms) {
  LARGE_INTEGER due;
  due.QuadPart = -ms * 10000; /* relative, in 100 ns units */
  return due;
}

int main(void) {
  HANDLE manual = CreateWaitableTimerA(NULL, TRUE, NULL);
  LARGE_INTEGER due = in_ms(100);
  ULONGLONG t0 = GetTickCount64();
  SetWaitableTimer(manual, &due, 0, NULL, NULL, FALSE);
  DWORD early = WaitForSingleObject(manual, 60);
  ULONGLONG t1 = GetTickCount64();
  printf("manual timer, wait 60 ms: %s at %llu ms\n",
         early == WAIT_TIMEOUT ? "WAIT_TIMEOUT" : "signalled", t1 - t0);
  assert(early == WAIT_TIMEOUT && t1 - t0 == 60);
  DWORD r = WaitForSingleObject(manual, INFINITE);
  ULONGLONG t2 = GetTickCount64();
  printf("manual timer, wait INFINITE: %s at %llu ms\n",
         r == WAIT_OBJECT_0 ? "WAIT_OBJECT_0" : "other", t2 - t0);
  assert(r == WAIT_OBJECT_0 && t2 - t0 == 100);
  r = WaitForSingleObject(manual, 0);
  printf("manual timer afterwards: %s\n", r == WAIT_OBJECT_0 ? "still signalled" : "not signalled");
  assert(r == WAIT_OBJECT_0);

  HANDLE periodic = CreateWaitableTimerA(NULL, FALSE, NULL);
  due = in_ms(50);
  ULONGLONG p0 = GetTickCount64();
  SetWaitableTimer(periodic, &due, 30, NULL, NULL, FALSE);
  printf("periodic timer released a waiter at");
  for (int i = 0; i < 3; i++) {
    r = WaitForSingleObject(periodic, INFINITE);
    ULONGLONG at = GetTickCount64() - p0;
    printf(" %llu", at);
    assert(r == WAIT_OBJECT_0 && at == 50 + 30 * (ULONGLONG)i);
    /* A synchronization timer is reset by the wait it satisfies. */
    assert(WaitForSingleObject(periodic, 0) == WAIT_TIMEOUT);
  }
  printf(" ms\n");
  CancelWaitableTimer(periodic);
  ULONGLONG c0 = GetTickCount64();
  r = WaitForSingleObject(periodic, 200);
  printf("cancelled timer, wait 200 ms: %s after %llu ms\n",
         r == WAIT_TIMEOUT ? "WAIT_TIMEOUT" : "signalled", GetTickCount64() - c0);
  assert(r == WAIT_TIMEOUT);

  CloseHandle(periodic);
  CloseHandle(manual);
  return 0;
}
