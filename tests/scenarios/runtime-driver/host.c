/* A connection pool in miniature: load the driver, run a query, close the
 * driver, unload it, and idle a little before the next connection; twice. */
#include <windows.h>
#include <stdio.h>

typedef int (*query_fn)(int id);
typedef int (*close_fn)(void);

int main(void) {
  for (int cycle = 1; cycle <= 2; cycle++) {
    HMODULE driver = LoadLibraryA("driver.dll");
    if (!driver) {
      printf("cannot load driver.dll (error %lu)\n", GetLastError());
      return 1;
    }
    /* Through void *: FARPROC is unprototyped, and -Wextra objects to a
     * direct cast between function types that differ. */
    query_fn query = (query_fn)(void *)GetProcAddress(driver, "driver_query");
    close_fn close = (close_fn)(void *)GetProcAddress(driver, "driver_close");
    if (!query || !close) {
      printf("driver.dll lacks driver_query or driver_close\n");
      return 1;
    }
    printf("cycle %d: %d rows\n", cycle, query(6));
    printf("cycle %d: driver_close %d\n", cycle, close());
    FreeLibrary(driver);
    /* While the pool idles, anything the driver left running runs too. */
    Sleep(10);
  }
  return 0;
}
