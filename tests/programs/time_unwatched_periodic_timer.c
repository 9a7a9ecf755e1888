/* A periodic timer nobody waits on does not drive virtual time
 * (sim/timer.c): time jumps only to deadlines somebody waits for, so a run
 * that deadlocks beside such a timer is a deadlock at the time it got
 * stuck, not a run that ticks on forever.  The timer is still brought up
 * to date when time passes its due time anyway: after a 25 ms sleep, a
 * timer due every 10 ms is signalled. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  HANDLE timer = CreateWaitableTimerA(NULL, TRUE, NULL);
  LARGE_INTEGER due;
  due.QuadPart = -10 * 10000LL; /* 10 ms from now, relative */
  SetWaitableTimer(timer, &due, 10, NULL, NULL, FALSE);
  Sleep(25);
  printf("at %llu ms the timer is %s\n", GetTickCount64(),
         WaitForSingleObject(timer, 0) == WAIT_OBJECT_0 ? "signalled" : "not signalled");
  HANDLE never = CreateEventA(NULL, TRUE, FALSE, NULL);
  WaitForSingleObject(never, INFINITE); /* nobody sets it: a deadlock */
  return 0;
}
