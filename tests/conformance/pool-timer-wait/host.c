/* Conformance probe: thread-pool timers and waits.
 *
 * A one-shot timer is set from SetThreadpoolTimer on, and still set after
 * it fired (Wine's tests check this on Windows); a periodic timer
 * fires again and again until SetThreadpoolTimer(NULL) stops it, and no
 * callback comes once WaitForThreadpoolTimerCallbacks(TRUE) returned; a
 * due time in the past (an absolute FILETIME of 1601) fires at once.  A
 * thread-pool wait calls back once with WAIT_OBJECT_0 when its event is
 * set, and takes the signal of an auto-reset event; setting the event
 * again brings no callback until the wait is set again; a wait whose
 * timeout passes first calls back with WAIT_TIMEOUT.  (Counts and orders
 * only: the exact times depend on a real clock under Wine.)
 */
#include <stdio.h>
#include <windows.h>

static volatile LONG ticks;
static HANDLE third_tick, waited_event;
static volatile TP_WAIT_RESULT result;
static volatile LONG waits;

static void CALLBACK tick(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_TIMER timer) {
  (void)instance;
  (void)timer;
  if (InterlockedIncrement(&ticks) == 3 || context) SetEvent(third_tick);
}

static void CALLBACK waited(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WAIT wait,
                            TP_WAIT_RESULT r) {
  (void)instance;
  (void)context;
  (void)wait;
  result = r;
  InterlockedIncrement(&waits);
  SetEvent(waited_event);
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
  setvbuf(stdout, NULL, _IONBF, 0);
  third_tick = CreateEventA(NULL, FALSE, FALSE, NULL);
  waited_event = CreateEventA(NULL, FALSE, FALSE, NULL);

  PTP_TIMER timer = CreateThreadpoolTimer(tick, (PVOID)1, NULL);
  FILETIME due = relative_ms(50);
  printf("main: a new timer is set: %d\n", IsThreadpoolTimerSet(timer));
  SetThreadpoolTimer(timer, &due, 0, 0);
  printf("main: after SetThreadpoolTimer it is set: %d\n", IsThreadpoolTimerSet(timer));
  WaitForSingleObject(third_tick, INFINITE);
  WaitForThreadpoolTimerCallbacks(timer, FALSE);
  printf("main: the one-shot timer fired %ld time and is still set: %d\n", ticks, IsThreadpoolTimerSet(timer));
  CloseThreadpoolTimer(timer);

  ticks = 0;
  timer = CreateThreadpoolTimer(tick, NULL, NULL);
  due = relative_ms(10);
  SetThreadpoolTimer(timer, &due, 10, 0);
  WaitForSingleObject(third_tick, INFINITE);
  SetThreadpoolTimer(timer, NULL, 0, 0);
  WaitForThreadpoolTimerCallbacks(timer, TRUE);
  LONG stopped_at = ticks;
  Sleep(100);
  printf("main: the periodic timer fired at least 3 times: %s, none after it stopped: %s\n",
         stopped_at >= 3 ? "yes" : "no", ticks == stopped_at ? "yes" : "no");
  CloseThreadpoolTimer(timer);

  ticks = 0;
  timer = CreateThreadpoolTimer(tick, (PVOID)1, NULL);
  FILETIME past = {1, 0};
  SetThreadpoolTimer(timer, &past, 0, 0);
  DWORD w = WaitForSingleObject(third_tick, 10000);
  printf("main: a due time in the past fires: %s\n", w == WAIT_OBJECT_0 ? "yes" : "no");
  WaitForThreadpoolTimerCallbacks(timer, FALSE);
  CloseThreadpoolTimer(timer);

  HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
  PTP_WAIT wait = CreateThreadpoolWait(waited, NULL, NULL);
  SetThreadpoolWait(wait, event, NULL);
  Sleep(50);
  SetEvent(event);
  WaitForSingleObject(waited_event, INFINITE);
  WaitForThreadpoolWaitCallbacks(wait, FALSE);
  printf("main: the wait called back %ld time with %s, and took the event's signal: %s\n", waits,
         result == WAIT_OBJECT_0 ? "WAIT_OBJECT_0" : "WAIT_TIMEOUT",
         WaitForSingleObject(event, 0) == WAIT_TIMEOUT ? "yes" : "no");
  SetEvent(event);
  Sleep(100);
  printf("main: the event set again without a new SetThreadpoolWait: %ld call\n", waits);
  ResetEvent(event);
  due = relative_ms(30);
  SetThreadpoolWait(wait, event, &due);
  WaitForSingleObject(waited_event, INFINITE);
  WaitForThreadpoolWaitCallbacks(wait, FALSE);
  printf("main: a wait whose timeout passed: call %ld with %s\n", waits,
         result == WAIT_OBJECT_0 ? "WAIT_OBJECT_0" : "WAIT_TIMEOUT");
  CloseThreadpoolWait(wait);
  CloseHandle(event);
  CloseHandle(third_tick);
  CloseHandle(waited_event);
  return 0;
}
