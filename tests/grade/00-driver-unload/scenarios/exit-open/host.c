/* The host queries the driver and ends without unloading it: the driver's
 * DLL_PROCESS_DETACH runs at process exit, after ExitProcess terminated
 * its workers. */
#include <windows.h>
#include <stdio.h>

typedef int (*query_fn)(const char *sql);

int main(void) {
  HMODULE driver = LoadLibraryA("driver.dll");
  if (!driver) return 1;
  query_fn query = (query_fn)GetProcAddress(driver, "driver_query");
  if (!query) return 1;
  int rows = query("SELECT 1");
  printf("%d rows\n", rows);
  return rows == 42 ? 0 : 1;
}
