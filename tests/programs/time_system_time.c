/* The virtual system time starts at 2024-01-01 00:00:00 UTC and moves with
 * virtual time. */
#include <windows.h>
#include <stdio.h>

static ULONGLONG now(void) {
  FILETIME ft;
  GetSystemTimeAsFileTime(&ft);
  return ((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
}

int main(void) {
  ULONGLONG start = now();
  Sleep(1500);
  printf("start %llu, 1.5 s later %llu more\n", start, now() - start);
  return 0;
}
