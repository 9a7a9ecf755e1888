/* unload-then-exit: load the driver, run two queries, shut it down, unload
 * it and end the process at once.  Nothing of the driver may be left
 * behind after FreeLibrary: no thread, no handle. */
#include <stdio.h>

#include "driver_query.h"

int main(void) {
  HMODULE driver = LoadLibraryA("driver.dll");
  driver_query_fn query = driver_query_of(driver);
  int rows = query("SELECT 1") + query("SELECT 2");
  assert(rows == 42 && "driver_query returned a wrong row count");
  driver_shutdown_fn shutdown = driver_shutdown_of(driver);
  if (shutdown) shutdown();
  FreeLibrary(driver);
  printf("%d rows; driver.dll %s\n", rows, GetModuleHandleA("driver.dll") ? "still loaded" : "unloaded");
  return 0;
}
