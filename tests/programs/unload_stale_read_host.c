/* Reads a DLL's static variable through a pointer kept after FreeLibrary. */
#include <windows.h>
#include <stdio.h>

typedef int *(*addr_fn)(void);

int main(void) {
  HMODULE h = LoadLibraryA("stale.dll");
  int *value = ((addr_fn)GetProcAddress(h, "value_address"))();
  printf("before: %d\n", *value);
  FreeLibrary(h);
  printf("after: %d\n", *value);
  return 0;
}
