/* The naive worker pool: what rt's workers would be without the shutdown
 * rule in rt_worker.c.  Kept to show the bug, in the simulator and under
 * Wine; nothing else should use it. */
#ifndef NAIVE_POOL_H
#define NAIVE_POOL_H

#include <windows.h>

typedef struct naive_pool naive_pool;
typedef void (*naive_work_fn)(void *arg);

/* Starts worker_count workers that dequeue up to batch_size packets per
 * GetQueuedCompletionStatusEx.  NULL on failure (GetLastError says why). */
naive_pool *naive_pool_create(int worker_count, ULONG batch_size);
/* Queues fn(arg) for a worker.  FALSE on failure (GetLastError). */
BOOL naive_pool_submit(naive_pool *pool, naive_work_fn fn, void *arg);
/* Posts one shutdown packet per worker, then waits up to timeout_ms (or
 * INFINITE) for each worker in turn.  Returns how many workers exited; the
 * pool is freed only when all of them did, and is left to the stuck
 * workers otherwise. */
int naive_pool_shutdown(naive_pool *pool, DWORD timeout_ms);

#endif
