/* Work objects, one rule per line: each submit runs the callback once and
 * WaitForThreadpoolWorkCallbacks waits for all of them; callbacks queued
 * and not started are cancelled by WaitFor...(TRUE) (in the default
 * schedule the submitting thread keeps running, so all three are still
 * queued); a work object closed while its callback runs is freed after
 * it, and the callback still completes. */
#include <windows.h>
#include <stdio.h>

static volatile LONG g_runs;
static HANDLE g_go;

static void CALLBACK count(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work) {
  (void)instance;
  (void)work;
  InterlockedIncrement(&g_runs);
  if (context) WaitForSingleObject(g_go, INFINITE);
}

int main(void) {
  PTP_WORK work = CreateThreadpoolWork(count, NULL, NULL);
  for (int i = 0; i < 3; i++) SubmitThreadpoolWork(work);
  WaitForThreadpoolWorkCallbacks(work, FALSE);
  printf("three submits, then a wait: %ld runs\n", g_runs);

  g_runs = 0;
  for (int i = 0; i < 3; i++) SubmitThreadpoolWork(work);
  WaitForThreadpoolWorkCallbacks(work, TRUE);
  printf("three submits, then a wait that cancels: %ld runs\n", g_runs);
  CloseThreadpoolWork(work);

  g_runs = 0;
  g_go = CreateEventA(NULL, TRUE, FALSE, NULL);
  work = CreateThreadpoolWork(count, (PVOID)1, NULL);
  SubmitThreadpoolWork(work);
  Sleep(10);
  CloseThreadpoolWork(work);
  SetEvent(g_go);
  Sleep(10);
  printf("closed while its callback ran: %ld run, completed\n", g_runs);
  CloseHandle(g_go);
  return 0;
}
