/* A driver whose DLL_PROCESS_DETACH stops its pool and waits for the
 * workers to exit.  Each exiting worker needs the loader lock, which the
 * thread running DllMain holds: neither can go on. */
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

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_DETACH && reserved == NULL && port) {
    for (int i = 0; i < WORKERS; i++) PostQueuedCompletionStatus(port, 0, SHUTDOWN_KEY, NULL);
    WaitForMultipleObjects(WORKERS, workers, TRUE, INFINITE);
    for (int i = 0; i < WORKERS; i++) CloseHandle(workers[i]);
    CloseHandle(port);
  }
  return TRUE;
}
