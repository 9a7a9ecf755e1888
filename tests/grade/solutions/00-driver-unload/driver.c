/* The same driver, fixed by pinning: the first load pins the DLL with
 * GetModuleHandleEx(GET_MODULE_HANDLE_EX_FLAG_PIN), so FreeLibrary never
 * unmaps it and its worker pool lives until the process exits, where
 * ExitProcess terminates the workers.  DLL_PROCESS_DETACH then only runs at
 * process exit (lpReserved non-NULL) and must not touch the pool: its
 * threads are already gone.
 *
 * The price is that the driver is never unloaded; the other fix, an
 * explicit shutdown the host calls before FreeLibrary, keeps unloading. */
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

static BOOL runtime_start(void) {
  HMODULE self;
  /* Pin before any thread can run our code: from here on the image stays. */
  if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_PIN,
                          (LPCWSTR)(void *)runtime_start, &self))
    return FALSE;
  port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  if (!port) return FALSE;
  for (int i = 0; i < WORKERS; i++) workers[i] = CreateThread(NULL, 0, worker_main, NULL, 0, NULL);
  started = TRUE;
  return TRUE;
}

__declspec(dllexport) int driver_query(const char *sql) {
  EnterCriticalSection(&start_lock);
  BOOL ready = started || runtime_start();
  LeaveCriticalSection(&start_lock);
  if (!ready) return -1;
  query q = {sql, CreateEventA(NULL, FALSE, FALSE, NULL), 0};
  PostQueuedCompletionStatus(port, 0, 1, (LPOVERLAPPED)&q);
  WaitForSingleObject(q.done, INFINITE);
  CloseHandle(q.done);
  return q.rows;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reserved;
  /* Never deleted: the pinned DLL lives as long as the process. */
  if (reason == DLL_PROCESS_ATTACH) InitializeCriticalSection(&start_lock);
  return TRUE;
}
