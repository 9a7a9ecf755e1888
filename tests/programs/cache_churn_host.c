/* The churn host of bench/programs/churn_host.c with two cycles, for the
 * state cache test (tests/unit/test_state_cache.c).  Twice: load the
 * driver, open an environment, run two queries, free the environment,
 * unload the driver, and idle 50 ms before the next connection. */
#include <windows.h>
#include <stdio.h>

typedef int (*env_alloc_fn)(void);
typedef int (*query_fn)(int env, int x);
typedef void (*env_free_fn)(int env);

int main(void) {
  for (int cycle = 1; cycle <= 2; cycle++) {
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
    printf("cycle %d: %d %d\n", cycle, a, b);
    if (a != 3 || b != 5) return 2;
    Sleep(50);
  }
  return 0;
}
