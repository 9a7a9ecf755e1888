/* Thread-pool timers on virtual time: a one-shot timer due in 50 ms calls
 * back at t=50 and stays set (for IsThreadpoolTimerSet) until stopped; a
 * periodic one calls back every
 * 20 ms until it is stopped; a due time in the past (an absolute FILETIME
 * of 1601) calls back at once. */
#include <windows.h>
#include <stdio.h>

static volatile LONG g_calls;
static ULONGLONG g_at[8];

static void CALLBACK tick(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_TIMER timer) {
  (void)instance;
  (void)context;
  (void)timer;
  LONG n = InterlockedIncrement(&g_calls);
  if (n <= 8) g_at[n - 1] = GetTickCount64();
}

static FILETIME relative_ms(LONGLONG ms) {
  ULARGE_INTEGER due;
  due.QuadPart = (ULONGLONG)(-ms * 10000);
  FILETIME ft;
  ft.dwLowDateTime = due.LowPart;
  ft.dwHighDateTime = due.HighPart;
  return ft;
}

int main(void) {
  PTP_TIMER timer = CreateThreadpoolTimer(tick, NULL, NULL);
  FILETIME due = relative_ms(50);
  printf("before: set %d\n", IsThreadpoolTimerSet(timer));
  SetThreadpoolTimer(timer, &due, 0, 0);
  printf("after SetThreadpoolTimer: set %d\n", IsThreadpoolTimerSet(timer));
  Sleep(100);
  printf("one-shot: %ld call at t=%llu, set %d\n", g_calls, g_at[0], IsThreadpoolTimerSet(timer));

  g_calls = 0;
  ULONGLONG start = GetTickCount64();
  due = relative_ms(20);
  SetThreadpoolTimer(timer, &due, 20, 0);
  Sleep(70);
  SetThreadpoolTimer(timer, NULL, 0, 0);
  WaitForThreadpoolTimerCallbacks(timer, TRUE);
  printf("periodic, stopped after 70 ms: %ld calls, at +%llu, +%llu, +%llu\n", g_calls,
         g_at[0] - start, g_at[1] - start, g_at[2] - start);

  g_calls = 0;
  FILETIME past = {1, 0};
  start = GetTickCount64();
  SetThreadpoolTimer(timer, &past, 0, 0);
  Sleep(10);
  printf("due in the past: %ld call at +%llu\n", g_calls, g_at[0] - start);
  CloseThreadpoolTimer(timer);
  return 0;
}
