/* A driver DLL that embeds rt, for loaderlab-host (win32/host): each call
 * of an export is one connection - it starts a runtime, runs the query on
 * it, and stops the runtime before returning, so that the host's
 * FreeLibrary comes right after the stop.
 *   driver_query             stops with rt_shutdown: every worker has
 *                            exited before it returns, so the DLL can go.
 *   driver_query_background  stops with rt_shutdown_background: the workers
 *                            are still inside the DLL when it is unmapped.
 * The simulator runs the same shapes as tests/scenarios/runtime-driver. */
#include <string.h>

#include "rt.h"

typedef rt_error (*stop_fn)(rt_runtime *rt);

static void *count_rows(void *sql) { return (void *)(INT_PTR)strlen(sql); }

static int query_on_runtime(const char *sql, stop_fn stop) {
  rt_runtime *rt;
  if (rt_create(2, 4, &rt) != RT_OK) return -1;
  rt_task *task;
  void *rows = NULL;
  rt_error error = rt_spawn(rt, count_rows, (void *)sql, &task);
  if (error == RT_OK) {
    error = rt_block_on(task, INFINITE, &rows);
    rt_task_release(task);
  }
  rt_error stopped = stop(rt);
  return error == RT_OK && stopped == RT_OK ? (int)(INT_PTR)rows : -1;
}

__declspec(dllexport) int driver_query(const char *sql) {
  return query_on_runtime(sql, rt_shutdown);
}

__declspec(dllexport) int driver_query_background(const char *sql) {
  return query_on_runtime(sql, rt_shutdown_background);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reason;
  (void)reserved;
  return TRUE;
}
