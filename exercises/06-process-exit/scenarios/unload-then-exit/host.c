/* unload-then-exit: a program that cleans up before it exits.  Load the
 * driver, run two queries, call the driver's driver_shutdown if it has
 * one, unload the driver, do 12 ms of other work, and exit. */
#include <stdio.h>

#include "driver_query.h"

int main(void) {
  HMODULE driver = LoadLibraryA("driver.dll");
  driver_query_fn query = driver_query_of(driver);
  for (int i = 0; i < 2; i++) {
    int rows = query("INSERT 1");
    assert(rows == 1 && "driver_query returned a wrong row count");
  }
  driver_shutdown_fn shutdown = driver_shutdown_of(driver);
  if (shutdown) shutdown();
  FreeLibrary(driver);
  printf("2 rows; driver.dll %s\n", GetModuleHandleA("driver.dll") ? "still loaded" : "unloaded");
  fflush(stdout);
  Sleep(12);
  return 0;
}
