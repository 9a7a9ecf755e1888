/* Loads the driver, starts its pool work and frees it at once, as a
 * connection pool that closes an idle driver does; then waits long enough
 * (virtual time) for any callback to have finished. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  HMODULE driver = LoadLibraryA("driver.dll");
  BOOL (*start)(void) = (BOOL (*)(void))GetProcAddress(driver, "driver_start");
  if (!start || !start()) return 1;
  FreeLibrary(driver);
  Sleep(100);
  printf("host: done, driver %s\n", GetModuleHandleA("driver.dll") ? "still loaded" : "unloaded");
  return 0;
}
