/* Lesson 9: the sample's connection pool (sim/samples/driver-unload/host.c),
 * which now calls the driver's driver_shutdown before each FreeLibrary;
 * two cycles instead of three keep an exhaustive search short. */
#include <windows.h>
#include <stdio.h>

typedef int (*query_fn)(const char *sql);
typedef void (*shutdown_fn)(void);

int main(void) {
  for (int cycle = 1; cycle <= 2; cycle++) {
    HMODULE driver = LoadLibraryA("driver.dll");
    if (!driver) {
      printf("cannot load driver.dll (error %lu)\n", GetLastError());
      return 1;
    }
    query_fn query = (query_fn)(void *)GetProcAddress(driver, "driver_query");
    shutdown_fn shutdown = (shutdown_fn)(void *)GetProcAddress(driver, "driver_shutdown");
    if (!query || !shutdown) {
      printf("driver.dll lacks driver_query or driver_shutdown\n");
      return 1;
    }
    printf("cycle %d: %d rows\n", cycle, query("SELECT 1"));
    shutdown();
    FreeLibrary(driver);
  }
  return 0;
}
