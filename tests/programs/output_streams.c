/* Every way a program writes to stdout and stderr: each is captured, in
 * order, stdout apart from stderr; fflush succeeds and loses nothing. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  printf("printf %d\n", 1);
  puts("puts");
  fprintf(stdout, "fprintf %s\n", "stdout");
  fputs("fputs stdout\n", stdout);
  putchar('c');
  putchar('\n');
  fwrite("fwrite\n", 1, 7, stdout);
  fprintf(stderr, "fprintf %s\n", "stderr");
  fputs("fputs stderr\n", stderr);
  int flushed = fflush(stdout);
  fflush(stderr);
  printf("fflush returned %d\n", flushed);
  return 0;
}
