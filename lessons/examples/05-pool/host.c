/* Lesson 5: start the pool, run three jobs, stop it, unload it. */
#include <windows.h>
#include <stdio.h>

typedef BOOL (*start_fn)(void);
typedef int (*run_fn)(int x);
typedef void (*stop_fn)(void);

int main(void) {
  HMODULE pool = LoadLibraryA("pool.dll");
  if (!pool) return 1;
  start_fn start = (start_fn)(void *)GetProcAddress(pool, "pool_start");
  run_fn run = (run_fn)(void *)GetProcAddress(pool, "pool_run");
  stop_fn stop = (stop_fn)(void *)GetProcAddress(pool, "pool_stop");
  if (!start || !run || !stop || !start()) return 1;
  for (int x = 1; x <= 3; x++) printf("job %d: %d\n", x, run(x));
  stop();
  FreeLibrary(pool);
  printf("pool stopped and unloaded\n");
  return 0;
}
