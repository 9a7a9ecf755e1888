/* A worker is busy with a 100 ms task when the main thread calls
 * rt_shutdown_background.  The call returns at once: the task has not
 * finished and no worker has exited, which in a DLL means the workers are
 * still running its code (tests/scenarios/runtime-driver shows what
 * FreeLibrary makes of that). */
#include <assert.h>
#include <stdio.h>

#include "rt.h"

static void *busy_task(void *started) {
  SetEvent(started);
  Sleep(100);
  return (void *)1;
}

int main(void) {
  rt_runtime *rt;
  rt_error error = rt_create(2, 4, &rt);
  assert(error == RT_OK);
  HANDLE started = CreateEventA(NULL, TRUE, FALSE, NULL);
  rt_task *task;
  error = rt_spawn(rt, busy_task, started, &task);
  assert(error == RT_OK);
  WaitForSingleObject(started, INFINITE);
  CloseHandle(started);

  error = rt_shutdown_background(rt);
  printf("rt_shutdown_background returned: %s\n", rt_error_name(error));
  assert(error == RT_OK);
  error = rt_block_on(task, 0, NULL);
  printf("the task, right after: %s\n", rt_error_name(error));
  assert(error == ERROR_TIMEOUT && "rt_shutdown_background waited for the task");
  error = rt_block_on(task, INFINITE, NULL);
  printf("the task, waited for: %s\n", rt_error_name(error));
  rt_task_release(task);
  return 0;
}
