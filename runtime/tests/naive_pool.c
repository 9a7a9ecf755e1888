/* The naive worker pool: workers dequeue packets in batches with
 * GetQueuedCompletionStatusEx and return as soon as they meet a shutdown
 * packet, dropping the rest of the batch.
 *
 * The bug: shutdown posts one shutdown packet per worker, but nothing says
 * each worker gets one.  When two shutdown packets are queued at the moment
 * a worker dequeues (its siblings are busy, or have not reached their wait
 * yet), that worker takes both, returns at the first, and drops the
 * second; the sibling it was meant for waits on the port forever, and so
 * does the shutdown that waits for it.  With a batch size of 1 a worker can
 * only ever take its own packet, which is why the bug hides until someone
 * raises the batch size for throughput.  docs/design.md describes it ("Completion port model");
 * runtime/rt_worker.c is the fix (keep one, hand the others back).
 *
 * Left out on purpose: everything rt adds (results, timers, errors beyond
 * a BOOL), so that the bug is the only thing to read.
 */
#include "naive_pool.h"

/* mingw-w64 10's headers lack this Windows 10 function (its import
 * library has it); the prototype is Windows' own, as in rt_internal.h. */
HRESULT WINAPI SetThreadDescription(HANDLE hThread, PCWSTR lpThreadDescription);

#define NAIVE_SHUTDOWN_KEY 0
#define NAIVE_WORKERS_MAX 9
#define NAIVE_BATCH_MAX 64

struct naive_pool {
  HANDLE port;
  ULONG batch_size;
  int worker_count;
  HANDLE workers[NAIVE_WORKERS_MAX];
};

static DWORD WINAPI naive_worker_main(LPVOID param) {
  naive_pool *pool = param;
  OVERLAPPED_ENTRY entries[NAIVE_BATCH_MAX];
  for (;;) {
    ULONG taken = 0;
    if (!GetQueuedCompletionStatusEx(pool->port, entries, pool->batch_size, &taken, INFINITE, FALSE))
      return GetLastError();
    for (ULONG i = 0; i < taken; i++) {
      /* THE BUG: returning here drops entries i+1.. of the batch, and a
       * sibling's shutdown packet may be among them. */
      if (entries[i].lpCompletionKey == NAIVE_SHUTDOWN_KEY) return 0;
      /* A work packet: the key is the function, lpOverlapped its argument. */
      naive_work_fn fn = (naive_work_fn)entries[i].lpCompletionKey;
      fn(entries[i].lpOverlapped);
    }
  }
}

naive_pool *naive_pool_create(int worker_count, ULONG batch_size) {
  if (worker_count < 1 || worker_count > NAIVE_WORKERS_MAX || batch_size < 1 ||
      batch_size > NAIVE_BATCH_MAX) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return NULL;
  }
  naive_pool *pool = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof *pool);
  if (!pool) {
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return NULL;
  }
  pool->batch_size = batch_size;
  pool->port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, (DWORD)worker_count);
  if (!pool->port) {
    HeapFree(GetProcessHeap(), 0, pool);
    return NULL;
  }
  for (int i = 0; i < worker_count; i++) {
    /* Suspended until named, so that traces show the name throughout. */
    HANDLE worker = CreateThread(NULL, 0, naive_worker_main, pool, CREATE_SUSPENDED, NULL);
    if (!worker) return NULL; /* the started workers are left running: a demonstration */
    WCHAR name[] = L"naive worker 0";
    name[13] = (WCHAR)('1' + i);
    (void)SetThreadDescription(worker, name);
    ResumeThread(worker);
    pool->workers[pool->worker_count++] = worker;
  }
  return pool;
}

BOOL naive_pool_submit(naive_pool *pool, naive_work_fn fn, void *arg) {
  return PostQueuedCompletionStatus(pool->port, 0, (ULONG_PTR)fn, (LPOVERLAPPED)arg);
}

int naive_pool_shutdown(naive_pool *pool, DWORD timeout_ms) {
  for (int i = 0; i < pool->worker_count; i++)
    if (!PostQueuedCompletionStatus(pool->port, 0, NAIVE_SHUTDOWN_KEY, NULL)) return 0;
  int exited = 0;
  for (int i = 0; i < pool->worker_count; i++)
    if (WaitForSingleObject(pool->workers[i], timeout_ms) == WAIT_OBJECT_0) exited++;
  if (exited < pool->worker_count) return exited;
  for (int i = 0; i < pool->worker_count; i++) CloseHandle(pool->workers[i]);
  CloseHandle(pool->port);
  HeapFree(GetProcessHeap(), 0, pool);
  return exited;
}
