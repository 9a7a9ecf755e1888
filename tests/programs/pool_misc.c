/* The rest of the pool, one rule per line: TrySubmitThreadpoolCallback
 * and QueueUserWorkItem run their function once on a pool thread;
 * SetEventWhenCallbackReturns sets its event only after the callback has
 * returned; LeaveCriticalSectionWhenCallbackReturns leaves the section
 * the callback entered; a disassociated callback no longer counts for
 * WaitFor...Callbacks; closing a cleanup group's members waits for their
 * callbacks, or cancels the queued ones and calls the cancel callback. */
#include <windows.h>
#include <stdio.h>

static volatile LONG g_simple, g_item, g_returned;
static HANDLE g_done, g_go;
static CRITICAL_SECTION g_lock;
static volatile LONG g_group_runs, g_cancelled;

static void CALLBACK simple(PTP_CALLBACK_INSTANCE instance, PVOID context) {
  (void)instance;
  InterlockedIncrement((volatile LONG *)context);
}

static DWORD WINAPI item(LPVOID context) {
  InterlockedIncrement((volatile LONG *)context);
  return 0;
}

static void CALLBACK set_when_done(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work) {
  (void)context;
  (void)work;
  SetEventWhenCallbackReturns(instance, g_done);
  Sleep(20);
  InterlockedExchange(&g_returned, 1);
}

static void CALLBACK leave_when_done(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work) {
  (void)context;
  (void)work;
  EnterCriticalSection(&g_lock);
  LeaveCriticalSectionWhenCallbackReturns(instance, &g_lock);
}

static void CALLBACK disassociated(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work) {
  (void)context;
  (void)work;
  DisassociateCurrentThreadFromCallback(instance);
  WaitForSingleObject(g_go, INFINITE);
}

static void CALLBACK group_member(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work) {
  (void)instance;
  (void)context;
  (void)work;
  Sleep(10);
  InterlockedIncrement(&g_group_runs);
}

static void CALLBACK group_cancel(PVOID object_context, PVOID cleanup_context) {
  (void)object_context;
  InterlockedIncrement((volatile LONG *)cleanup_context);
}

int main(void) {
  TrySubmitThreadpoolCallback(simple, (PVOID)&g_simple, NULL);
  QueueUserWorkItem(item, (PVOID)&g_item, WT_EXECUTEDEFAULT);
  Sleep(10);
  printf("TrySubmitThreadpoolCallback ran %ld, QueueUserWorkItem ran %ld\n", g_simple, g_item);

  g_done = CreateEventA(NULL, TRUE, FALSE, NULL);
  PTP_WORK work = CreateThreadpoolWork(set_when_done, NULL, NULL);
  SubmitThreadpoolWork(work);
  WaitForSingleObject(g_done, INFINITE);
  printf("SetEventWhenCallbackReturns: the callback had returned: %s\n", g_returned ? "yes" : "no");
  CloseThreadpoolWork(work);

  InitializeCriticalSection(&g_lock);
  work = CreateThreadpoolWork(leave_when_done, NULL, NULL);
  SubmitThreadpoolWork(work);
  WaitForThreadpoolWorkCallbacks(work, FALSE);
  BOOL entered = TryEnterCriticalSection(&g_lock);
  printf("LeaveCriticalSectionWhenCallbackReturns: the section is free again: %s\n", entered ? "yes" : "no");
  if (entered) LeaveCriticalSection(&g_lock);
  CloseThreadpoolWork(work);

  g_go = CreateEventA(NULL, TRUE, FALSE, NULL);
  work = CreateThreadpoolWork(disassociated, NULL, NULL);
  SubmitThreadpoolWork(work);
  Sleep(10);
  WaitForThreadpoolWorkCallbacks(work, FALSE);
  printf("a disassociated callback still blocked: WaitFor...Callbacks returned\n");
  SetEvent(g_go);
  CloseThreadpoolWork(work);

  TP_CALLBACK_ENVIRON env;
  InitializeThreadpoolEnvironment(&env);
  PTP_CLEANUP_GROUP group = CreateThreadpoolCleanupGroup();
  SetThreadpoolCallbackCleanupGroup(&env, group, group_cancel);
  for (int i = 0; i < 2; i++) SubmitThreadpoolWork(CreateThreadpoolWork(group_member, NULL, &env));
  CloseThreadpoolCleanupGroupMembers(group, FALSE, (PVOID)&g_cancelled);
  printf("closing the group's members waited for both: %ld runs, %ld cancelled\n", g_group_runs,
         g_cancelled);
  g_group_runs = 0;
  for (int i = 0; i < 2; i++) SubmitThreadpoolWork(CreateThreadpoolWork(group_member, NULL, &env));
  CloseThreadpoolCleanupGroupMembers(group, TRUE, (PVOID)&g_cancelled);
  printf("closing them with cancel, before any started: %ld runs, %ld cancel callbacks\n",
         g_group_runs, g_cancelled);
  CloseThreadpoolCleanupGroup(group);
  DestroyThreadpoolEnvironment(&env);
  CloseHandle(g_done);
  CloseHandle(g_go);
  return 0;
}
