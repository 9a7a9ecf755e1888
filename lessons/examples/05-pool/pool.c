/* Lesson 5: a worker pool on an I/O completion port, the shape of every
 * async runtime in this course.  The workers wait in
 * GetQueuedCompletionStatus; a job is one packet, whose OVERLAPPED pointer
 * carries the job; stopping the pool posts one stop packet per worker and
 * waits for the workers to exit.  Starting and stopping are exported
 * functions the program calls, never DllMain's work. */
#include <windows.h>

#define WORKERS 2
#define JOB_KEY 1
#define STOP_KEY 2

typedef struct job {
  int x;
  int result;
  HANDLE done;
} job;

static HANDLE port;
static HANDLE workers[WORKERS];

static DWORD WINAPI worker_main(LPVOID arg) {
  (void)arg;
  for (;;) {
    DWORD bytes;
    ULONG_PTR key;
    LPOVERLAPPED overlapped;
    if (!GetQueuedCompletionStatus(port, &bytes, &key, &overlapped, INFINITE)) return 1;
    if (key == STOP_KEY) return 0;
    job *j = (job *)overlapped;
    j->result = j->x * 2 + 1;
    SetEvent(j->done);
  }
}

__declspec(dllexport) BOOL pool_start(void) {
  port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  if (!port) return FALSE;
  for (int i = 0; i < WORKERS; i++) workers[i] = CreateThread(NULL, 0, worker_main, NULL, 0, NULL);
  return TRUE;
}

__declspec(dllexport) int pool_run(int x) {
  job j = {x, -1, CreateEventA(NULL, FALSE, FALSE, NULL)};
  PostQueuedCompletionStatus(port, 0, JOB_KEY, (LPOVERLAPPED)&j);
  WaitForSingleObject(j.done, INFINITE);
  CloseHandle(j.done);
  return j.result;
}

__declspec(dllexport) void pool_stop(void) {
  for (int i = 0; i < WORKERS; i++) PostQueuedCompletionStatus(port, 0, STOP_KEY, NULL);
  WaitForMultipleObjects(WORKERS, workers, TRUE, INFINITE);
  for (int i = 0; i < WORKERS; i++) CloseHandle(workers[i]);
  CloseHandle(port);
}
