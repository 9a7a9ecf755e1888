/* The driver of driver.c, but the runtime is stopped in DLL_PROCESS_DETACH
 * with rt_shutdown (driver_close does nothing).  rt_shutdown waits for the
 * workers to exit; a thread's exit takes the loader lock, which the thread
 * in DllMain holds while it waits: a deadlock. */
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

__declspec(dllexport) int driver_close(void) { return 0; }

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  /* At process exit (reserved non-NULL) the workers are already gone. */
  if (reason == DLL_PROCESS_DETACH && reserved == NULL && runtime) rt_shutdown(runtime);
  return TRUE;
}
