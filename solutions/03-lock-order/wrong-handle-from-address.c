/* Exercise 03, wrong fix: get the module handle with GetModuleHandleEx
 * from an address of the driver's own code, instead of looking it up by
 * name, and give back the reference it takes with FreeLibrary.
 *
 * No name is looked up, but both calls change the module's reference
 * count, which the loader does under its lock: the query still holds the
 * driver's lock while it waits for the loader lock (WRONG-FIXES.md, 2).
 */
#include <windows.h>

static CRITICAL_SECTION lock;
static int threads_seen;

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  EnterCriticalSection(&lock);
  /* The wrong fix: find the module from an address of its own code, the
   * way the documentation suggests, with no name to look up; the
   * reference it takes is given back at once. */
  HMODULE self = NULL;
  if (GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCSTR)(void *)driver_query, &self))
    FreeLibrary(self);
  int rows = self ? threads_seen : -1;
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
