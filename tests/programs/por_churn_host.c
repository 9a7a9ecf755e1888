/* One cycle of the churn host of bench/programs/churn_host.c: load the
 * driver, open an environment, run two queries, free it, unload, idle.
 * Small enough for the reduction's soundness tests to enumerate. */
#include <windows.h>
#include <stdio.h>

typedef int (*env_alloc_fn)(void);
typedef int (*query_fn)(int env, int x);
typedef void (*env_free_fn)(int env);

int main(void) {
  HMODULE driver = LoadLibraryA("driver.dll");
  if (!driver) return 1;
  env_alloc_fn env_alloc = (env_alloc_fn)(void *)GetProcAddress(driver, "drv_env_alloc");
  query_fn query = (query_fn)(void *)GetProcAddress(driver, "drv_query");
  env_free_fn env_free = (env_free_fn)(void *)GetProcAddress(driver, "drv_env_free");
  if (!env_alloc || !query || !env_free) return 1;
  int env = env_alloc();
  int a = query(env, 1);
  int b = query(env, 2);
  env_free(env);
  FreeLibrary(driver);
  printf("%d %d\n", a, b);
  Sleep(50);
  return a == 3 && b == 5 ? 0 : 2;
}
