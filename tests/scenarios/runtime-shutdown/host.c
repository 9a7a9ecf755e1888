/* Both workers are busy with a 100 ms task when rt_shutdown posts its two
 * shutdown packets, so the first worker to come back dequeues both in one
 * batch (batch size 4).  rt_worker.c hands the second one back; the naive
 * pool (tests/scenarios/runtime-naive-batch-shutdown) drops it and hangs.
 * When rt_shutdown returns, both tasks have finished and both workers have
 * exited. */
#include <assert.h>
#include <stdio.h>

#include "rt.h"

/* Tells the main thread it started, then keeps its worker busy. */
static void *busy_task(void *started) {
  SetEvent(started);
  Sleep(100);
  return NULL;
}

int main(void) {
  rt_runtime *rt;
  rt_error error = rt_create(2, 4, &rt);
  assert(error == RT_OK);
  rt_task *tasks[2];
  for (int i = 0; i < 2; i++) {
    /* One task at a time, each waited for until it runs, so that each
     * worker has one (a batch could otherwise take both). */
    HANDLE started = CreateEventA(NULL, TRUE, FALSE, NULL);
    error = rt_spawn(rt, busy_task, started, &tasks[i]);
    assert(error == RT_OK);
    WaitForSingleObject(started, INFINITE);
    CloseHandle(started);
  }
  printf("both workers are busy; rt_shutdown\n");
  error = rt_shutdown(rt);
  printf("rt_shutdown returned: %s\n", rt_error_name(error));
  assert(error == RT_OK);
  for (int i = 0; i < 2; i++) {
    error = rt_block_on(tasks[i], 0, NULL);
    printf("task %d: %s\n", i + 1, rt_error_name(error));
    assert(error == RT_OK && "rt_shutdown returned before a task finished");
    rt_task_release(tasks[i]);
  }
  return 0;
}
