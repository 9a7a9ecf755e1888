/* The host shared by the process-exit scenarios: use the driver, then
 * leave main without unloading it, as most programs do. */
#include <windows.h>
#include <stdio.h>

typedef int (*query_fn)(const char *sql);

int main(void) {
  HMODULE driver = LoadLibraryA("driver.dll");
  if (!driver) return 1;
  query_fn query = (query_fn)GetProcAddress(driver, "driver_query");
  printf("%d rows\n", query("SELECT 1"));
  Sleep(12);
  return 0;
}
