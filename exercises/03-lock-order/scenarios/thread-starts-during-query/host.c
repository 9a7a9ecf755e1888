/* thread-starts-during-query: the bug report's program.  A second thread
 * of the application starts (so the driver gets DLL_THREAD_ATTACH) while
 * the main thread runs a query.  The answer is the number of threads the
 * driver has seen start: 0 or 1, depending on which came first. */
#include <stdio.h>

#include "driver_query.h"

static DWORD WINAPI other(LPVOID arg) {
  (void)arg;
  return 0;
}

int main(void) {
  HMODULE driver = LoadLibraryA("driver.dll");
  driver_query_fn query = driver_query_of(driver);
  HANDLE t = CreateThread(NULL, 0, other, NULL, 0, NULL);
  assert(t != NULL && "CreateThread failed");
  int rows = query("SELECT 1");
  assert((rows == 0 || rows == 1) && "driver_query returned a wrong row count");
  printf("%d rows\n", rows);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  driver_shutdown_fn shutdown = driver_shutdown_of(driver);
  if (shutdown) shutdown();
  FreeLibrary(driver);
  return 0;
}
