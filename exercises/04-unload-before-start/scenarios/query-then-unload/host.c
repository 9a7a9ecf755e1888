/* query-then-unload: the bug report's program.  Load the driver, run one
 * query, unload the driver at once, and go on with other work for a while
 * (20 ms).  After that, nothing should be left of the driver. */
#include <stdio.h>

#include "driver_query.h"

int main(void) {
  HMODULE driver = LoadLibraryA("driver.dll");
  driver_query_fn query = driver_query_of(driver);
  int rows = query("SELECT 1");
  assert(rows == 1 && "driver_query returned a wrong row count");
  driver_shutdown_fn shutdown = driver_shutdown_of(driver);
  if (shutdown) shutdown();
  FreeLibrary(driver);
  Sleep(20);
  printf("1 rows; after 20 ms driver.dll is %s\n",
         GetModuleHandleA("driver.dll") ? "still loaded" : "unloaded");
  return 0;
}
