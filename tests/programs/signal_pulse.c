/* SignalObjectAndWait's results and errors, and PulseEvent. */
#include <windows.h>
#include <stdio.h>

static HANDLE g_event;
static volatile LONG g_released;

static DWORD WINAPI waiter(LPVOID arg) {
  (void)arg;
  if (WaitForSingleObject(g_event, 1000) == WAIT_OBJECT_0) InterlockedIncrement(&g_released);
  return 0;
}

static void pulse(BOOL manual) {
  g_event = CreateEventA(NULL, manual, FALSE, NULL);
  g_released = 0;
  HANDLE t[2];
  for (int i = 0; i < 2; i++) t[i] = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
  Sleep(100);
  PulseEvent(g_event);
  Sleep(100);
  LONG released = g_released;
  BOOL still = WaitForSingleObject(g_event, 0) == WAIT_OBJECT_0;
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  printf("PulseEvent, %s event, two waiters: %ld released, signalled afterwards: %s\n",
         manual ? "manual-reset" : "auto-reset", released, still ? "yes" : "no");
  for (int i = 0; i < 2; i++) CloseHandle(t[i]);
  CloseHandle(g_event);
}

int main(void) {
  HANDLE a = CreateEventA(NULL, FALSE, FALSE, NULL);
  HANDLE b = CreateEventA(NULL, FALSE, TRUE, NULL);
  DWORD r = SignalObjectAndWait(a, b, 0, FALSE);
  printf("signal an event, wait for a signalled one: %lu, the first is %s\n", r,
         WaitForSingleObject(a, 0) == WAIT_OBJECT_0 ? "signalled" : "not signalled");
  r = SignalObjectAndWait(a, b, 10, FALSE);
  printf("wait for one not signalled, 10 ms: %lu\n", r);
  HANDLE mutex = CreateMutexA(NULL, FALSE, NULL);
  SetLastError(0);
  r = SignalObjectAndWait(mutex, b, 0, FALSE);
  printf("a mutex the caller does not own: %#lx, error %lu\n", r, GetLastError());
  HANDLE sem = CreateSemaphoreA(NULL, 1, 1, NULL);
  SetLastError(0);
  r = SignalObjectAndWait(sem, b, 0, FALSE);
  printf("a semaphore at its maximum: %#lx, error %lu\n", r, GetLastError());
  SetLastError(0);
  r = SignalObjectAndWait(GetCurrentThread(), b, 0, FALSE);
  printf("a thread, which cannot be signalled: %#lx, error %lu\n", r, GetLastError());
  pulse(TRUE);
  pulse(FALSE);
  HANDLE e = CreateEventA(NULL, TRUE, FALSE, NULL);
  PulseEvent(e);
  printf("PulseEvent with nobody waiting: signalled afterwards: %s\n",
         WaitForSingleObject(e, 0) == WAIT_OBJECT_0 ? "yes" : "no");
  CloseHandle(a);
  CloseHandle(b);
  CloseHandle(mutex);
  CloseHandle(sem);
  CloseHandle(e);
  return 0;
}
