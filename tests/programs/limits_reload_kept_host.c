/* Keeps a pointer to a DLL's data across FreeLibrary, so the unload
 * protects the image, then loads the DLL again, which must give its pages
 * back, and reads through the pointer into the new instance. */
#include <windows.h>
#include <stdio.h>

typedef int *(*addr_fn)(void);

int main(void) {
  HMODULE h = LoadLibraryA("stale.dll");
  int *value = ((addr_fn)GetProcAddress(h, "value_address"))();
  FreeLibrary(h);
  h = LoadLibraryA("stale.dll");
  printf("after reload: %d\n", *value);
  FreeLibrary(h);
  return 0;
}
