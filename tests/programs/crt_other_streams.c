/* Output to a FILE other than stdout and stderr goes to the C library as
 * usual (sim/crt.c): a temporary file written with fprintf, fputs, fputc
 * and fwrite, flushed, and read back, holds exactly what was written, and
 * none of it shows up in the run's captured output. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  FILE *f = tmpfile();
  if (!f) {
    puts("tmpfile failed");
    return 1;
  }
  fprintf(f, "fprintf %d;", 1);
  fputs("fputs;", f);
  fputc('c', f);
  fwrite(";fwrite", 1, 7, f);
  int flushed = fflush(f);
  rewind(f);
  char back[128] = "";
  size_t n = fread(back, 1, sizeof back - 1, f);
  back[n] = '\0';
  fclose(f);
  printf("fflush: %d, read back %zu bytes: %s\n", flushed, n, back);
  return 0;
}
