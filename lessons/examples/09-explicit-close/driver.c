/* Lesson 9: the sample driver (sim/samples/driver-unload/driver.c) with an
 * explicit cleanup export.  driver_shutdown stops the pool and joins its
 * workers, outside DllMain; DLL_PROCESS_DETACH does nothing.  The program
 * must call driver_shutdown before its last FreeLibrary: that is the
 * pattern's cost. */
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

/* Stops the pool and waits until every worker has exited; the program
 * calls it before FreeLibrary, so no loader lock is held here.  A later
 * query starts a new pool. */
__declspec(dllexport) void driver_shutdown(void) {
  EnterCriticalSection(&start_lock);
  if (started) {
    for (int i = 0; i < WORKERS; i++) PostQueuedCompletionStatus(port, 0, SHUTDOWN_KEY, NULL);
    WaitForMultipleObjects(WORKERS, workers, TRUE, INFINITE);
    for (int i = 0; i < WORKERS; i++) CloseHandle(workers[i]);
    CloseHandle(port);
    started = FALSE;
  }
  LeaveCriticalSection(&start_lock);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reserved;
  /* Nothing to stop here: driver_shutdown did it, or the process is ending. */
  if (reason == DLL_PROCESS_ATTACH) InitializeCriticalSection(&start_lock);
  return TRUE;
}
