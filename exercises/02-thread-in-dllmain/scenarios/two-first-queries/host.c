/* two-first-queries: two threads of the application run the driver's very
 * first queries at the same time, on a freshly loaded driver.  Whatever the
 * driver sets up for its first query must be set up once, whichever thread
 * gets there first. */
#include <stdio.h>

#include "driver_query.h"

static driver_query_fn query;

static DWORD WINAPI client(LPVOID arg) {
  int rows = query(arg);
  assert(rows == 1 && "driver_query returned a wrong row count");
  return 0;
}

int main(void) {
  HMODULE driver = LoadLibraryA("driver.dll");
  query = driver_query_of(driver);
  HANDLE clients[2];
  clients[0] = CreateThread(NULL, 0, client, "SELECT 1", 0, NULL);
  clients[1] = CreateThread(NULL, 0, client, "SELECT 2", 0, NULL);
  assert(clients[0] && clients[1] && "CreateThread failed");
  WaitForMultipleObjects(2, clients, TRUE, INFINITE);
  CloseHandle(clients[0]);
  CloseHandle(clients[1]);
  printf("both first queries answered\n");
  driver_shutdown_fn shutdown = driver_shutdown_of(driver);
  if (shutdown) shutdown();
  return 0;
}
