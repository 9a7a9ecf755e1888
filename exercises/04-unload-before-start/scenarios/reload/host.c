/* reload: load, query, unload, and again at once: the second load may
 * come while something of the first is still running.  Then idle 20 ms. */
#include <stdio.h>

#include "driver_query.h"

int main(void) {
  for (int cycle = 1; cycle <= 2; cycle++) {
    HMODULE driver = LoadLibraryA("driver.dll");
    driver_query_fn query = driver_query_of(driver);
    int rows = query("SELECT 1");
    assert(rows == 1 && "driver_query returned a wrong row count");
    driver_shutdown_fn shutdown = driver_shutdown_of(driver);
    if (shutdown) shutdown();
    FreeLibrary(driver);
  }
  Sleep(20);
  printf("2 cycles; after 20 ms driver.dll is %s\n",
         GetModuleHandleA("driver.dll") ? "still loaded" : "unloaded");
  return 0;
}
