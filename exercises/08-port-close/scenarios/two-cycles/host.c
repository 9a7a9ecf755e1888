/* two-cycles: the bug report's program, a connection pool in miniature.
 * Load the driver, run two queries, shut it down, unload it, and idle
 * 10 ms before the next connection; twice. */
#include <stdio.h>

#include "driver_query.h"

int main(void) {
  for (int cycle = 1; cycle <= 2; cycle++) {
    HMODULE driver = LoadLibraryA("driver.dll");
    driver_query_fn query = driver_query_of(driver);
    int rows = query("SELECT 1") + query("SELECT 2");
    assert(rows == 42 && "driver_query returned a wrong row count");
    printf("cycle %d: %d rows\n", cycle, rows);
    driver_shutdown_fn shutdown = driver_shutdown_of(driver);
    if (shutdown) shutdown();
    FreeLibrary(driver);
    Sleep(10);
  }
  printf("done\n");
  return 0;
}
