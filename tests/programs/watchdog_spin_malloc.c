/* Spins forever allocating and freeing: most of its time is spent inside
 * the simulator's heap and the C library's allocator, where the watchdog
 * must not cut in, so the run ends at the next safe point. */
#include <stdlib.h>

int main(void) {
  for (;;) free(malloc(64));
}
