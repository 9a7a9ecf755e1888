/* The fix: an explicit shutdown the host calls before FreeLibrary, which
 * waits for the workers outside the loader lock.  DllMain does nothing. */
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
  for (int i = 0; i < WORKERS; i++) PostQueuedCompletionStatus(port, 0, SHUTDOWN_KEY, NULL);
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
