/* The parts of exercise 07's driver that are not in question: the pool's
 * start and the queries.  driver.c includes this file and adds the worker
 * loop and the shutdown, which is where the bug is (and where a fix goes).
 *
 * The pool has WORKERS threads on one completion port, each dequeuing up
 * to BATCH packets per GetQueuedCompletionStatusEx.  The port releases one
 * worker at a time (concurrency value 1), as a port does when a pool has
 * more workers than the machine has processors.  A query packet's
 * lpOverlapped is the query; a packet with SHUTDOWN_KEY tells one worker
 * to exit.  The pool starts on the first query; the programs of this
 * exercise make their first query from one thread. */
#ifndef BATCH_POOL_H
#define BATCH_POOL_H

#include <windows.h>

#define WORKERS 2
#define BATCH 4
#define SHUTDOWN_KEY 0xDEAD

typedef struct query { HANDLE done; int rows; } query;

static HANDLE port;
static HANDLE workers[WORKERS];

static DWORD WINAPI worker_main(LPVOID arg);

/* Answers one query packet. */
static void run_query(OVERLAPPED_ENTRY *e) {
  query *q = (query *)e->lpOverlapped;
  q->rows = 21;
  SetEvent(q->done);
}

/* Runs a query on the pool, starting it first if needed; returns 21. */
__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  if (!port) {
    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    for (int i = 0; i < WORKERS; i++) workers[i] = CreateThread(NULL, 0, worker_main, NULL, 0, NULL);
  }
  query q = {CreateEventA(NULL, FALSE, FALSE, NULL), 0};
  PostQueuedCompletionStatus(port, 0, 1, (LPOVERLAPPED)&q);
  WaitForSingleObject(q.done, INFINITE);
  CloseHandle(q.done);
  return q.rows;
}

#endif
