/* free of an address that is not a heap block (a global): heap
 * corruption. */
#include <windows.h>
#include <stdlib.h>

static int g_not_on_the_heap;

int main(void) {
  free(&g_not_on_the_heap);
  return 0;
}
