/* The host shared by the pool scenarios: load the driver, run two queries,
 * shut it down if it offers that, unload it; twice, as a pool would. */
#include <windows.h>
#include <stdio.h>

typedef int (*query_fn)(const char *sql);
typedef void (*shutdown_fn)(void);

int main(void) {
  for (int cycle = 1; cycle <= 2; cycle++) {
    HMODULE driver = LoadLibraryA("driver.dll");
    if (!driver) return 1;
    query_fn query = (query_fn)GetProcAddress(driver, "driver_query");
    shutdown_fn shutdown = (shutdown_fn)GetProcAddress(driver, "driver_shutdown");
    printf("cycle %d: %d rows\n", cycle, query("SELECT 1") + query("SELECT 2"));
    if (shutdown) shutdown();
    FreeLibrary(driver);
  }
  printf("done\n");
  return 0;
}
