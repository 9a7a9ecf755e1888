/* Defines a __wrap_ function of its own, which would take its malloc calls
 * away from the simulator. */
#include <windows.h>
#include <stdlib.h>

void *__wrap_malloc(size_t n) {
  (void)n;
  return NULL;
}

__declspec(dllexport) void *allocate(void) { return malloc(8); }
