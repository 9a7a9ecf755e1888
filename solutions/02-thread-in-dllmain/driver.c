/* Exercise 02, the reference fix (read exercises/02-thread-in-dllmain/
 * README.md first, and WRONG-FIXES.md beside this file).
 *
 * The worker is started on the first query, in driver_query, where the
 * caller holds no loader lock: the new thread can deliver its
 * DLL_THREAD_ATTACH and run, and waiting for it to be ready is fine.
 * A lock makes the start happen once, however many threads make their
 * first query at the same time; the others wait on the lock until the
 * worker is ready.  The lock is an SRW lock, which needs no
 * initialisation call, so DllMain has nothing left to do.
 */
#include <windows.h>

static SRWLOCK start_lock = SRWLOCK_INIT;
static HANDLE ready, port;          /* set once, under start_lock */

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

/* Called with start_lock held. */
static void start(void) {
  ready = CreateEventA(NULL, TRUE, FALSE, NULL);
  port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  CloseHandle(CreateThread(NULL, 0, worker_main, NULL, 0, NULL));
  WaitForSingleObject(ready, INFINITE);
}

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  AcquireSRWLockExclusive(&start_lock);
  if (!port) start();
  ReleaseSRWLockExclusive(&start_lock);
  HANDLE done = CreateEventA(NULL, FALSE, FALSE, NULL);
  PostQueuedCompletionStatus(port, 0, 1, (LPOVERLAPPED)done);
  WaitForSingleObject(done, INFINITE);
  CloseHandle(done);
  return 1;
}
