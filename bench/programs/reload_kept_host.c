/* Benchmark program: like reload_host.c, but the host keeps a pointer to
 * the DLL's static data across every FreeLibrary, so each unload must make
 * the DLL's pages fault (the default protects the whole image then). */
#include <windows.h>

typedef int *(*addr_fn)(void);

int main(void) {
  int sum = 0;
  int *kept = NULL;
  for (int i = 0; i < 1000; i++) {
    HMODULE h = LoadLibraryA("counter.dll");
    if (!h) return 1;
    kept = ((addr_fn)GetProcAddress(h, "counter_address"))();
    sum += ++*kept;
    FreeLibrary(h);
  }
  return sum == 1000 && kept ? 0 : 2;
}
