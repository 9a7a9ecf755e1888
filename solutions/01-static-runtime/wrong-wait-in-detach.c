/* Exercise 01, wrong fix: wait for the worker in DLL_PROCESS_DETACH.
 *
 * rt_shutdown returns only once the worker has exited, and a thread's exit
 * takes the loader lock to send DLL_THREAD_DETACH; the thread running
 * DllMain holds that lock until DllMain returns.  Neither can go on: a
 * deadlock in the first FreeLibrary (WRONG-FIXES.md, 3).
 */
#include "rt.h"

#define WORKERS 1
#define ENVS_MAX 8
#define KEEPALIVE_MS 20

/* Guards everything below. */
static SRWLOCK lock = SRWLOCK_INIT;
/* Created on first use; shut down at unload. */
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

/* The wrong fix: stop the runtime and wait for its worker at unload.  The
 * worker needs the loader lock to exit (DLL_THREAD_DETACH), and this
 * thread holds it for as long as DllMain runs. */
BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_DETACH && reserved == NULL && runtime) (void)rt_shutdown(runtime);
  return TRUE;
}
