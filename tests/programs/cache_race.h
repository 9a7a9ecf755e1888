/* The shape of the state-cache test programs (tests/unit/test_state_cache.c):
 * two threads race, and the one that gets there first does one thing
 * (winner) that leaves a trace in one part of the process's state and
 * nowhere else; then the main thread, alone, forgets who won and reaches a
 * cut point (Sleep), and afterwards does something whose outcome depends
 * on that trace (after).  A state cache that left that part of the state
 * out of its fingerprint would take the two states for one and lose the
 * outcomes of one of them.
 *
 * Each program defines before (in main, before the threads), winner (in
 * the thread that won, with its number, 1 or 2), loser (in the other) and
 * after (in main, after the cut point).  main_local points to a local
 * variable of main's. */
#include <windows.h>
#include <stdio.h>

static void before(void);
static void winner(LONG me);
static void loser(LONG me);
static void after(void);

static volatile LONG first;
/* A local variable of main's, on the main thread's stack. */
static int *volatile main_local;

static DWORD WINAPI racer(LPVOID param) {
  LONG me = (LONG)(INT_PTR)param;
  if (InterlockedCompareExchange(&first, me, 0) == 0) winner(me);
  else loser(me);
  return 0;
}

int main(void) {
  volatile int local = 0;
  main_local = (int *)&local;
  before();
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, racer, (LPVOID)(INT_PTR)1, 0, NULL);
  t[1] = CreateThread(NULL, 0, racer, (LPVOID)(INT_PTR)2, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  first = 0;
  Sleep(1);
  after();
  return 0;
}
