/* A DLL whose DLL_PROCESS_DETACH at process exit (lpReserved non-NULL) reads
 * through a null pointer.  Checks that the exit pattern reports a crash that
 * happens inside ExitProcess: the child process's crash guard still runs
 * there and prints "cycle 1: crash 0xC0000005 ...", and the parent exits
 * with code 3.
 *
 * Models nothing else: the realistic version is a DllMain that uses state a
 * worker thread owned, after ExitProcess terminated the worker. */
#include <windows.h>

/* volatile, so the compiler keeps the read. */
static int *volatile nowhere;
static BOOL used;

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  used = TRUE;
  return 0;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_DETACH && reserved != NULL && used) return *nowhere;
  return TRUE;
}
