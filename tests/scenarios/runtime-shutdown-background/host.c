/* A worker is busy with a task that waits for a gate when the main thread
 * calls rt_shutdown_background.  The call returns at once: the task has not
 * finished and no worker has exited, which in a DLL means the workers are
 * still running its code (tests/scenarios/runtime-driver shows what
 * FreeLibrary makes of that).  The main thread opens the gate only after
 * it has looked, so the task cannot have finished by then, however slowly
 * the main thread gets there (a sleeping task would make that a race
 * against the clock on a busy machine). */
#include <assert.h>
#include <stdio.h>

#include "rt.h"

typedef struct busy_job {
  HANDLE started, gate;
} busy_job;

static void *busy_task(void *arg) {
  busy_job *job = arg;
  SetEvent(job->started);
  WaitForSingleObject(job->gate, INFINITE);
  return (void *)1;
}

int main(void) {
  rt_runtime *rt;
  rt_error error = rt_create(2, 4, &rt);
  assert(error == RT_OK);
  busy_job job = {CreateEventA(NULL, TRUE, FALSE, NULL), CreateEventA(NULL, TRUE, FALSE, NULL)};
  rt_task *task;
  error = rt_spawn(rt, busy_task, &job, &task);
  assert(error == RT_OK);
  WaitForSingleObject(job.started, INFINITE);

  error = rt_shutdown_background(rt);
  printf("rt_shutdown_background returned: %s\n", rt_error_name(error));
  assert(error == RT_OK);
  error = rt_block_on(task, 0, NULL);
  printf("the task, right after: %s\n", rt_error_name(error));
  assert(error == ERROR_TIMEOUT && "rt_shutdown_background waited for the task");
  SetEvent(job.gate);
  error = rt_block_on(task, INFINITE, NULL);
  printf("the task, waited for: %s\n", rt_error_name(error));
  rt_task_release(task);
  CloseHandle(job.started);
  CloseHandle(job.gate);
  return 0;
}
