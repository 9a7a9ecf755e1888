/* Thread-pool waits: one callback per SetThreadpoolWait, with
 * WAIT_OBJECT_0 when the object is signalled (an auto-reset event is
 * reset by it) or WAIT_TIMEOUT when the timeout passes first. */
#include <windows.h>
#include <stdio.h>

static volatile LONG g_calls;
static TP_WAIT_RESULT g_result;
static ULONGLONG g_at;

static void CALLBACK waited(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WAIT wait,
                            TP_WAIT_RESULT result) {
  (void)instance;
  (void)context;
  (void)wait;
  g_result = result;
  g_at = GetTickCount64();
  InterlockedIncrement(&g_calls);
}

int main(void) {
  HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
  PTP_WAIT wait = CreateThreadpoolWait(waited, NULL, NULL);
  SetThreadpoolWait(wait, event, NULL);
  Sleep(30);
  SetEvent(event);
  Sleep(10);
  printf("signalled at t=30: %ld call, %s, at t=%llu, event left %s\n", g_calls,
         g_result == WAIT_OBJECT_0 ? "WAIT_OBJECT_0" : "WAIT_TIMEOUT", g_at,
         WaitForSingleObject(event, 0) == WAIT_TIMEOUT ? "reset" : "set");
  SetEvent(event);
  Sleep(10);
  printf("signalled again without a new SetThreadpoolWait: %ld call\n", g_calls);
  ResetEvent(event);

  FILETIME timeout;
  ULARGE_INTEGER t;
  t.QuadPart = (ULONGLONG)(-20 * 10000LL);
  timeout.dwLowDateTime = t.LowPart;
  timeout.dwHighDateTime = t.HighPart;
  ULONGLONG start = GetTickCount64();
  SetThreadpoolWait(wait, event, &timeout);
  Sleep(50);
  printf("not signalled, 20 ms timeout: %ld calls, the last %s at +%llu\n", g_calls,
         g_result == WAIT_OBJECT_0 ? "WAIT_OBJECT_0" : "WAIT_TIMEOUT", g_at - start);
  WaitForThreadpoolWaitCallbacks(wait, FALSE);
  CloseThreadpoolWait(wait);
  CloseHandle(event);
  return 0;
}
