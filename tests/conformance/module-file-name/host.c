/* Conformance probe: GetModuleFileName and a buffer that is too small.
 *
 * Paths differ between the worlds (the simulator reports
 * C:\loaderlab\<name>, Wine the build folder), so the probe prints only
 * what the rules fix: the full name ends in "\file_name.dll" and its length
 * is the return value; with a buffer of 8 characters the call returns 8,
 * fails with ERROR_INSUFFICIENT_BUFFER (122) and writes the first 7
 * characters and a terminating NUL (Windows Vista and later; Windows XP
 * left the result unterminated).  GetModuleFileNameW does the same.
 *
 * Wine 8.0 differs: it copies 8 characters and leaves them unterminated,
 * the Windows XP behaviour, in both the A and the W function (it returns 8
 * and sets ERROR_INSUFFICIENT_BUFFER like Windows).  Observed under Wine 8.0
 * (Debian) in every run, see expected-wine.txt; later Wine versions write
 * the NUL.  Code that prints a truncated module name without checking the
 * return value reads past the buffer there. */
#include <stdio.h>
#include <string.h>

#include "probe.h"

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  probe_name_thread(GetCurrentThreadId(), "main");

  HMODULE h = LoadLibraryA("file_name.dll");
  char full[MAX_PATH];
  SetLastError(0);
  DWORD n = GetModuleFileNameA(h, full, sizeof full);
  const char *tail = "\\file_name.dll";
  size_t len = strlen(full);
  printf("full: returns the length: %s, ends in %s: %s, error %lu\n", n == len ? "yes" : "no",
         tail, len >= strlen(tail) && strcmp(full + len - strlen(tail), tail) == 0 ? "yes" : "no",
         GetLastError());

  char small[8];
  memset(small, 'x', sizeof small);
  SetLastError(0);
  n = GetModuleFileNameA(h, small, sizeof small);
  DWORD error = GetLastError();
  printf("8 characters: returns %lu, error %lu, terminated: %s, first 7 match: %s\n", n, error,
         small[7] == '\0' ? "yes" : "no", strncmp(small, full, 7) == 0 ? "yes" : "no");

  WCHAR wide[8];
  for (int i = 0; i < 8; i++) wide[i] = L'x';
  SetLastError(0);
  n = GetModuleFileNameW(h, wide, 8);
  error = GetLastError();
  int same = 1;
  for (int i = 0; i < 7; i++) same &= wide[i] == (WCHAR)(unsigned char)full[i];
  printf("8 wide characters: returns %lu, error %lu, terminated: %s, first 7 match: %s\n", n,
         error, wide[7] == 0 ? "yes" : "no", same ? "yes" : "no");

  FreeLibrary(h);
  return 0;
}
