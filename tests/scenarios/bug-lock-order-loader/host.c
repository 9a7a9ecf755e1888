/* A second thread starts (DLL_THREAD_ATTACH) while the main thread runs a
 * query. */
#include <windows.h>
#include <stdio.h>

typedef int (*query_fn)(const char *sql);

static DWORD WINAPI other(LPVOID arg) {
  (void)arg;
  return 0;
}

int main(void) {
  HMODULE driver = LoadLibraryA("driver.dll");
  if (!driver) return 1;
  query_fn query = (query_fn)GetProcAddress(driver, "driver_query");
  HANDLE t = CreateThread(NULL, 0, other, NULL, 0, NULL);
  printf("%d rows\n", query("SELECT 1"));
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  FreeLibrary(driver);
  return 0;
}
