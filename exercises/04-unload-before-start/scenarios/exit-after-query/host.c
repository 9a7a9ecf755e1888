/* exit-after-query: load the driver, run one query and end the process at
 * once, without unloading the driver. */
#include <stdio.h>

#include "driver_query.h"

int main(void) {
  HMODULE driver = LoadLibraryA("driver.dll");
  driver_query_fn query = driver_query_of(driver);
  int rows = query("SELECT 1");
  assert(rows == 1 && "driver_query returned a wrong row count");
  driver_shutdown_fn shutdown = driver_shutdown_of(driver);
  if (shutdown) shutdown();
  printf("%d rows\n", rows);
  return 0;
}
