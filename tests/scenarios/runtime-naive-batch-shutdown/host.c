/* The naive pool's shutdown with both workers busy for 100 ms, so both
 * shutdown packets are queued before either worker waits again.  With a
 * batch size above 1 (batch_size.c of the scenario) the first worker back
 * dequeues both, returns at the first and drops the second: the other
 * worker waits forever, and the shutdown with it.  The same program with
 * rt is tests/scenarios/runtime-shutdown. */
#include <stdio.h>

#include "naive_pool.h"

extern const ULONG naive_batch_size;

/* Tells the main thread it started, then keeps its worker busy. */
static void busy_work(void *started) {
  SetEvent(started);
  Sleep(100);
}

int main(void) {
  naive_pool *pool = naive_pool_create(2, naive_batch_size);
  if (!pool) return 1;
  for (int i = 0; i < 2; i++) {
    /* One at a time, each waited for until it runs, so each worker has one. */
    HANDLE started = CreateEventA(NULL, TRUE, FALSE, NULL);
    naive_pool_submit(pool, busy_work, started);
    WaitForSingleObject(started, INFINITE);
    CloseHandle(started);
  }
  printf("batch size %lu, both workers busy: shutdown\n", naive_batch_size);
  int exited = naive_pool_shutdown(pool, INFINITE);
  printf("naive pool: %d of 2 workers exited\n", exited);
  return 0;
}
