/* The DLL of exercise 08 (read README.md first): a driver that stops its
 * workers by closing their completion port.
 *
 * Two workers wait on one port in GetQueuedCompletionStatus.  Stopping
 * them used to take one shutdown packet per worker; version 3.8 closes the
 * port instead, because closing a port wakes every thread waiting on it
 * (the wait fails with ERROR_ABANDONED_WAIT_0) and a worker whose wait
 * fails exits: no packets to count, none to lose (exercise 07).
 * driver_shutdown, which the application calls before it unloads the
 * driver, closes the port and returns.  It does not wait: the workers are
 * only woken, and are still running the driver's code on their way out
 * when the application's FreeLibrary unmaps it.
 *
 * The exports: int driver_query(const char *sql) returns 21 rows;
 * void driver_shutdown(void) stops the pool.  The pool starts on the first
 * query; the programs of this exercise make their first query from one
 * thread.
 */
#include <windows.h>

#define WORKERS 2

typedef struct query { HANDLE done; int rows; } query;

static HANDLE port;
static HANDLE workers[WORKERS];

static DWORD WINAPI worker_main(LPVOID arg) {
  (void)arg;
  for (;;) {
    ULONG_PTR key;
    DWORD bytes;
    LPOVERLAPPED ov;
    /* Fails once the port is closed: the worker's signal to exit. */
    if (!GetQueuedCompletionStatus(port, &bytes, &key, &ov, INFINITE)) return 0;
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
  /* Wakes every worker; they exit on their own. */
  CloseHandle(port);
  port = NULL;
  for (int i = 0; i < WORKERS; i++) CloseHandle(workers[i]);
}
