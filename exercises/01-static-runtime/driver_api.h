/* What every host of exercise 01 needs to talk to driver.dll: its three
 * exports, looked up after LoadLibrary, and the answer a query must give.
 * A host checks every answer with assert, so a wrong one ends the run with
 * an assertion failure instead of going unnoticed.  Instructors writing
 * their own scenarios can include it the same way (`include ../..` in the
 * scenario.txt). */
#ifndef DRIVER_API_H
#define DRIVER_API_H

#include <windows.h>
#include <assert.h>

typedef int (*drv_env_alloc_fn)(void);
typedef int (*drv_query_fn)(int env, int x);
typedef void (*drv_env_free_fn)(int env);

typedef struct driver_api {
  drv_env_alloc_fn env_alloc;
  drv_query_fn query;
  drv_env_free_fn env_free;
} driver_api;

/* The database's answer to query x, as the driver must return it. */
static inline int expected_answer(int x) { return x * 2 + 1; }

/* Looks the exports up; a driver without them fails the run.  The casts
 * go through void *: GetProcAddress returns a function of another type. */
static inline driver_api driver_api_of(HMODULE driver) {
  assert(driver != NULL && "LoadLibraryA(\"driver.dll\") failed");
  driver_api api;
  api.env_alloc = (drv_env_alloc_fn)(void *)GetProcAddress(driver, "drv_env_alloc");
  api.query = (drv_query_fn)(void *)GetProcAddress(driver, "drv_query");
  api.env_free = (drv_env_free_fn)(void *)GetProcAddress(driver, "drv_env_free");
  assert(api.env_alloc && api.query && api.env_free && "driver.dll lacks an export");
  return api;
}

/* Runs query x on env and checks the answer. */
static inline void query_and_check(const driver_api *api, int env, int x) {
  int answer = api->query(env, x);
  assert(answer == expected_answer(x) && "drv_query returned a wrong answer");
  (void)answer;
}

#endif
