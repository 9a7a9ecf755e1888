/* Waitable-timer completion routines: queued to the thread that set the
 * timer, run in its alertable waits, with the argument and the time the
 * timer fired; a non-alertable wait leaves it queued (one at most per
 * timer, however often it fired), and cancelling the timer drops it. */
#include <windows.h>
#include <stdio.h>

static int g_runs;
static ULONGLONG g_fired_at;
static void *g_arg;

static void CALLBACK routine(LPVOID arg, DWORD low, DWORD high) {
  g_runs++;
  g_arg = arg;
  g_fired_at = ((ULONGLONG)high << 32) | low;
}

int main(void) {
  static int cookie;
  HANDLE timer = CreateWaitableTimerA(NULL, FALSE, NULL);
  LARGE_INTEGER due;
  due.QuadPart = -30 * 10000LL;
  SetWaitableTimer(timer, &due, 0, routine, &cookie, FALSE);
  DWORD r = SleepEx(INFINITE, TRUE);
  printf("SleepEx(INFINITE, TRUE): %lu at t=%llu, %d run, argument %s, fired 30 ms into 2024%s\n", r,
         GetTickCount64(), g_runs, g_arg == &cookie ? "passed" : "wrong",
         g_fired_at == 133485408000000000ULL + 300000ULL ? "" : "(wrong time)");

  g_runs = 0;
  SetWaitableTimer(timer, &due, 10, routine, &cookie, FALSE);
  for (int i = 0; i < 3; i++) SleepEx(INFINITE, TRUE);
  printf("periodic: %d runs in three alertable sleeps\n", g_runs);

  g_runs = 0;
  Sleep(25);
  printf("a non-alertable Sleep(25) while it fired twice: %d runs\n", g_runs);
  r = SleepEx(0, TRUE);
  printf("then SleepEx(0, TRUE): %lu, %d run\n", r, g_runs);

  g_runs = 0;
  Sleep(15);
  CancelWaitableTimer(timer);
  r = SleepEx(0, TRUE);
  printf("fired during a Sleep, then CancelWaitableTimer: SleepEx(0, TRUE) %lu, %d runs\n", r, g_runs);
  CloseHandle(timer);
  return 0;
}
