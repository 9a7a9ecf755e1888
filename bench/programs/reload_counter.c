/* Benchmark DLL: a counter in static data, to show every reload starts
 * fresh, and a buffer to give the image some writable data. */
#include <windows.h>

static int next;
static char scratch[8192];

__declspec(dllexport) int counter_next(void) {
  scratch[next] = 1;
  return ++next;
}

__declspec(dllexport) int *counter_address(void) { return &next; }
