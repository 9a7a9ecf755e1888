/* The naive pool's shutdown on the real thing: two workers, busy for 200
 * and 1000 ms when the shutdown posts its two packets, so the first worker
 * back finds both queued and has taken them long before the second one
 * comes back.  (Coming back at the same moment, the two were seen to
 * split the packets between them under Wine, and nothing hung.)  With a
 * batch size above 1 (argument 1) the first worker
 * dequeues both and drops the second, and the other worker never exits.
 * The shutdown waits 3 s per worker, not forever, and the program reports
 * what happened:
 *   "naive pool, batch size 4: shutdown hung: 1 of 2 workers exited"
 *   "naive pool, batch size 1: every worker exited"
 * Returning from main ends the process, stuck worker included.  The
 * windows are 200 and 800 ms wide, not airtight: a thread stalled for
 * longer could change the outcome.  The simulator's version
 * (tests/scenarios/runtime-naive-batch-shutdown) has no such window. */
#include <stdio.h>
#include <stdlib.h>

#include "naive_pool.h"

typedef struct busy_job {
  HANDLE started;
  DWORD busy_ms;
} busy_job;

static void busy_work(void *arg) {
  busy_job *job = arg;
  SetEvent(job->started);
  Sleep(job->busy_ms);
}

int main(int argc, char **argv) {
  ULONG batch_size = argc > 1 ? (ULONG)strtoul(argv[1], NULL, 10) : 4;
  naive_pool *pool = naive_pool_create(2, batch_size);
  if (!pool) {
    printf("naive pool: cannot create it (error %lu)\n", GetLastError());
    return 2;
  }
  static busy_job jobs[2] = {{NULL, 200}, {NULL, 1000}};
  for (int i = 0; i < 2; i++) {
    /* One at a time, each waited for until it runs, so each worker has one. */
    jobs[i].started = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (!naive_pool_submit(pool, busy_work, &jobs[i])) {
      printf("naive pool: cannot submit (error %lu)\n", GetLastError());
      return 2;
    }
    WaitForSingleObject(jobs[i].started, INFINITE);
    CloseHandle(jobs[i].started);
  }
  int exited = naive_pool_shutdown(pool, 3000);
  if (exited == 2) printf("naive pool, batch size %lu: every worker exited\n", batch_size);
  else printf("naive pool, batch size %lu: shutdown hung: %d of 2 workers exited\n", batch_size, exited);
  fflush(stdout);
  return 0;
}
