/* queries-from-two-threads: after a first query, two threads of the
 * application query at the same time, so both workers may be busy; then
 * the application shuts the driver down and unloads it. */
#include <stdio.h>

#include "driver_query.h"

static driver_query_fn query;

static DWORD WINAPI client(LPVOID sql) {
  int rows = query(sql);
  assert(rows == 21 && "driver_query returned a wrong row count");
  return 0;
}

int main(void) {
  HMODULE driver = LoadLibraryA("driver.dll");
  query = driver_query_of(driver);
  int rows = query("SELECT 0");
  assert(rows == 21 && "driver_query returned a wrong row count");
  HANDLE clients[2];
  clients[0] = CreateThread(NULL, 0, client, "SELECT 1", 0, NULL);
  clients[1] = CreateThread(NULL, 0, client, "SELECT 2", 0, NULL);
  assert(clients[0] && clients[1] && "CreateThread failed");
  WaitForMultipleObjects(2, clients, TRUE, INFINITE);
  CloseHandle(clients[0]);
  CloseHandle(clients[1]);
  driver_shutdown_fn shutdown = driver_shutdown_of(driver);
  if (shutdown) shutdown();
  FreeLibrary(driver);
  printf("3 queries answered; shut down and unloaded\n");
  return 0;
}
