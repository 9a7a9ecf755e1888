/* Spins forever in a C library function the program calls directly. */
#include <string.h>

static char buffer[1 << 20];

int main(void) {
  for (;;) memset(buffer, 1, sizeof buffer);
}
