/* Exercise 01, wrong fix: shut the runtime down "in the background" from
 * DLL_PROCESS_DETACH, the fix the original bug report proposed.
 *
 * rt_shutdown_background wakes the worker and returns at once; FreeLibrary
 * unmaps the driver right after DllMain returns, while the woken worker is
 * still running the runtime's code on its way out.  Still an access
 * violation (WRONG-FIXES.md, 1).
 */
#include "rt.h"

#define WORKERS 1
#define ENVS_MAX 8
#define KEEPALIVE_MS 20

/* Guards everything below. */
static SRWLOCK lock = SRWLOCK_INIT;
/* Created on first use; stopped "in the background" at unload. */
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

/* The wrong fix.  Waiting for the worker here would deadlock (it needs the
 * loader lock, which this thread holds, to exit), so the shutdown is only
 * begun: the worker is woken and left to exit by itself. */
BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_DETACH && reserved == NULL && runtime) (void)rt_shutdown_background(runtime);
  return TRUE;
}
