/* A program with a thread-local variable (__thread): the simulator runs
 * every simulated thread on one operating-system thread, so such a
 * variable would be shared by all of them, and it refuses the program
 * (sim/image.h) with a message that points to TlsAlloc. */
#include <windows.h>
#include <stdio.h>

static __thread int per_thread_count;

int main(void) {
  per_thread_count++;
  printf("count %d\n", per_thread_count);
  return 0;
}
