/* Keeps a pointer to one of a DLL's variables across FreeLibrary, then
 * reaches another variable of the DLL from it (as an out-of-bounds index
 * would): on a page no pointer points into. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  HMODULE h = LoadLibraryA("table.dll");
  int *table = (int *)GetProcAddress(h, "table");
  int *other = (int *)GetProcAddress(h, "other_page");
  ptrdiff_t apart = other - table;
  other = NULL;
  printf("before: %d\n", table[apart]);
  FreeLibrary(h);
  printf("after: %d\n", table[apart]);
  return 0;
}
