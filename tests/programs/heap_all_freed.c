/* Every allocation function, each block freed with its matching function:
 * nothing is left at process end, so nothing is reported. */
#include <windows.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  char *a = malloc(10);
  char *b = calloc(4, 8);
  char *c = realloc(malloc(3), 300);
  char *d = strdup("copy");
  void *e = HeapAlloc(GetProcessHeap(), 0, 64);
  void *f = HeapReAlloc(GetProcessHeap(), 0, HeapAlloc(GetProcessHeap(), 0, 8), 80);
  free(a);
  free(b);
  free(c);
  free(d);
  HeapFree(GetProcessHeap(), 0, e);
  HeapFree(GetProcessHeap(), 0, f);
  return 0;
}
