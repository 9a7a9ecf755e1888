/* Exercise 08, wrong fix: close the port in DLL_PROCESS_DETACH instead of
 * in driver_shutdown, so that it happens however the application unloads
 * the driver, and without waiting, so that it cannot deadlock.
 *
 * It is the bug moved to a worse place: the workers are woken and nobody
 * waits for them, and FreeLibrary unmaps the driver right after DllMain
 * returns, sooner than before (WRONG-FIXES.md, 2).  Exercise 01's wrong
 * fix 1 is the same mistake with a runtime.
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

static void stop_pool(void) {
  if (!port) return;
  /* Wakes every worker; they exit on their own. */
  CloseHandle(port);
  port = NULL;
  for (int i = 0; i < WORKERS; i++) CloseHandle(workers[i]);
}

/* Kept for the applications that call it; the work moved to DllMain. */
__declspec(dllexport) void driver_shutdown(void) {}

/* The wrong fix: close the port when the driver is unloaded, so that
 * applications need not call anything.  Closing does not block, so it is
 * safe under the loader lock. */
BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_DETACH && reserved == NULL) stop_pool();
  return TRUE;
}
