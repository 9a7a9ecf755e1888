/* APCs and alertable waits, one rule per line of output. */
#include <windows.h>
#include <stdio.h>

static char g_log[64];
static int g_len;
static DWORD g_ran_on;

static void CALLBACK note(ULONG_PTR c) {
  g_log[g_len++] = (char)c;
  g_log[g_len] = '\0';
  g_ran_on = GetCurrentThreadId();
}

static DWORD WINAPI sleeper(LPVOID arg) {
  (void)arg;
  return SleepEx(INFINITE, TRUE);
}

static DWORD WINAPI started(LPVOID arg) {
  (void)arg;
  /* The APC queued while this thread was suspended ran before this. */
  return (DWORD)g_len;
}

static DWORD WINAPI port_waiter(LPVOID port) {
  OVERLAPPED_ENTRY e[2];
  ULONG n = 99;
  SetLastError(0);
  BOOL ok = GetQueuedCompletionStatusEx((HANDLE)port, e, 2, &n, INFINITE, TRUE);
  printf("GetQueuedCompletionStatusEx alertable, APC queued: %s, error %lu, ran \"%s\"\n",
         ok ? "TRUE" : "FALSE", GetLastError(), g_log);
  return 0;
}

int main(void) {
  DWORD main_id = GetCurrentThreadId();
  QueueUserAPC(note, GetCurrentThread(), 'a');
  Sleep(10);
  WaitForSingleObject(GetCurrentThread(), 10);
  printf("after non-alertable waits: \"%s\"\n", g_log);
  QueueUserAPC(note, GetCurrentThread(), 'b');
  DWORD r = SleepEx(0, TRUE);
  printf("SleepEx(0, TRUE): %lu, ran \"%s\" in order, on the queueing thread: %s\n", r, g_log,
         g_ran_on == main_id ? "yes" : "no");
  r = SleepEx(10, TRUE);
  printf("SleepEx(10, TRUE) with nothing queued: %lu\n", r);

  g_len = 0;
  g_log[0] = '\0';
  HANDLE set = CreateEventA(NULL, TRUE, TRUE, NULL);
  QueueUserAPC(note, GetCurrentThread(), 'c');
  r = WaitForSingleObjectEx(set, INFINITE, TRUE);
  printf("WaitForSingleObjectEx on a signalled event, APC queued: %lu, ran \"%s\"\n", r, g_log);
  HANDLE unset = CreateEventA(NULL, TRUE, FALSE, NULL);
  r = WaitForSingleObjectEx(unset, 0, TRUE);
  printf("then on an unsignalled one, timeout 0: %lu, ran \"%s\"\n", r, g_log);
  HANDLE both[2] = {unset, set};
  QueueUserAPC(note, GetCurrentThread(), 'd');
  r = WaitForMultipleObjectsEx(2, both, TRUE, 0, TRUE);
  printf("WaitForMultipleObjectsEx wait-all not satisfied, APC queued: %lu, ran \"%s\"\n", r, g_log);

  g_len = 0;
  g_log[0] = '\0';
  HANDLE t = CreateThread(NULL, 0, sleeper, NULL, 0, NULL);
  Sleep(10);
  QueueUserAPC(note, t, 'e');
  WaitForSingleObject(t, INFINITE);
  DWORD code = 0;
  GetExitCodeThread(t, &code);
  printf("a thread in SleepEx(INFINITE, TRUE): returned %lu after running \"%s\" on itself: %s\n", code,
         g_log, g_ran_on == GetThreadId(t) ? "yes" : "no");
  SetLastError(0);
  DWORD q = QueueUserAPC(note, t, 'x');
  printf("QueueUserAPC to a thread that ended: %lu, error %lu\n", q, GetLastError());
  CloseHandle(t);

  g_len = 0;
  g_log[0] = '\0';
  t = CreateThread(NULL, 0, started, NULL, CREATE_SUSPENDED, NULL);
  QueueUserAPC(note, t, 'f');
  ResumeThread(t);
  WaitForSingleObject(t, INFINITE);
  GetExitCodeThread(t, &code);
  printf("an APC queued before the thread started ran before its routine: %s\n", code == 1 ? "yes" : "no");
  CloseHandle(t);

  g_len = 0;
  g_log[0] = '\0';
  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  t = CreateThread(NULL, 0, port_waiter, port, 0, NULL);
  Sleep(10);
  QueueUserAPC(note, t, 'g');
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);

  /* A thread not yet associated with the port: the APC goes first, even
   * with a packet queued, and the thread stays unassociated; once a call
   * took a packet, a queued packet goes before a queued APC. */
  g_len = 0;
  g_log[0] = '\\0';
  OVERLAPPED_ENTRY e[2];
  ULONG n = 0;
  PostQueuedCompletionStatus(port, 1, 7, NULL);
  QueueUserAPC(note, GetCurrentThread(), 'h');
  SetLastError(0);
  BOOL ok = GetQueuedCompletionStatusEx(port, e, 2, &n, 0, TRUE);
  printf("main: a packet and an APC queued, first call: %s, error %lu, ran \"%s\"\n", ok ? "TRUE" : "FALSE",
         GetLastError(), g_log);
  QueueUserAPC(note, GetCurrentThread(), 'i');
  ok = GetQueuedCompletionStatusEx(port, e, 2, &n, 0, TRUE);
  printf("main: again with another APC: %s, ran \"%s\"\n", ok ? "TRUE" : "FALSE", g_log);
  ok = GetQueuedCompletionStatusEx(port, e, 2, &n, 0, TRUE);
  if (ok) printf("main: no APC: TRUE, %lu packet with key %lu\n", n, (unsigned long)e[0].lpCompletionKey);
  else printf("main: no APC: FALSE, error %lu\n", GetLastError());
  PostQueuedCompletionStatus(port, 1, 8, NULL);
  QueueUserAPC(note, GetCurrentThread(), 'j');
  ok = GetQueuedCompletionStatusEx(port, e, 2, &n, 0, TRUE);
  printf("main: associated now, a packet and an APC: %s, key %lu, ran \"%s\"\n", ok ? "TRUE" : "FALSE",
         (unsigned long)e[0].lpCompletionKey, g_log);
  SleepEx(0, TRUE);
  printf("main: SleepEx(0, TRUE) then ran \"%s\"\n", g_log);
  CloseHandle(port);
  CloseHandle(set);
  CloseHandle(unset);
  return 0;
}
