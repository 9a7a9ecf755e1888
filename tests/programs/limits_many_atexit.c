/* Registers forty atexit functions, more than the 32 the C standard
 * promises; the C runtime runs every one, newest first. */
#include <stdio.h>
#include <stdlib.h>

static int ran;

static void count(void) { ran++; }
static void report(void) { printf("atexit functions run: %d\n", ran); }

int main(void) {
  if (atexit(report) != 0) return 1;
  for (int i = 0; i < 39; i++)
    if (atexit(count) != 0) {
      printf("atexit %d failed\n", i + 2);
      return 1;
    }
  return 0;
}
