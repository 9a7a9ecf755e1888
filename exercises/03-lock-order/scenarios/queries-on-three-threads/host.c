/* queries-on-three-threads: a busier application.  Two worker threads of
 * the application each run a query, and the main thread runs one while
 * they start and end.  Each answer is the number of threads the driver has
 * seen start so far: 0, 1 or 2. */
#include <stdio.h>

#include "driver_query.h"

static driver_query_fn query;

static DWORD WINAPI client(LPVOID arg) {
  int rows = query(arg);
  assert(rows >= 0 && rows <= 2 && "driver_query returned a wrong row count");
  return 0;
}

int main(void) {
  HMODULE driver = LoadLibraryA("driver.dll");
  query = driver_query_of(driver);
  HANDLE clients[2];
  clients[0] = CreateThread(NULL, 0, client, "SELECT 1", 0, NULL);
  clients[1] = CreateThread(NULL, 0, client, "SELECT 2", 0, NULL);
  assert(clients[0] && clients[1] && "CreateThread failed");
  int rows = query("SELECT 3");
  assert(rows >= 0 && rows <= 2 && "driver_query returned a wrong row count");
  WaitForMultipleObjects(2, clients, TRUE, INFINITE);
  CloseHandle(clients[0]);
  CloseHandle(clients[1]);
  printf("3 queries answered\n");
  driver_shutdown_fn shutdown = driver_shutdown_of(driver);
  if (shutdown) shutdown();
  FreeLibrary(driver);
  return 0;
}
