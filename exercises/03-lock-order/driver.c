/* The DLL of exercise 03 (read README.md first): a driver that counts the
 * threads it sees start, for its statistics.
 *
 * DLL_THREAD_ATTACH counts each new thread under the driver's own lock, so
 * with the loader lock held (every DllMain call holds it).  A query holds
 * the driver's lock while it checks that the driver is still loaded by
 * looking up its own module handle, which takes the loader lock.  One
 * thread takes the loader lock, then the driver's; another the driver's,
 * then the loader lock: the two locks are taken in opposite orders.
 *
 * The export: int driver_query(const char *sql) returns the number of
 * threads the driver has seen start, or -1 if it cannot find itself.
 */
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
