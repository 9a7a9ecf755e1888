/* Exercise 02, wrong fix: start the worker on the first query, and let an
 * interlocked flag make sure that only one caller starts it.
 *
 * The flag says that a start has begun, not that it has finished.  A
 * second first query that comes while the first is still creating the
 * port goes straight on, posts its query to a port that does not exist
 * yet (PostQueuedCompletionStatus fails on a NULL handle) and waits for an
 * answer that never comes: a deadlock (WRONG-FIXES.md, 3).  The
 * reference fix holds a lock until the start has finished.
 */
#include <windows.h>

static LONG volatile starting;     /* 1 once some thread began the start */
static HANDLE ready, port;

static DWORD WINAPI worker_main(LPVOID arg) {
  (void)arg;
  SetEvent(ready);
  ULONG_PTR key;
  DWORD bytes;
  LPOVERLAPPED ov;
  /* Each packet's lpOverlapped is the event of the query to answer. */
  while (GetQueuedCompletionStatus(port, &bytes, &key, &ov, INFINITE)) SetEvent((HANDLE)ov);
  return 0;
}

static void start(void) {
  ready = CreateEventA(NULL, TRUE, FALSE, NULL);
  port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  CloseHandle(CreateThread(NULL, 0, worker_main, NULL, 0, NULL));
  WaitForSingleObject(ready, INFINITE);
}

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  /* The wrong fix: only the first caller starts the worker. */
  if (InterlockedExchange(&starting, 1) == 0) start();
  HANDLE done = CreateEventA(NULL, FALSE, FALSE, NULL);
  PostQueuedCompletionStatus(port, 0, 1, (LPOVERLAPPED)done);
  WaitForSingleObject(done, INFINITE);
  CloseHandle(done);
  return 1;
}
