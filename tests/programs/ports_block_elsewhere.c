/* A thread running for a port that blocks on something else
 * (WaitForSingleObject here) no longer counts against the port's
 * concurrency value, so the port releases another waiter with a queued
 * packet; when the first thread wakes it counts again.  Port with
 * concurrency 1, two waiters, two packets: the newest waiter takes the
 * first packet and waits on an event; only then is the older waiter
 * released with the second packet, and it sets the event. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static HANDLE g_port, g_event;
static LONG g_first_waiting;   /* the newest waiter is inside its event wait */
static ULONG_PTR g_key[2];
static LONG g_order;           /* receipt order, to print */
static LONG g_rank[2];

static DWORD WINAPI newest(LPVOID arg) {
  (void)arg;
  DWORD bytes = 0;
  LPOVERLAPPED ov = NULL;
  BOOL ok = GetQueuedCompletionStatus(g_port, &bytes, &g_key[1], &ov, INFINITE);
  assert(ok);
  g_rank[1] = InterlockedIncrement(&g_order);
  /* Running for the port without blocking: the older waiter stays put. */
  SwitchToThread();
  SwitchToThread();
  assert(g_rank[0] == 0);
  InterlockedExchange(&g_first_waiting, 1);
  WaitForSingleObject(g_event, INFINITE);
  InterlockedExchange(&g_first_waiting, 0);
  return 0;
}

static DWORD WINAPI oldest(LPVOID arg) {
  (void)arg;
  DWORD bytes = 0;
  LPOVERLAPPED ov = NULL;
  BOOL ok = GetQueuedCompletionStatus(g_port, &bytes, &g_key[0], &ov, INFINITE);
  assert(ok);
  g_rank[0] = InterlockedIncrement(&g_order);
  /* Released only because the newest waiter blocked on the event. */
  assert(InterlockedCompareExchange(&g_first_waiting, 0, 0) == 1);
  SetEvent(g_event);
  return 0;
}

int main(void) {
  g_port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
  g_event = CreateEventA(NULL, FALSE, FALSE, NULL);
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, oldest, NULL, 0, NULL);
  Sleep(10); /* the oldest waiter is blocked in the port after this */
  t[1] = CreateThread(NULL, 0, newest, NULL, 0, NULL);
  Sleep(10); /* and the newest one after this */
  PostQueuedCompletionStatus(g_port, 0, 1, NULL);
  PostQueuedCompletionStatus(g_port, 0, 2, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  printf("newest waiter: key %lu, released %s\n", (unsigned long)g_key[1],
         g_rank[1] == 1 ? "first" : "second");
  printf("oldest waiter: key %lu, released %s, while the newest waited on an event\n",
         (unsigned long)g_key[0], g_rank[0] == 1 ? "first" : "second");
  assert(g_key[1] == 1 && g_key[0] == 2 && g_rank[1] == 1 && g_rank[0] == 2);
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  CloseHandle(g_event);
  CloseHandle(g_port);
  return 0;
}
