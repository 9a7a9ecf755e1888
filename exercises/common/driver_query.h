/* What the hosts of exercises 02 to 08 need to call a driver: its query
 * export, looked up after LoadLibrary, and its optional shutdown export.
 * A host checks every answer with assert, so a wrong one ends the run with
 * an assertion failure instead of going unnoticed. */
#ifndef DRIVER_QUERY_H
#define DRIVER_QUERY_H

#include <windows.h>
#include <assert.h>

typedef int (*driver_query_fn)(const char *sql);
typedef void (*driver_shutdown_fn)(void);

/* The driver's query; a driver without it fails the run.  The cast goes
 * through void *: GetProcAddress returns a function of another type. */
static inline driver_query_fn driver_query_of(HMODULE driver) {
  assert(driver != NULL && "LoadLibraryA(\"driver.dll\") failed");
  driver_query_fn query = (driver_query_fn)(void *)GetProcAddress(driver, "driver_query");
  assert(query != NULL && "driver.dll has no driver_query");
  return query;
}

/* The driver's shutdown, or NULL when it has none.  A host calls it, when
 * there is one, after its last query and before it unloads the driver or
 * exits, as applications call a library's cleanup function. */
static inline driver_shutdown_fn driver_shutdown_of(HMODULE driver) {
  return (driver_shutdown_fn)(void *)GetProcAddress(driver, "driver_shutdown");
}

#endif
