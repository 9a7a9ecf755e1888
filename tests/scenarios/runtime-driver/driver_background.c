/* The driver of driver.c, but driver_close stops the runtime with
 * rt_shutdown_background: it returns while the workers are still waking
 * up inside this DLL, and the host's FreeLibrary unmaps the code they are
 * about to return into. */
#include "rt.h"

static rt_runtime *runtime;

static void *run_query(void *id) { return (void *)((INT_PTR)id * 7); }

__declspec(dllexport) int driver_query(int id) {
  if (!runtime && rt_create(2, 4, &runtime) != RT_OK) return -1;
  rt_task *task;
  if (rt_spawn(runtime, run_query, (void *)(INT_PTR)id, &task) != RT_OK) return -1;
  void *rows = NULL;
  rt_error error = rt_block_on(task, INFINITE, &rows);
  rt_task_release(task);
  return error == RT_OK ? (int)(INT_PTR)rows : -1;
}

__declspec(dllexport) int driver_close(void) {
  if (!runtime) return 0;
  /* Looks safe: nothing waits, nothing can deadlock.  Not safe: see above. */
  rt_error error = rt_shutdown_background(runtime);
  runtime = NULL;
  return error == RT_OK ? 0 : -1;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reason;
  (void)reserved;
  return TRUE;
}
