/* A connection pool in miniature: load the database driver, run a query,
 * unload the driver, and do it again, as pools and test harnesses do. */
#include <windows.h>
#include <stdio.h>

typedef int (*query_fn)(const char *sql);

int main(void) {
  for (int cycle = 1; cycle <= 3; cycle++) {
    HMODULE driver = LoadLibraryA("driver.dll");
    if (!driver) {
      printf("cannot load driver.dll (error %lu)\n", GetLastError());
      return 1;
    }
    query_fn query = (query_fn)GetProcAddress(driver, "driver_query");
    if (!query) {
      printf("driver.dll has no driver_query\n");
      return 1;
    }
    printf("cycle %d: %d rows\n", cycle, query("SELECT 1"));
    FreeLibrary(driver);
  }
  return 0;
}
