/* Conformance probe: SignalObjectAndWait, PulseEvent, and waitable-timer
 * completion routines.
 *
 * SignalObjectAndWait signals its first object and waits for the second
 * (258 when the wait times out); it refuses a mutex the caller does not
 * own (WAIT_FAILED, 288), a semaphore at its maximum (298) and an object
 * that cannot be signalled, a thread (6).  PulseEvent releases both
 * waiters of a manual-reset event and one of an auto-reset event, and
 * leaves the event not signalled; with nobody waiting it does nothing.
 * A timer's completion routine runs on the thread that set the timer, in
 * its alertable wait, with its argument; one that fires while the thread
 * sleeps non-alertably runs at its next alertable wait; CancelWaitableTimer
 * drops it.
 *
 * How often it runs there is left out of the output: Windows runs it once
 * however often the timer fired (a timer has one APC object in the
 * Windows kernel, and queueing it while it is queued does nothing, which
 * tests/test_apc.c checks in the simulator), while Wine 8.0 ran it 1, 2
 * or 3 times after a periodic timer fired ten times, depending on the
 * machine's load (2 on an idle machine, in 6 runs of 6).
 *
 * The pulse needs its waiters asleep: each counts itself just before it
 * waits, and the pulse comes 200 ms after both counted.
 */
#include <stdio.h>
#include <windows.h>

static HANDLE event;
static volatile LONG released, waiting;
static int runs;
static void *routine_arg;

static DWORD WINAPI waiter(LPVOID arg) {
  (void)arg;
  InterlockedIncrement(&waiting);
  if (WaitForSingleObject(event, 1000) == WAIT_OBJECT_0) InterlockedIncrement(&released);
  return 0;
}

static void pulse(BOOL manual) {
  event = CreateEventA(NULL, manual, FALSE, NULL);
  released = waiting = 0;
  HANDLE t[2];
  for (int i = 0; i < 2; i++) t[i] = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
  for (int i = 0; i < 1000 && waiting < 2; i++) Sleep(10);
  Sleep(200);
  PulseEvent(event);
  BOOL still = WaitForSingleObject(event, 0) == WAIT_OBJECT_0;
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  printf("main: PulseEvent, %s event, two waiters: %ld released, signalled afterwards: %s\n",
         manual ? "manual-reset" : "auto-reset", released, still ? "yes" : "no");
  for (int i = 0; i < 2; i++) CloseHandle(t[i]);
  CloseHandle(event);
}

static void CALLBACK routine(LPVOID arg, DWORD low, DWORD high) {
  (void)low;
  (void)high;
  runs++;
  routine_arg = arg;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  HANDLE a = CreateEventA(NULL, FALSE, FALSE, NULL);
  HANDLE b = CreateEventA(NULL, FALSE, TRUE, NULL);
  DWORD r = SignalObjectAndWait(a, b, 0, FALSE);
  printf("main: signal an event, wait for a signalled one: %lu, the first is %s\n", r,
         WaitForSingleObject(a, 0) == WAIT_OBJECT_0 ? "signalled" : "not signalled");
  printf("main: wait for one not signalled, 10 ms: %lu\n", SignalObjectAndWait(a, b, 10, FALSE));
  HANDLE mutex = CreateMutexA(NULL, FALSE, NULL);
  SetLastError(0);
  r = SignalObjectAndWait(mutex, b, 0, FALSE);
  printf("main: a mutex the caller does not own: %#lx, error %lu\n", r, GetLastError());
  HANDLE sem = CreateSemaphoreA(NULL, 1, 1, NULL);
  SetLastError(0);
  r = SignalObjectAndWait(sem, b, 0, FALSE);
  printf("main: a semaphore at its maximum: %#lx, error %lu\n", r, GetLastError());
  SetLastError(0);
  r = SignalObjectAndWait(GetCurrentThread(), b, 0, FALSE);
  printf("main: a thread, which cannot be signalled: %#lx, error %lu\n", r, GetLastError());

  pulse(TRUE);
  pulse(FALSE);
  HANDLE e = CreateEventA(NULL, TRUE, FALSE, NULL);
  PulseEvent(e);
  printf("main: PulseEvent with nobody waiting: signalled afterwards: %s\n",
         WaitForSingleObject(e, 0) == WAIT_OBJECT_0 ? "yes" : "no");

  static int cookie;
  HANDLE timer = CreateWaitableTimerA(NULL, FALSE, NULL);
  LARGE_INTEGER due;
  due.QuadPart = -30 * 10000LL;
  SetWaitableTimer(timer, &due, 0, routine, &cookie, FALSE);
  r = SleepEx(INFINITE, TRUE);
  printf("main: a timer's routine: SleepEx returns %lu, routine runs: %d, argument %s\n", r, runs,
         routine_arg == &cookie ? "passed" : "wrong");
  runs = 0;
  due.QuadPart = -10 * 10000LL;
  SetWaitableTimer(timer, &due, 10, routine, &cookie, FALSE);
  Sleep(100);
  printf("main: a periodic timer during a non-alertable Sleep(100): routine runs: %d\n", runs);
  r = SleepEx(0, TRUE);
  printf("main: then SleepEx(0, TRUE) returns %lu, and the routine ran: %s\n", r, runs >= 1 ? "yes" : "no");
  runs = 0;
  Sleep(50);
  CancelWaitableTimer(timer);
  r = SleepEx(0, TRUE);
  printf("main: fired during a Sleep, then CancelWaitableTimer: SleepEx(0, TRUE) returns %lu, routine runs: %d\n", r, runs);
  CloseHandle(timer);
  CloseHandle(a);
  CloseHandle(b);
  CloseHandle(mutex);
  CloseHandle(sem);
  CloseHandle(e);
  return 0;
}
