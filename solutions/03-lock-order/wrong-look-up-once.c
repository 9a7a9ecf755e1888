/* Exercise 03, wrong fix: look the module handle up only once, on the
 * first query, and keep it.
 *
 * Every later query is safe, but the first one still asks the loader for
 * the handle while it holds the driver's lock, and a thread that starts at
 * that moment holds the loader lock while it waits for the driver's lock
 * in DLL_THREAD_ATTACH.  Once is enough for a deadlock (WRONG-FIXES.md,
 * 1).
 */
#include <windows.h>

static CRITICAL_SECTION lock;
static int threads_seen;
static HMODULE self_module;       /* looked up once, on the first query */

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  EnterCriticalSection(&lock);
  /* The wrong fix: ask the loader only once. */
  if (!self_module) self_module = GetModuleHandleA("driver.dll");
  int rows = self_module ? threads_seen : -1;
  LeaveCriticalSection(&lock);
  return rows;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) InitializeCriticalSection(&lock);
  if (reason == DLL_THREAD_ATTACH) {
    EnterCriticalSection(&lock);
    threads_seen++;
    LeaveCriticalSection(&lock);
  }
  if (reason == DLL_PROCESS_DETACH) DeleteCriticalSection(&lock);
  return TRUE;
}
