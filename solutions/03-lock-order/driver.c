/* Exercise 03, the reference fix (read exercises/03-lock-order/README.md
 * first, and WRONG-FIXES.md beside this file).
 *
 * The module handle is known from DLL_PROCESS_ATTACH (DllMain's first
 * argument), so a query never calls into the loader while it holds the
 * driver's lock.  The loader lock is now only ever taken before the
 * driver's lock (in DLL_THREAD_ATTACH), never after it: one order, no
 * cycle.
 */
#include <windows.h>

static CRITICAL_SECTION lock;
static int threads_seen;
static HMODULE self_module;

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  EnterCriticalSection(&lock);
  int rows = self_module ? threads_seen : -1;
  LeaveCriticalSection(&lock);
  return rows;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) {
    self_module = instance;
    InitializeCriticalSection(&lock);
  }
  if (reason == DLL_THREAD_ATTACH) {
    EnterCriticalSection(&lock);
    threads_seen++;
    LeaveCriticalSection(&lock);
  }
  if (reason == DLL_PROCESS_DETACH) DeleteCriticalSection(&lock);
  return TRUE;
}
