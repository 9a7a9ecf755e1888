/* free of a block that was already freed: the Windows heap reports heap
 * corruption and the process dies. */
#include <windows.h>
#include <stdlib.h>

int main(void) {
  char *p = malloc(8);
  free(p);
  free(p);
  return 0;
}
