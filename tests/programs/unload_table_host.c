/* Keeps a pointer to the start of a DLL's table across FreeLibrary, then
 * reads an element two pages further on: the pointer itself points at a
 * page nobody touches again. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  HMODULE h = LoadLibraryA("table.dll");
  int *table = (int *)GetProcAddress(h, "table");
  table[2048] = 42;
  printf("before: %d\n", table[2048]);
  FreeLibrary(h);
  printf("after: %d\n", table[2048]);
  return 0;
}
