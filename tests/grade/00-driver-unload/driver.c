/* A database driver with its own small async runtime: a pool of workers
 * blocked in GetQueuedCompletionStatusEx, started on first use and kept in
 * static variables, as drivers with an embedded async runtime do.
 *
 * The bug: DLL_PROCESS_DETACH shuts the pool down "in the background" (it
 * posts a shutdown packet to every worker and does not wait, because
 * waiting for threads there deadlocks on the loader lock).  FreeLibrary
 * then unmaps the driver while the workers are still returning from
 * GetQueuedCompletionStatusEx into its code. */
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

/* Looks safe, is not: nothing waits for the workers to leave this DLL. */
static void runtime_shutdown_background(void) {
  for (int i = 0; i < WORKERS; i++) PostQueuedCompletionStatus(port, 0, SHUTDOWN_KEY, NULL);
  for (int i = 0; i < WORKERS; i++) CloseHandle(workers[i]);
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
  if (reason == DLL_PROCESS_DETACH && reserved == NULL && started) runtime_shutdown_background();
  return TRUE;
}
