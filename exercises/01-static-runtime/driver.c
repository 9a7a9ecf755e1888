/* exampledb's database driver, the DLL of exercise 01 (read README.md
 * first).  It is the code you start from; the bug in it is yours to fix.
 *
 * The driver runs every query on a small async runtime (runtime/rt.h): two
 * worker threads that wait on an I/O completion port.  The runtime is
 * created the first time an application allocates an environment and kept
 * in a static variable from then on, the way drivers that embed an async
 * runtime usually do it.  While it exists it also pings the database every
 * KEEPALIVE_MS milliseconds so that idle connections stay open; the ping is
 * a timer of the runtime, so a worker wakes up for it even when nobody
 * queries.
 *
 * The three exports are the driver's whole interface, modelled on ODBC's
 * environment handles.  Their signatures are fixed: applications, the
 * exercise's scenarios and the grader call exactly these.
 *
 *   int  drv_env_alloc(void)         > 0: a new environment's id; -1: failure
 *   int  drv_query(int env, int x)   runs a query on the driver's workers and
 *                                    returns its answer, x * 2 + 1; or -1
 *                                    (env is not open, or the runtime failed)
 *   void drv_env_free(int env)       releases the environment
 */
#include "rt.h"

#define WORKERS 1
#define ENVS_MAX 8
#define KEEPALIVE_MS 20

/* Guards everything below.  An SRW lock needs no initialisation call, so
 * the driver needs no DllMain. */
static SRWLOCK lock = SRWLOCK_INIT;
/* Created on first use and never shut down. */
static rt_runtime *runtime;
/* env_open[i]: environment i + 1 is allocated. */
static BOOL env_open[ENVS_MAX];
static LONG volatile pings;

/* The keep-alive ping, a timer task on the runtime it is given: it counts
 * itself and sets the next ping up. */
static void *keepalive(void *rt) {
  InterlockedIncrement(&pings);
  /* Fails only once the runtime shuts down, and then no ping is wanted. */
  (void)rt_spawn_after(rt, KEEPALIVE_MS, keepalive, rt, NULL);
  return NULL;
}

/* The query itself: the database's answer to x. */
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
  if (runtime || runtime_start()) {
    for (int i = 0; i < ENVS_MAX && env < 0; i++)
      if (!env_open[i]) {
        env_open[i] = TRUE;
        env = i + 1;
      }
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
  if (env >= 1 && env <= ENVS_MAX) env_open[env - 1] = FALSE;
  /* The runtime stays: the next environment will want it again. */
  ReleaseSRWLockExclusive(&lock);
}
