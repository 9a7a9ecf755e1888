/* Counts the threads it sees under its own lock (in DLL_THREAD_ATTACH, so
 * with the loader lock held), and a query looks up its own module handle
 * while holding that lock: the loader lock, under the driver's lock. */
#include <windows.h>

static CRITICAL_SECTION lock;
static int threads_seen;

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  EnterCriticalSection(&lock);
  HMODULE self = GetModuleHandleA("driver.dll");
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
