/* A correct program that writes one line to stdout and one to stderr, so
 * the command-line tests can tell the program's output from loaderlab's
 * report. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  printf("program says hello on stdout\n");
  fprintf(stderr, "program says hello on stderr\n");
  return 0;
}
