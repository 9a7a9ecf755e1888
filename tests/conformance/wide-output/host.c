/* Conformance probe: wide-character output.
 *
 * In the Microsoft C runtime's printf, %ls and %S print a wide string and
 * %lc and %C a wide character; in wprintf, %ls is wide and %hs narrow.
 * fputws and putwchar write wide text, snprintf formats wide strings with
 * widths and precisions (the precision counts characters).  Wide and
 * narrow output mix on one stream.  (The runtime's I64 size prefix, which
 * the simulator accepts too, is left out here: mingw-w64's format checking
 * rejects it.)  The simulator's programs have a 16-bit wchar_t, as on
 * Windows, which the C library underneath does not: its capture converts
 * the UTF-16 to UTF-8 (tests/test_output.c also prints non-ASCII text,
 * which this probe leaves out, since Windows converts it to the console's
 * code page). */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("narrow %s, wide %ls, wide %S, chars %lc%C\n", "abc", L"def", L"ghi", L'j', L'k');
  wprintf(L"wprintf: %ls and %hs, %d%%\n", L"wide", "narrow", 42);
  printf("after wprintf, narrow output still works: %d\n", 7);
  fputws(L"fputws line\n", stdout);
  putwchar(L'x');
  putwchar(L'\n');
  char buf[64];
  int n = snprintf(buf, sizeof buf, "[%5ls|%-4ls|%.2ls]", L"ab", L"cd", L"efgh");
  printf("snprintf: %s (%d bytes)\n", buf, n);
  return 0;
}
