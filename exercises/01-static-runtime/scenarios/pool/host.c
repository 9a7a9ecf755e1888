/* pool: two threads of a connection pool, each loading the driver for its
 * own connection and unloading it when done.  They take turns so that the
 * driver's reference count goes 1 -> 2 -> 1 -> 0 while queries run: the
 * first connection loads the driver, the second loads it too, and only
 * then does the first one run its second query and let go; whichever
 * finishes last unloads the driver for real.  Then the pool idles for
 * 50 ms. */
#include <stdio.h>

#include "driver_api.h"

static HANDLE first_loaded, second_loaded;

static void connect_and_query(int me) {
  HMODULE driver = LoadLibraryA("driver.dll");
  driver_api api = driver_api_of(driver);
  if (me == 0) SetEvent(first_loaded);
  else SetEvent(second_loaded);
  int env = api.env_alloc();
  assert(env > 0 && "drv_env_alloc failed");
  query_and_check(&api, env, 10 * me + 1);
  if (me == 0) WaitForSingleObject(second_loaded, INFINITE);
  query_and_check(&api, env, 10 * me + 2);
  api.env_free(env);
  FreeLibrary(driver);
  printf("connection %d: 2 queries answered, driver released\n", me);
}

static DWORD WINAPI second_connection(LPVOID unused) {
  (void)unused;
  WaitForSingleObject(first_loaded, INFINITE);
  connect_and_query(1);
  return 0;
}

int main(void) {
  first_loaded = CreateEventA(NULL, TRUE, FALSE, NULL);
  second_loaded = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE second = CreateThread(NULL, 0, second_connection, NULL, 0, NULL);
  assert(second != NULL && "CreateThread failed");
  connect_and_query(0);
  WaitForSingleObject(second, INFINITE);
  CloseHandle(second);
  CloseHandle(first_loaded);
  CloseHandle(second_loaded);
  printf("pool idle; driver.dll %s\n", GetModuleHandleA("driver.dll") ? "still loaded" : "unloaded");
  Sleep(50);
  return 0;
}
