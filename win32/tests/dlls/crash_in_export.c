/* A DLL whose export reads through a null pointer: the simplest crash, to
 * check that loaderlab-host reports a fault in the calling thread as
 * "cycle 1: crash 0xC0000005 at ... (read 0x0)" with exit code 3, rather
 * than dying with Wine's or Windows' own report.
 *
 * Models nothing else. */
#include <windows.h>

/* volatile, so the compiler keeps the read instead of treating the null
 * dereference as unreachable. */
static int *volatile nowhere;

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  return *nowhere;
}
