/* Exercise 08, the reference fix (read exercises/08-port-close/README.md
 * first, and WRONG-FIXES.md beside this file).
 *
 * driver_shutdown wakes each worker with a shutdown packet of its own,
 * waits until every worker has exited, and only then closes the port.
 * When it returns no code of the driver is running, so the application's
 * FreeLibrary can unmap it.  The wait is in an export the application
 * calls, not in DllMain, where it would deadlock on the loader lock.
 *
 * Closing the port and then waiting would also be correct on Windows,
 * which wakes a closed port's waiters; it hangs on Wine 8, which does not
 * (README.md, "Under Wine").  Posting packets works in both.
 */
#include <windows.h>

#define WORKERS 2
#define SHUTDOWN_KEY 0xDEAD

typedef struct query { HANDLE done; int rows; } query;

static HANDLE port;
static HANDLE workers[WORKERS];

static DWORD WINAPI worker_main(LPVOID arg) {
  (void)arg;
  for (;;) {
    ULONG_PTR key;
    DWORD bytes;
    LPOVERLAPPED ov;
    if (!GetQueuedCompletionStatus(port, &bytes, &key, &ov, INFINITE)) return 1;
    if (key == SHUTDOWN_KEY) return 0;
    query *q = (query *)ov;
    q->rows = 21;
    SetEvent(q->done);
  }
}

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  if (!port) {
    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    for (int i = 0; i < WORKERS; i++) workers[i] = CreateThread(NULL, 0, worker_main, NULL, 0, NULL);
  }
  query q = {CreateEventA(NULL, FALSE, FALSE, NULL), 0};
  PostQueuedCompletionStatus(port, 0, 1, (LPOVERLAPPED)&q);
  WaitForSingleObject(q.done, INFINITE);
  CloseHandle(q.done);
  return q.rows;
}

__declspec(dllexport) void driver_shutdown(void) {
  if (!port) return;
  /* One packet per worker: each worker takes exactly one packet per call,
   * so each gets its own (exercise 07 is what batches change). */
  for (int i = 0; i < WORKERS; i++) PostQueuedCompletionStatus(port, 0, SHUTDOWN_KEY, NULL);
  /* Outside DllMain, so the workers can exit: when this returns, none of
   * them runs the driver's code any more, and the port can go. */
  WaitForMultipleObjects(WORKERS, workers, TRUE, INFINITE);
  for (int i = 0; i < WORKERS; i++) CloseHandle(workers[i]);
  CloseHandle(port);
  port = NULL;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reason;
  (void)reserved;
  return TRUE;
}
