/* Exercise 01, wrong fix: stop the runtime in drv_env_free, every time.
 *
 * It passes the bug report's own program, which never has more than one
 * environment open: there the first free is also the last.  With two
 * environments open at once, freeing one stops the runtime under the
 * other: its next query fails (drv_query returns -1 and the host's check
 * fails), or it is caught in the middle of the shutdown
 * (WRONG-FIXES.md, 4).
 */
#include "rt.h"

#define WORKERS 1
#define ENVS_MAX 8
#define KEEPALIVE_MS 20

/* Guards everything below, including the runtime's creation and shutdown. */
static SRWLOCK lock = SRWLOCK_INIT;
static rt_runtime *runtime;       /* created again by the next drv_env_alloc */
static BOOL env_open[ENVS_MAX];
static LONG volatile pings;

/* The keep-alive ping, unchanged: a timer task on the runtime it is given. */
static void *keepalive(void *rt) {
  InterlockedIncrement(&pings);
  /* Fails once the runtime shuts down (rt_shutdown cancels the pending
   * ping and refuses new ones), and then no ping is wanted. */
  (void)rt_spawn_after(rt, KEEPALIVE_MS, keepalive, rt, NULL);
  return NULL;
}

static void *answer(void *x) { return (void *)((INT_PTR)x * 2 + 1); }

/* Starts the runtime and its keep-alive ping, under the lock. */
static BOOL runtime_start(void) {
  if (rt_create(WORKERS, 1, &runtime) != RT_OK) return FALSE;
  (void)rt_spawn_after(runtime, KEEPALIVE_MS, keepalive, runtime, NULL);
  return TRUE;
}

__declspec(dllexport) int drv_env_alloc(void) {
  int env = -1;
  AcquireSRWLockExclusive(&lock);
  int slot = -1;
  for (int i = 0; i < ENVS_MAX && slot < 0; i++)
    if (!env_open[i]) slot = i;
  if (slot >= 0 && (runtime || runtime_start())) {
    env_open[slot] = TRUE;
    env = slot + 1;
  }
  ReleaseSRWLockExclusive(&lock);
  return env;
}

__declspec(dllexport) int drv_query(int env, int x) {
  AcquireSRWLockShared(&lock);
  rt_runtime *rt = env >= 1 && env <= ENVS_MAX && env_open[env - 1] ? runtime : NULL;
  ReleaseSRWLockShared(&lock);
  if (!rt) return -1;
  rt_task *task;
  if (rt_spawn(rt, answer, (void *)(INT_PTR)x, &task) != RT_OK) return -1;
  void *result = NULL;
  rt_error error = rt_block_on(task, INFINITE, &result);
  rt_task_release(task);
  return error == RT_OK ? (int)(INT_PTR)result : -1;
}

__declspec(dllexport) void drv_env_free(int env) {
  AcquireSRWLockExclusive(&lock);
  if (env >= 1 && env <= ENVS_MAX && env_open[env - 1]) {
    env_open[env - 1] = FALSE;
    /* The wrong fix: whoever frees an environment stops the runtime, as if
     * it were the only one.  Another environment may be open and using it. */
    if (runtime) (void)rt_shutdown(runtime);
    runtime = NULL;
  }
  ReleaseSRWLockExclusive(&lock);
}
