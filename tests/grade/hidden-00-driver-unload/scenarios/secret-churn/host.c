/* Hidden host: two load/query/unload cycles, then a line only this host
 * prints (SECRET-7f3a9c), which must never reach a student. */
#include <windows.h>
#include <stdio.h>

typedef int (*query_fn)(const char *sql);

int main(void) {
  for (int cycle = 1; cycle <= 2; cycle++) {
    HMODULE driver = LoadLibraryA("driver.dll");
    if (!driver) return 1;
    query_fn query = (query_fn)GetProcAddress(driver, "driver_query");
    if (!query || query("SELECT 2") != 42) return 1;
    FreeLibrary(driver);
  }
  printf("SECRET-7f3a9c done\n");
  return 0;
}
