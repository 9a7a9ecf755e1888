/* An integer division by zero is a crash. */
#include <windows.h>
#include <stdio.h>

/* Both volatile: gcc turns 1 / x into a comparison, which never traps. */
static volatile int g_hundred = 100, g_zero;

int main(void) {
  printf("%d\n", g_hundred / g_zero);
  return 0;
}
