/* The naive pool's shutdown on the real thing, with no race in it: two
 * workers, each held in a job by a gate of its own, while the shutdown
 * posts its two packets.  Then the first gate opens, and its worker finds
 * both packets queued: with a batch size above 1 (argument 1) it dequeues
 * both and drops the second, with a batch size of 1 it takes one.  Either
 * way it exits, and the program waits for that.  Only then does the second
 * gate open: the second worker finds the port empty after a batch, and
 * waits forever; after a single, it finds its own packet and exits.  The
 * program reports what happened:
 *   "naive pool, batch size 4: shutdown hung: 1 of 2 workers exited"
 *   "naive pool, batch size 1: every worker exited"
 * Returning from main ends the process, stuck worker included.
 *
 * "Stuck" is judged by progress, not by the clock: the second worker is
 * stuck once it has neither exited nor used any CPU time for 3 s, which a
 * worker blocked on an empty port never does and a worker that is merely
 * slow on a busy machine always does.  The simulator's version
 * (tests/scenarios/runtime-naive-batch-shutdown) explores the schedules
 * instead. */
#include <stdio.h>
#include <stdlib.h>

#include "naive_pool.h"

typedef struct gated_job {
  HANDLE started, gate;
  HANDLE worker; /* the worker that runs it, for the main thread to wait on */
} gated_job;

static void gated_work(void *arg) {
  gated_job *job = arg;
  DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &job->worker,
                  SYNCHRONIZE | THREAD_QUERY_INFORMATION, FALSE, 0);
  SetEvent(job->started);
  WaitForSingleObject(job->gate, INFINITE);
}

static ULONGLONG cpu_time_used(HANDLE thread) {
  FILETIME created, exited, kernel, user;
  if (!GetThreadTimes(thread, &created, &exited, &kernel, &user)) return 0;
  return (((ULONGLONG)kernel.dwHighDateTime << 32) | kernel.dwLowDateTime) +
         (((ULONGLONG)user.dwHighDateTime << 32) | user.dwLowDateTime);
}

/* Waits until the thread exits (TRUE) or has made no progress for 3 s
 * (FALSE): neither exited nor used any CPU time in a whole window. */
static BOOL wait_while_progressing(HANDLE thread) {
  ULONGLONG used = cpu_time_used(thread);
  while (WaitForSingleObject(thread, 3000) == WAIT_TIMEOUT) {
    ULONGLONG now = cpu_time_used(thread);
    if (now == used) return FALSE;
    used = now;
  }
  return TRUE;
}

int main(int argc, char **argv) {
  ULONG batch_size = argc > 1 ? (ULONG)strtoul(argv[1], NULL, 10) : 4;
  naive_pool *pool = naive_pool_create(2, batch_size);
  if (!pool) {
    printf("naive pool: cannot create it (error %lu)\n", GetLastError());
    return 2;
  }
  static gated_job jobs[2];
  for (int i = 0; i < 2; i++) {
    /* One at a time, each waited for until it runs, so each worker has one. */
    jobs[i].started = CreateEventA(NULL, TRUE, FALSE, NULL);
    jobs[i].gate = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (!naive_pool_submit(pool, gated_work, &jobs[i])) {
      printf("naive pool: cannot submit (error %lu)\n", GetLastError());
      return 2;
    }
    WaitForSingleObject(jobs[i].started, INFINITE);
    if (!jobs[i].worker) {
      printf("naive pool: cannot get a worker's handle\n");
      return 2;
    }
  }
  /* Posts both shutdown packets, waits for no worker: both are in their jobs. */
  naive_pool_shutdown(pool, 0);
  SetEvent(jobs[0].gate);
  WaitForSingleObject(jobs[0].worker, INFINITE);
  SetEvent(jobs[1].gate);
  int exited = 1 + wait_while_progressing(jobs[1].worker);
  if (exited == 2) printf("naive pool, batch size %lu: every worker exited\n", batch_size);
  else printf("naive pool, batch size %lu: shutdown hung: %d of 2 workers exited\n", batch_size, exited);
  fflush(stdout);
  return 0;
}
