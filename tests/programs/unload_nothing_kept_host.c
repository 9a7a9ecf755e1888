/* Loads, calls and unloads a DLL keeping nothing that points into it. */
#include <windows.h>
#include <stdio.h>

typedef int (*get_fn)(void);

static int call_once(void) {
  HMODULE h = LoadLibraryA("stale.dll");
  int v = ((get_fn)GetProcAddress(h, "get_value"))();
  FreeLibrary(h);
  return v;
}

int main(void) {
  int a = call_once();
  int b = call_once();
  printf("%d %d\n", a, b);
  return 0;
}
