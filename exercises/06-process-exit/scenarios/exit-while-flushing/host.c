/* exit-while-flushing: the bug report's program.  Load the driver, run a
 * query, do 12 ms of other work (the flusher runs meanwhile), and leave
 * main without unloading the driver, as most programs do; the C runtime
 * then calls ExitProcess.  Before it leaves, the program calls the
 * driver's driver_shutdown if the driver has one. */
#include <stdio.h>

#include "driver_query.h"

int main(void) {
  HMODULE driver = LoadLibraryA("driver.dll");
  driver_query_fn query = driver_query_of(driver);
  int rows = query("INSERT 1");
  assert(rows == 1 && "driver_query returned a wrong row count");
  printf("%d rows\n", rows);
  fflush(stdout);
  Sleep(12);
  driver_shutdown_fn shutdown = driver_shutdown_of(driver);
  if (shutdown) shutdown();
  return 0;
}
