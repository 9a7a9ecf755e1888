/* load-and-query: what the application of the bug report does.  It loads
 * the driver, runs a query, checks the answer, and leaves main without
 * unloading the driver, as most programs do. */
#include <stdio.h>

#include "driver_query.h"

int main(void) {
  HMODULE driver = LoadLibraryA("driver.dll");
  driver_query_fn query = driver_query_of(driver);
  int rows = query("SELECT 1");
  assert(rows == 1 && "driver_query returned a wrong row count");
  printf("%d rows\n", rows);
  driver_shutdown_fn shutdown = driver_shutdown_of(driver);
  if (shutdown) shutdown();
  return 0;
}
