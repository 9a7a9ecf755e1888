/* Benchmark program: load and unload a small DLL 1,000 times, calling it
 * in between, to measure what one unload and reload costs. */
#include <windows.h>

typedef int (*get_fn)(void);

int main(void) {
  int sum = 0;
  for (int i = 0; i < 1000; i++) {
    HMODULE h = LoadLibraryA("counter.dll");
    if (!h) return 1;
    sum += ((get_fn)GetProcAddress(h, "counter_next"))();
    FreeLibrary(h);
  }
  /* Every load starts from fresh static data, so each call returned 1. */
  return sum == 1000 ? 0 : 2;
}
