/* Exercise 01, wrong fix: an "unloading" flag that the worker checks
 * before each wait on the port, the bug report's second proposal.
 *
 * The runtime's worker loop is not this file's to change, so the driver
 * carries its own: one worker on a completion port, which runs queries and,
 * whenever KEEPALIVE_MS pass without one, pings the database, exactly as
 * the runtime did.  DLL_PROCESS_DETACH sets the flag, so that the worker
 * exits the next time it looks, and does not wait for it (waiting there
 * deadlocks on the loader lock).
 *
 * The check and the wait are two steps, not one.  The worker read the flag
 * while it was still FALSE and went into GetQueuedCompletionStatusEx; there
 * it sits when FreeLibrary unmaps the driver.  When its wait ends (the next
 * keep-alive), it returns into code that is gone.  No check written in the
 * driver can help: the check is the driver's code too (WRONG-FIXES.md, 2).
 */
#include <windows.h>

#define ENVS_MAX 8
#define KEEPALIVE_MS 20

typedef struct query {
  OVERLAPPED overlapped; /* first member: a packet's lpOverlapped is the query */
  int x;
  int answer;
  HANDLE done;
} query;

static SRWLOCK lock = SRWLOCK_INIT;
static HANDLE port;   /* created on first use, with its worker */
static BOOL env_open[ENVS_MAX];
static LONG volatile pings;
static BOOL volatile unloading;

static DWORD WINAPI worker_main(LPVOID unused) {
  (void)unused;
  /* The proposal: look at the flag before every wait. */
  while (!unloading) {
    OVERLAPPED_ENTRY entry;
    ULONG taken = 0;
    if (!GetQueuedCompletionStatusEx(port, &entry, 1, &taken, KEEPALIVE_MS, FALSE)) {
      if (GetLastError() != WAIT_TIMEOUT) return 1;
      InterlockedIncrement(&pings); /* idle for KEEPALIVE_MS: the keep-alive ping */
      continue;
    }
    query *q = (query *)entry.lpOverlapped;
    q->answer = q->x * 2 + 1;
    SetEvent(q->done);
  }
  return 0;
}

static BOOL pool_start(void) {
  port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
  if (!port) return FALSE;
  HANDLE worker = CreateThread(NULL, 0, worker_main, NULL, 0, NULL);
  if (!worker) {
    CloseHandle(port);
    port = NULL;
    return FALSE;
  }
  CloseHandle(worker);
  return TRUE;
}

__declspec(dllexport) int drv_env_alloc(void) {
  int env = -1;
  AcquireSRWLockExclusive(&lock);
  if (port || pool_start()) {
    for (int i = 0; i < ENVS_MAX && env < 0; i++)
      if (!env_open[i]) {
        env_open[i] = TRUE;
        env = i + 1;
      }
  }
  ReleaseSRWLockExclusive(&lock);
  return env;
}

__declspec(dllexport) int drv_query(int env, int x) {
  AcquireSRWLockShared(&lock);
  BOOL valid = env >= 1 && env <= ENVS_MAX && env_open[env - 1];
  ReleaseSRWLockShared(&lock);
  if (!valid) return -1;
  query q = {{0}, x, -1, CreateEventA(NULL, FALSE, FALSE, NULL)};
  if (!q.done) return -1;
  if (PostQueuedCompletionStatus(port, 0, 1, &q.overlapped))
    WaitForSingleObject(q.done, INFINITE);
  CloseHandle(q.done);
  return q.answer;
}

__declspec(dllexport) void drv_env_free(int env) {
  AcquireSRWLockExclusive(&lock);
  if (env >= 1 && env <= ENVS_MAX) env_open[env - 1] = FALSE;
  ReleaseSRWLockExclusive(&lock);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_DETACH && reserved == NULL) unloading = TRUE;
  return TRUE;
}
