/* Conformance probe: APCs and alertable waits.
 *
 * An APC queued to a thread waits while the thread waits non-alertably;
 * SleepEx(0, TRUE) runs every queued APC, in order, on that thread, and
 * returns WAIT_IO_COMPLETION (192).  An alertable wait that its object
 * satisfies returns WAIT_OBJECT_0 and leaves the APC queued; one that is
 * not satisfied runs it, even with a timeout of 0.  A thread blocked in
 * SleepEx(INFINITE, TRUE) returns 192 once an APC is queued to it, after
 * running it.  Queueing to a thread that has ended fails with
 * ERROR_GEN_FAILURE (31).  An APC queued to a thread created suspended
 * runs before its start routine.  An alertable
 * GetQueuedCompletionStatusEx with no packet fails with 192 after running
 * the APC; with a packet queued too, the APC still goes first for a
 * thread that never took a packet from that port, and the packet first
 * once it has (Wine's tests of NtRemoveIoCompletionEx check both on
 * Windows).  The count of entries removed by a call that failed is left
 * out: Windows documents none, and Wine writes 1.
 *
 * Wine 8.0 differs: it hands the packet to the thread that never took one
 * from the port, before its APC (the first call returns TRUE), so the
 * following calls find no packet: expected-wine.txt.  Later Wine versions
 * test for the Windows order.
 */
#include <stdio.h>
#include <windows.h>

static char log_[64];
static int len;
static DWORD ran_on;

static void CALLBACK note(ULONG_PTR c) {
  log_[len++] = (char)c;
  log_[len] = '\0';
  ran_on = GetCurrentThreadId();
}

static void clear(void) {
  len = 0;
  log_[0] = '\0';
}

static DWORD WINAPI sleeper(LPVOID arg) {
  (void)arg;
  return SleepEx(INFINITE, TRUE);
}

static DWORD WINAPI started(LPVOID arg) {
  (void)arg;
  return (DWORD)len;
}

static DWORD WINAPI port_waiter(LPVOID port) {
  OVERLAPPED_ENTRY e[2];
  ULONG n = 99;
  SetLastError(0);
  BOOL ok = GetQueuedCompletionStatusEx((HANDLE)port, e, 2, &n, INFINITE, TRUE);
  printf("waiter: GetQueuedCompletionStatusEx alertable: %s, error %lu, ran \"%s\"\n",
         ok ? "TRUE" : "FALSE", GetLastError(), log_);
  return 0;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  DWORD main_id = GetCurrentThreadId();
  QueueUserAPC(note, GetCurrentThread(), 'a');
  Sleep(10);
  WaitForSingleObject(GetCurrentThread(), 10);
  printf("main: after non-alertable waits, ran \"%s\"\n", log_);
  QueueUserAPC(note, GetCurrentThread(), 'b');
  DWORD r = SleepEx(0, TRUE);
  printf("main: SleepEx(0, TRUE) returns %lu, ran \"%s\", on this thread: %s\n", r, log_,
         ran_on == main_id ? "yes" : "no");
  printf("main: SleepEx(10, TRUE) with nothing queued returns %lu\n", SleepEx(10, TRUE));

  clear();
  HANDLE set = CreateEventA(NULL, TRUE, TRUE, NULL);
  HANDLE unset = CreateEventA(NULL, TRUE, FALSE, NULL);
  QueueUserAPC(note, GetCurrentThread(), 'c');
  r = WaitForSingleObjectEx(set, INFINITE, TRUE);
  printf("main: WaitForSingleObjectEx on a signalled event returns %lu, ran \"%s\"\n", r, log_);
  r = WaitForSingleObjectEx(unset, 0, TRUE);
  printf("main: on an unsignalled one, timeout 0, returns %lu, ran \"%s\"\n", r, log_);
  HANDLE both[2] = {unset, set};
  QueueUserAPC(note, GetCurrentThread(), 'd');
  r = WaitForMultipleObjectsEx(2, both, TRUE, 0, TRUE);
  printf("main: WaitForMultipleObjectsEx for both returns %lu, ran \"%s\"\n", r, log_);

  clear();
  HANDLE t = CreateThread(NULL, 0, sleeper, NULL, 0, NULL);
  Sleep(50);
  QueueUserAPC(note, t, 'e');
  WaitForSingleObject(t, INFINITE);
  DWORD code = 0;
  GetExitCodeThread(t, &code);
  printf("main: a thread in SleepEx(INFINITE, TRUE) returned %lu after running \"%s\" itself: %s\n", code,
         log_, ran_on == GetThreadId(t) ? "yes" : "no");
  SetLastError(0);
  DWORD q = QueueUserAPC(note, t, 'x');
  printf("main: QueueUserAPC to a thread that ended returns %lu, error %lu\n", q, GetLastError());
  CloseHandle(t);

  clear();
  t = CreateThread(NULL, 0, started, NULL, CREATE_SUSPENDED, NULL);
  QueueUserAPC(note, t, 'f');
  ResumeThread(t);
  WaitForSingleObject(t, INFINITE);
  GetExitCodeThread(t, &code);
  printf("main: an APC queued to a suspended new thread ran before its routine: %s\n", code == 1 ? "yes" : "no");
  CloseHandle(t);

  clear();
  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  t = CreateThread(NULL, 0, port_waiter, port, 0, NULL);
  Sleep(50);
  QueueUserAPC(note, t, 'g');
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);

  /* A thread not yet associated with the port: the APC goes first, even
   * with a packet queued, and the thread stays unassociated; once a call
   * took a packet, a queued packet goes before a queued APC. */
  clear();
  OVERLAPPED_ENTRY e[2];
  ULONG n = 0;
  PostQueuedCompletionStatus(port, 1, 7, NULL);
  QueueUserAPC(note, GetCurrentThread(), 'h');
  SetLastError(0);
  BOOL ok = GetQueuedCompletionStatusEx(port, e, 2, &n, 0, TRUE);
  printf("main: a packet and an APC queued, first call: %s, error %lu, ran \"%s\"\n", ok ? "TRUE" : "FALSE",
         GetLastError(), log_);
  QueueUserAPC(note, GetCurrentThread(), 'i');
  ok = GetQueuedCompletionStatusEx(port, e, 2, &n, 0, TRUE);
  printf("main: again with another APC: %s, ran \"%s\"\n", ok ? "TRUE" : "FALSE", log_);
  ok = GetQueuedCompletionStatusEx(port, e, 2, &n, 0, TRUE);
  if (ok) printf("main: no APC: TRUE, %lu packet with key %lu\n", n, (unsigned long)e[0].lpCompletionKey);
  else printf("main: no APC: FALSE, error %lu\n", GetLastError());
  PostQueuedCompletionStatus(port, 1, 8, NULL);
  QueueUserAPC(note, GetCurrentThread(), 'j');
  ok = GetQueuedCompletionStatusEx(port, e, 2, &n, 0, TRUE);
  printf("main: associated now, a packet and an APC: %s, key %lu, ran \"%s\"\n", ok ? "TRUE" : "FALSE",
         (unsigned long)e[0].lpCompletionKey, log_);
  SleepEx(0, TRUE);
  printf("main: SleepEx(0, TRUE) then ran \"%s\"\n", log_);
  CloseHandle(port);
  CloseHandle(set);
  CloseHandle(unset);
  return 0;
}
