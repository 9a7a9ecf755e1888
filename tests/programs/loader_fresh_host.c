/* Every load of a DLL starts from fresh static data, as a reload does. */
#include <windows.h>
#include <stdio.h>

typedef int (*int_fn)(void);

int main(void) {
  for (int i = 0; i < 3; i++) {
    HMODULE h = LoadLibraryA("fresh.dll");
    int_fn next = (int_fn)GetProcAddress(h, "next_call");
    int a = next();
    int b = next();
    printf("load %d: %d %d\n", i, a, b);
    FreeLibrary(h);
  }
  return 0;
}
