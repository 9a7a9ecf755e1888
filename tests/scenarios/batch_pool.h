/* The parts of the batch-pool drivers that do not differ: queries and the
 * pool's start.  The port releases one worker at a time (concurrency 1),
 * as a port does when there are more workers than processors. */
#include <windows.h>

#define WORKERS 2
#define BATCH 4
#define SHUTDOWN_KEY 0xDEAD

typedef struct query { HANDLE done; int rows; } query;

static HANDLE port;
static HANDLE workers[WORKERS];

static DWORD WINAPI worker_main(LPVOID arg);

static void run_query(OVERLAPPED_ENTRY *e) {
  query *q = (query *)e->lpOverlapped;
  q->rows = 21;
  SetEvent(q->done);
}

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  if (!port) {
    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    for (int i = 0; i < WORKERS; i++) workers[i] = CreateThread(NULL, 0, worker_main, NULL, 0, NULL);
  }
  query q = {CreateEventA(NULL, FALSE, FALSE, NULL), 0};
  PostQueuedCompletionStatus(port, 0, 1, (LPOVERLAPPED)&q);
  WaitForSingleObject(q.done, INFINITE);
  CloseHandle(q.done);
  return q.rows;
}

/* One shutdown packet per worker, then wait for all of them: outside the
 * loader lock, so this part is right. */
__declspec(dllexport) void driver_shutdown(void) {
  if (!port) return;
  for (int i = 0; i < WORKERS; i++) PostQueuedCompletionStatus(port, 0, SHUTDOWN_KEY, NULL);
  WaitForMultipleObjects(WORKERS, workers, TRUE, INFINITE);
  for (int i = 0; i < WORKERS; i++) CloseHandle(workers[i]);
  CloseHandle(port);
  port = NULL;
}
