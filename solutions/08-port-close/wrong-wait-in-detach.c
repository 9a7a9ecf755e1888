/* Exercise 08, wrong fix: do the shutdown (packets, wait, close) in
 * DLL_PROCESS_DETACH, so that it happens however the application unloads
 * the driver.
 *
 * Each worker that exits needs the loader lock to deliver
 * DLL_THREAD_DETACH, and the thread running DllMain holds that lock while
 * it waits for them: a deadlock in the first FreeLibrary
 * (WRONG-FIXES.md, 1).
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

/* Kept for the applications that call it; the work moved to DllMain. */
__declspec(dllexport) void driver_shutdown(void) {}

static void stop_pool(void) {
  if (!port) return;
  /* One packet per worker: each worker takes exactly one packet per call,
   * so each gets its own (exercise 07 is what batches change). */
  for (int i = 0; i < WORKERS; i++) PostQueuedCompletionStatus(port, 0, SHUTDOWN_KEY, NULL);
  /* Called from DllMain: this wait is the deadlock (see the top). */
  WaitForMultipleObjects(WORKERS, workers, TRUE, INFINITE);
  for (int i = 0; i < WORKERS; i++) CloseHandle(workers[i]);
  CloseHandle(port);
  port = NULL;
}

/* The wrong fix: stop the pool and wait for it when the driver is
 * unloaded, so that applications need not call anything. */
BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_DETACH && reserved == NULL) stop_pool();
  return TRUE;
}
