/* Exercise 01, the reference fix (read exercises/01-static-runtime/README.md
 * first, and WRONG-FIXES.md beside this file for the fixes that look right
 * and are not).
 *
 * The runtime now lives exactly as long as some environment is open: the
 * first drv_env_alloc creates it, and the drv_env_free that closes the last
 * environment shuts it down with rt_shutdown, which returns only when every
 * worker has exited (and the keep-alive timer is cancelled).  That call runs
 * on the application's thread inside drv_env_free, outside DllMain, so
 * waiting for the workers cannot deadlock on the loader lock.  When the
 * application unloads the driver after freeing its environments, as ODBC
 * requires, no code of the driver is running or waiting any more.
 *
 * DllMain does nothing, on purpose:
 * - At process exit (lpReserved non-NULL) ExitProcess has already
 *   terminated the workers wherever they were, possibly inside the
 *   runtime's lock; the process is ending and the system reclaims
 *   everything, so touching the runtime could only block.
 * - On FreeLibrary (lpReserved NULL) every environment has been freed, so
 *   the runtime is already gone.  An application that unloads the driver
 *   with an environment still open breaks the driver's contract, and no
 *   code in DllMain could save it: waiting for the workers there deadlocks,
 *   not waiting leaves them to run in the unmapped driver.
 */
#include "rt.h"

#define WORKERS 1
#define ENVS_MAX 8
#define KEEPALIVE_MS 20

/* Guards everything below, including the runtime's creation and shutdown. */
static SRWLOCK lock = SRWLOCK_INIT;
static rt_runtime *runtime;       /* exists while envs_open > 0 */
static BOOL env_open[ENVS_MAX];
static int envs_open;
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
    envs_open++;
    env = slot + 1;
  }
  ReleaseSRWLockExclusive(&lock);
  return env;
}

__declspec(dllexport) int drv_query(int env, int x) {
  /* The runtime cannot go away under this query: it lives until env, which
   * the caller is using, is freed. */
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
    if (--envs_open == 0) {
      /* The last environment: stop the runtime and wait until its worker
       * has exited.  The lock stays held, so a drv_env_alloc on another
       * thread waits and then starts a fresh runtime; the worker never
       * takes this lock, so it can always finish. */
      (void)rt_shutdown(runtime);
      runtime = NULL;
    }
  }
  ReleaseSRWLockExclusive(&lock);
}
