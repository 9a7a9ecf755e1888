/* exit-open: an application that ends while it still has an environment
 * open, as programs do when they exit on an error path: load the driver,
 * allocate an environment, run two queries, and call ExitProcess without
 * freeing anything.  ExitProcess ends the driver's worker wherever it is
 * (it may have just answered the last query) before the driver's DllMain
 * gets DLL_PROCESS_DETACH. */
#include <stdio.h>

#include "driver_api.h"

int main(void) {
  HMODULE driver = LoadLibraryA("driver.dll");
  driver_api api = driver_api_of(driver);
  int env = api.env_alloc();
  assert(env > 0 && "drv_env_alloc failed");
  query_and_check(&api, env, 1);
  query_and_check(&api, env, 2);
  printf("2 queries answered; exiting with the environment open\n");
  fflush(stdout);
  ExitProcess(0);
}
