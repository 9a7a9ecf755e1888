/* Two threads of the host query the driver at once, then the host unloads
 * it: the driver's pool must serve both and go away cleanly. */
#include <windows.h>
#include <stdio.h>

typedef int (*query_fn)(const char *sql);

static query_fn query;

static DWORD WINAPI client(LPVOID arg) {
  int rows = query((const char *)arg);
  printf("%s: %d rows\n", (const char *)arg, rows);
  return rows == 42 ? 0 : 1;
}

int main(void) {
  HMODULE driver = LoadLibraryA("driver.dll");
  if (!driver) return 1;
  query = (query_fn)GetProcAddress(driver, "driver_query");
  if (!query) return 1;
  HANDLE a = CreateThread(NULL, 0, client, "client a", 0, NULL);
  HANDLE b = CreateThread(NULL, 0, client, "client b", 0, NULL);
  WaitForSingleObject(a, INFINITE);
  WaitForSingleObject(b, INFINITE);
  DWORD ca = 1, cb = 1;
  GetExitCodeThread(a, &ca);
  GetExitCodeThread(b, &cb);
  CloseHandle(a);
  CloseHandle(b);
  FreeLibrary(driver);
  return ca || cb ? 1 : 0;
}
