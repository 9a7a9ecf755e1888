/* A task waits for a gate the main thread opens later.  Blocking on it
 * with a timeout gives up after the timeout (virtual time in the
 * simulator); after the gate opens and the runtime shuts down, the task
 * handle still gives the result. */
#include <assert.h>
#include <stdio.h>

#include "rt.h"

static void *wait_for_gate(void *gate) {
  WaitForSingleObject(gate, INFINITE);
  return (void *)7;
}

int main(void) {
  HANDLE gate = CreateEventA(NULL, TRUE, FALSE, NULL);
  rt_runtime *rt;
  rt_error error = rt_create(2, 4, &rt);
  assert(error == RT_OK);
  rt_task *task;
  error = rt_spawn(rt, wait_for_gate, gate, &task);
  assert(error == RT_OK);

  ULONGLONG before_ms = GetTickCount64();
  void *result = NULL;
  error = rt_block_on(task, 50, &result);
  printf("rt_block_on(50 ms) with the gate closed: %s after %llu ms\n", rt_error_name(error),
         GetTickCount64() - before_ms);
  assert(error == ERROR_TIMEOUT);

  SetEvent(gate);
  error = rt_shutdown(rt);
  printf("rt_shutdown: %s\n", rt_error_name(error));
  assert(error == RT_OK);
  error = rt_block_on(task, 0, &result);
  printf("rt_block_on(0 ms) after rt_shutdown: %s, result %d\n", rt_error_name(error),
         (int)(INT_PTR)result);
  assert(error == RT_OK && result == (void *)7);
  rt_task_release(task);
  CloseHandle(gate);
  return 0;
}
