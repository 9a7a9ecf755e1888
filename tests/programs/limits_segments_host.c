/* Loads segments.dll and bumps the counter in its last segment once. */
#include <windows.h>
#include <stdio.h>

typedef int (*bump_fn)(void);

int main(void) {
  HMODULE h = LoadLibraryA("segments.dll");
  if (!h) return 1;
  printf("counter: %d\n", ((bump_fn)GetProcAddress(h, "bump"))());
  FreeLibrary(h);
  return 0;
}
