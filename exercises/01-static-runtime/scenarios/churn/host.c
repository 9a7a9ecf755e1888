/* churn: what the connection pool of the bug report does.  Three times:
 * load the driver, allocate an environment, run two queries, free the
 * environment, unload the driver; then let the program idle for 50 ms
 * before the next connection, as a pool between two requests does.  While
 * it idles, anything the driver left behind runs too. */
#include <stdio.h>

#include "driver_api.h"

int main(void) {
  for (int cycle = 1; cycle <= 3; cycle++) {
    HMODULE driver = LoadLibraryA("driver.dll");
    driver_api api = driver_api_of(driver);
    int env = api.env_alloc();
    assert(env > 0 && "drv_env_alloc failed");
    query_and_check(&api, env, 1);
    query_and_check(&api, env, 2);
    api.env_free(env);
    FreeLibrary(driver);
    printf("cycle %d: 2 queries answered; driver.dll %s\n", cycle,
           GetModuleHandleA("driver.dll") ? "still loaded" : "unloaded");
    Sleep(50);
  }
  return 0;
}
