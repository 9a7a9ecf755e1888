/* two-envs: two threads of one application, each with its own environment
 * on the same loaded driver.  Each runs a query, waits until the other has
 * run one too, runs a second query and frees its environment, so the two
 * environments are open at the same time and are freed in either order,
 * as the schedule decides.  Then the main thread allocates a third
 * environment, which must work as well, and the program ends without
 * unloading the driver. */
#include <stdio.h>

#include "driver_api.h"

static driver_api api;
static HANDLE first_query_done[2];

static DWORD WINAPI connection(LPVOID arg) {
  int me = (int)(INT_PTR)arg;
  int env = api.env_alloc();
  assert(env > 0 && "drv_env_alloc failed");
  query_and_check(&api, env, 10 * me + 1);
  SetEvent(first_query_done[me]);
  WaitForSingleObject(first_query_done[1 - me], INFINITE);
  query_and_check(&api, env, 10 * me + 2);
  api.env_free(env);
  printf("connection %d: 2 queries answered\n", me);
  return 0;
}

int main(void) {
  HMODULE driver = LoadLibraryA("driver.dll");
  api = driver_api_of(driver);
  HANDLE threads[2];
  for (int i = 0; i < 2; i++) first_query_done[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
  for (int i = 0; i < 2; i++) {
    threads[i] = CreateThread(NULL, 0, connection, (LPVOID)(INT_PTR)i, 0, NULL);
    assert(threads[i] != NULL && "CreateThread failed");
  }
  WaitForMultipleObjects(2, threads, TRUE, INFINITE);
  for (int i = 0; i < 2; i++) {
    CloseHandle(threads[i]);
    CloseHandle(first_query_done[i]);
  }
  int env = api.env_alloc();
  assert(env > 0 && "drv_env_alloc failed after both environments were freed");
  query_and_check(&api, env, 7);
  api.env_free(env);
  printf("main: a new environment after both were freed answered\n");
  return 0;
}
