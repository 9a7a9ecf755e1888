/* Benchmark program: a correct driver of exercise 01's shape.  Two worker
 * threads wait on an I/O completion port; the first drv_env_alloc starts
 * them, drv_query posts a task and waits for its answer on an event, and
 * the drv_env_free that closes the last environment posts one shutdown
 * packet per worker and waits until both have exited, outside DllMain, so
 * nothing of the driver runs once the host unloads it.  DllMain does
 * nothing. */
#include <windows.h>

#define WORKERS 2
#define SHUTDOWN_KEY 0xDEAD
#define TASK_KEY 1

typedef struct task {
  int x;
  int answer;
  HANDLE done;
} task;

static CRITICAL_SECTION lock; /* guards port, workers and envs_open */
static HANDLE port;
static HANDLE workers[WORKERS];
static int envs_open;

static DWORD WINAPI worker_main(LPVOID arg) {
  (void)arg;
  for (;;) {
    OVERLAPPED_ENTRY entry;
    ULONG n = 0;
    if (!GetQueuedCompletionStatusEx(port, &entry, 1, &n, INFINITE, FALSE)) return 1;
    if (entry.lpCompletionKey == SHUTDOWN_KEY) return 0;
    task *t = (task *)entry.lpOverlapped;
    t->answer = t->x * 2 + 1;
    SetEvent(t->done);
  }
}

__declspec(dllexport) int drv_env_alloc(void) {
  EnterCriticalSection(&lock);
  if (envs_open == 0) {
    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    for (int i = 0; i < WORKERS; i++) workers[i] = CreateThread(NULL, 0, worker_main, NULL, 0, NULL);
  }
  int env = ++envs_open;
  LeaveCriticalSection(&lock);
  return env;
}

__declspec(dllexport) int drv_query(int env, int x) {
  (void)env;
  task t = {x, -1, CreateEventA(NULL, FALSE, FALSE, NULL)};
  PostQueuedCompletionStatus(port, 0, TASK_KEY, (LPOVERLAPPED)&t);
  WaitForSingleObject(t.done, INFINITE);
  CloseHandle(t.done);
  return t.answer;
}

__declspec(dllexport) void drv_env_free(int env) {
  (void)env;
  EnterCriticalSection(&lock);
  if (--envs_open == 0) {
    for (int i = 0; i < WORKERS; i++) PostQueuedCompletionStatus(port, 0, SHUTDOWN_KEY, NULL);
    WaitForMultipleObjects(WORKERS, workers, TRUE, INFINITE);
    for (int i = 0; i < WORKERS; i++) CloseHandle(workers[i]);
    CloseHandle(port);
  }
  LeaveCriticalSection(&lock);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) InitializeCriticalSection(&lock);
  if (reason == DLL_PROCESS_DETACH) DeleteCriticalSection(&lock);
  return TRUE;
}
