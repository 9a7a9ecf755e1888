/* Lesson 7: the sample driver (sim/samples/driver-unload/driver.c) with the
 * first "fix" everyone tries: DLL_PROCESS_DETACH stops the pool and waits
 * for the workers to exit, so that none of them can outlive the code. */
#include <windows.h>

#define WORKERS 2
#define SHUTDOWN_KEY 0xDEAD

typedef struct query {
  const char *sql;
  HANDLE done;
  int rows;
} query;

static HANDLE port;
static HANDLE workers[WORKERS];
static BOOL started;
static CRITICAL_SECTION start_lock; /* two first queries must not start two pools */

static DWORD WINAPI worker_main(LPVOID arg) {
  (void)arg;
  for (;;) {
    OVERLAPPED_ENTRY entry;
    ULONG n = 0;
    if (!GetQueuedCompletionStatusEx(port, &entry, 1, &n, INFINITE, FALSE)) return 1;
    if (entry.lpCompletionKey == SHUTDOWN_KEY) return 0;
    query *q = (query *)entry.lpOverlapped;
    q->rows = 42;
    SetEvent(q->done);
  }
}

static void runtime_start(void) {
  port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  for (int i = 0; i < WORKERS; i++) workers[i] = CreateThread(NULL, 0, worker_main, NULL, 0, NULL);
  started = TRUE;
}

/* Waits until every worker has exited: a worker's exit needs the loader
 * lock, which the thread running DllMain holds. */
static void runtime_shutdown_and_wait(void) {
  for (int i = 0; i < WORKERS; i++) PostQueuedCompletionStatus(port, 0, SHUTDOWN_KEY, NULL);
  WaitForMultipleObjects(WORKERS, workers, TRUE, INFINITE);
  for (int i = 0; i < WORKERS; i++) CloseHandle(workers[i]);
  CloseHandle(port);
}

__declspec(dllexport) int driver_query(const char *sql) {
  EnterCriticalSection(&start_lock);
  if (!started) runtime_start();
  LeaveCriticalSection(&start_lock);
  query q = {sql, CreateEventA(NULL, FALSE, FALSE, NULL), 0};
  PostQueuedCompletionStatus(port, 0, 1, (LPOVERLAPPED)&q);
  WaitForSingleObject(q.done, INFINITE);
  CloseHandle(q.done);
  return q.rows;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_ATTACH) InitializeCriticalSection(&start_lock);
  if (reason == DLL_PROCESS_DETACH && reserved == NULL && started) runtime_shutdown_and_wait();
  return TRUE;
}
