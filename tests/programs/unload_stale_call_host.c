/* Calls a function of a DLL through a pointer kept after FreeLibrary. */
#include <windows.h>
#include <stdio.h>

typedef int (*int_fn)(void);

int main(void) {
  HMODULE h = LoadLibraryA("stale.dll");
  int_fn get = (int_fn)GetProcAddress(h, "get_value");
  printf("before: %d\n", get());
  FreeLibrary(h);
  printf("after: %d\n", get());
  return 0;
}
