/* State cache: the runs differ only in what a woken thread's wait will
 * return when it runs again.
 *
 * The waiter blocks on two auto-reset events before the racers start
 * (main's Sleep lets virtual time pass only once every other thread is
 * blocked).  The racer that wins sets its own event, which wakes the
 * waiter with that event's index and resets it, so both events end up
 * unsignalled whoever won.  If the waiter has not run again by the time
 * main has set `past_cut` and reaches its next call, the two states differ
 * only in the pending wait result (WAIT_OBJECT_0 or WAIT_OBJECT_0 + 1): a
 * fingerprint that left it out would take them for one, and lose one of
 * the outcomes "woken by event N after main's cut", which no other state
 * leads to. */
#include <windows.h>
#include <stdio.h>

static HANDLE ev[2];
static volatile LONG first, past_cut;

static DWORD WINAPI waiter(LPVOID unused) {
  (void)unused;
  DWORD r = WaitForMultipleObjects(2, ev, FALSE, INFINITE);
  LONG after = past_cut;
  printf("woken by event %lu %s main's cut\n", (unsigned long)(r - WAIT_OBJECT_0), after ? "after" : "before");
  return 0;
}

static DWORD WINAPI racer(LPVOID param) {
  LONG me = (LONG)(INT_PTR)param;
  if (InterlockedCompareExchange(&first, me, 0) == 0) SetEvent(ev[me - 1]);
  return 0;
}

int main(void) {
  ev[0] = CreateEventA(NULL, FALSE, FALSE, NULL);
  ev[1] = CreateEventA(NULL, FALSE, FALSE, NULL);
  HANDLE w = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
  Sleep(10);
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, racer, (LPVOID)(INT_PTR)1, 0, NULL);
  t[1] = CreateThread(NULL, 0, racer, (LPVOID)(INT_PTR)2, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  first = 0;
  past_cut = 1;
  Sleep(1);
  WaitForSingleObject(w, INFINITE);
  CloseHandle(w);
  CloseHandle(ev[0]);
  CloseHandle(ev[1]);
  return 0;
}
