/* exit-clean: an application that does everything by the book and then
 * ends at once: load the driver, allocate an environment, run two queries,
 * free the environment, unload the driver and return from main.  Nothing
 * of the driver may be left in the process after FreeLibrary: no thread,
 * no handle, no memory. */
#include <stdio.h>

#include "driver_api.h"

int main(void) {
  HMODULE driver = LoadLibraryA("driver.dll");
  driver_api api = driver_api_of(driver);
  int env = api.env_alloc();
  assert(env > 0 && "drv_env_alloc failed");
  query_and_check(&api, env, 1);
  query_and_check(&api, env, 2);
  api.env_free(env);
  FreeLibrary(driver);
  printf("2 queries answered; driver.dll %s\n",
         GetModuleHandleA("driver.dll") ? "still loaded" : "unloaded");
  return 0;
}
