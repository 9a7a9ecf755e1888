/* A DLL whose export keeps the CPU busy for three seconds of real time
 * before it returns: a cycle that is slow but never stuck, as any cycle is
 * on a machine busy enough.  loaderlab-host must call it ok however short
 * its --timeout-ms, because the watchdog counts CPU time used as progress
 * (host_watchdog.c); a watchdog that went by the clock alone would call it
 * a hang.
 *
 * Models nothing else. */
#include <windows.h>

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  ULONGLONG start = GetTickCount64();
  volatile unsigned long spins = 0;
  while (GetTickCount64() - start < 3000) spins++;
  return 1;
}
