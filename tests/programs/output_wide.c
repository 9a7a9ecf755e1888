/* Wide-character output: %ls, %S, %lc and %C in printf; wprintf, fputws
 * and putwchar; snprintf with wide strings, widths and precisions; the
 * Microsoft size prefix I64; and non-ASCII text, which the capture writes
 * as UTF-8.  Narrow output before and after is unharmed. */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

int main(void) {
  printf("narrow %s, wide %ls, wide %S, chars %lc%C\n", "abc", L"def", L"ghi", L'j', L'k');
  wprintf(L"wprintf: %ls and %hs, %d%%\n", L"wide", "narrow", 42);
  printf("after wprintf, narrow output still works: %d\n", 7);
  fputws(L"fputws line\n", stdout);
  putwchar(L'x');
  putwchar(L'\n');
  char buf[64];
  int n = snprintf(buf, sizeof buf, "[%5ls|%-4ls|%.2ls]", L"ab", L"cd", L"efgh");
  printf("snprintf: %s (%d bytes)\n", buf, n);
  printf("I64: %I64d %I64u\n", (long long)-5, 18446744073709551615ULL);
  printf("non-ASCII: %ls\n", L"caf\u00e9 \u20ac \U0001F600");
  fwprintf(stderr, L"to stderr: %ls\n", L"wide");
  return 0;
}
