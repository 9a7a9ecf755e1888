/* realloc(p, 0) frees p and returns NULL, as the Windows CRT documents, so
 * nothing is left at process end. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  char *p = malloc(8);
  char *q = realloc(p, 0);
  printf("realloc(p, 0) returned %s\n", q ? "a block" : "NULL");
  return 0;
}
