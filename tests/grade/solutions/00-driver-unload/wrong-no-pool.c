/* Wrong fix: no pool at all, and no answer either: the driver never
 * starts its workers, so nothing can outlive it, and every query fails.
 * Nothing crashes; only the scenarios' progress and the hosts' own checks
 * can tell. */
#include <windows.h>

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  return -1;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reason;
  (void)reserved;
  return TRUE;
}
