/* Conformance probe: thread-pool work, simple callbacks, work items, and
 * what a callback instance can ask for.
 *
 * Three submits run the callback three times, and
 * WaitForThreadpoolWorkCallbacks returns once all three have run.  A work
 * object closed while its callback runs is freed later; the callback
 * completes.  TrySubmitThreadpoolCallback and QueueUserWorkItem run their
 * function once.  SetEventWhenCallbackReturns sets the event only after
 * the callback returned; LeaveCriticalSectionWhenCallbackReturns leaves
 * the section the callback entered; after
 * DisassociateCurrentThreadFromCallback, WaitFor...Callbacks no longer
 * waits for the callback.  Closing a cleanup group's members waits for
 * their callbacks.
 */
#include <stdio.h>
#include <windows.h>

static volatile LONG runs, simple_runs, item_runs, returned, group_runs;
static HANDLE go, done, finished, let_go;
static CRITICAL_SECTION lock;

static void CALLBACK count(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work) {
  (void)instance;
  (void)work;
  if (context) WaitForSingleObject(go, INFINITE);
  Sleep(20);
  InterlockedIncrement(&runs);
  if (context) SetEvent(finished);
}

static void CALLBACK simple(PTP_CALLBACK_INSTANCE instance, PVOID context) {
  (void)instance;
  (void)context;
  InterlockedIncrement(&simple_runs);
}

static DWORD WINAPI item(LPVOID context) {
  (void)context;
  InterlockedIncrement(&item_runs);
  return 0;
}

static void CALLBACK set_when_done(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work) {
  (void)context;
  (void)work;
  SetEventWhenCallbackReturns(instance, done);
  Sleep(50);
  InterlockedExchange(&returned, 1);
}

static void CALLBACK leave_when_done(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work) {
  (void)context;
  (void)work;
  EnterCriticalSection(&lock);
  LeaveCriticalSectionWhenCallbackReturns(instance, &lock);
}

static void CALLBACK disassociated(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work) {
  (void)context;
  (void)work;
  DisassociateCurrentThreadFromCallback(instance);
  SetEvent(let_go);
  WaitForSingleObject(go, INFINITE);
  SetEvent(finished);
}

static void CALLBACK member(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work) {
  (void)instance;
  (void)context;
  (void)work;
  Sleep(20);
  InterlockedIncrement(&group_runs);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  PTP_WORK work = CreateThreadpoolWork(count, NULL, NULL);
  for (int i = 0; i < 3; i++) SubmitThreadpoolWork(work);
  WaitForThreadpoolWorkCallbacks(work, FALSE);
  printf("main: three submits, then WaitForThreadpoolWorkCallbacks: %ld runs\n", runs);
  CloseThreadpoolWork(work);

  go = CreateEventA(NULL, TRUE, FALSE, NULL);
  finished = CreateEventA(NULL, FALSE, FALSE, NULL);
  work = CreateThreadpoolWork(count, (PVOID)1, NULL);
  SubmitThreadpoolWork(work);
  CloseThreadpoolWork(work);
  SetEvent(go);
  WaitForSingleObject(finished, INFINITE);
  printf("main: closed before its callback ran: %ld runs\n", runs);
  ResetEvent(go);

  TrySubmitThreadpoolCallback(simple, NULL, NULL);
  QueueUserWorkItem(item, NULL, WT_EXECUTEDEFAULT);
  for (int i = 0; i < 1000 && (!simple_runs || !item_runs); i++) Sleep(10);
  printf("main: TrySubmitThreadpoolCallback ran %ld, QueueUserWorkItem ran %ld\n", simple_runs, item_runs);

  done = CreateEventA(NULL, TRUE, FALSE, NULL);
  work = CreateThreadpoolWork(set_when_done, NULL, NULL);
  SubmitThreadpoolWork(work);
  WaitForSingleObject(done, INFINITE);
  printf("main: SetEventWhenCallbackReturns: the callback had returned: %s\n", returned ? "yes" : "no");
  WaitForThreadpoolWorkCallbacks(work, FALSE);
  CloseThreadpoolWork(work);

  InitializeCriticalSection(&lock);
  work = CreateThreadpoolWork(leave_when_done, NULL, NULL);
  SubmitThreadpoolWork(work);
  WaitForThreadpoolWorkCallbacks(work, FALSE);
  BOOL entered = TryEnterCriticalSection(&lock);
  printf("main: LeaveCriticalSectionWhenCallbackReturns: the section is free again: %s\n", entered ? "yes" : "no");
  if (entered) LeaveCriticalSection(&lock);
  CloseThreadpoolWork(work);

  let_go = CreateEventA(NULL, FALSE, FALSE, NULL);
  work = CreateThreadpoolWork(disassociated, NULL, NULL);
  SubmitThreadpoolWork(work);
  WaitForSingleObject(let_go, INFINITE);
  WaitForThreadpoolWorkCallbacks(work, FALSE);
  printf("main: WaitForThreadpoolWorkCallbacks returned while the disassociated callback waits\n");
  SetEvent(go);
  WaitForSingleObject(finished, INFINITE);
  CloseThreadpoolWork(work);

  TP_CALLBACK_ENVIRON env;
  InitializeThreadpoolEnvironment(&env);
  PTP_CLEANUP_GROUP group = CreateThreadpoolCleanupGroup();
  SetThreadpoolCallbackCleanupGroup(&env, group, NULL);
  for (int i = 0; i < 2; i++) SubmitThreadpoolWork(CreateThreadpoolWork(member, NULL, &env));
  CloseThreadpoolCleanupGroupMembers(group, FALSE, NULL);
  printf("main: closing the cleanup group's members waited for their callbacks: %ld runs\n", group_runs);
  CloseThreadpoolCleanupGroup(group);
  DestroyThreadpoolEnvironment(&env);
  CloseHandle(go);
  CloseHandle(done);
  CloseHandle(finished);
  CloseHandle(let_go);
  DeleteCriticalSection(&lock);
  return 0;
}
