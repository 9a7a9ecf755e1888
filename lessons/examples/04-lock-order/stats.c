/* Lesson 4: a statistics DLL with one lock for its table.  Two paths take
 * the table lock and the loader lock, in opposite orders:
 *   - stats_report holds the table lock and asks the loader for the DLL's
 *     own file name (the loader lock, second);
 *   - DLL_THREAD_DETACH runs with the loader lock held and takes the table
 *     lock to drop the exiting thread's row (the table lock, second). */
#include <windows.h>
#include <stdio.h>

static CRITICAL_SECTION table_lock;
static HMODULE self;
static int rows;

__declspec(dllexport) void stats_report(void) {
  char path[MAX_PATH];
  EnterCriticalSection(&table_lock);
  DWORD length = GetModuleFileNameA(self, path, sizeof path);
  printf("report: %d rows (from %s)\n", rows, length ? "stats.dll" : "an unknown module");
  LeaveCriticalSection(&table_lock);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)reserved;
  switch (reason) {
  case DLL_PROCESS_ATTACH:
    self = instance;
    InitializeCriticalSection(&table_lock);
    break;
  case DLL_THREAD_ATTACH:
  case DLL_THREAD_DETACH:
    EnterCriticalSection(&table_lock);
    rows += reason == DLL_THREAD_ATTACH ? 1 : -1;
    LeaveCriticalSection(&table_lock);
    break;
  case DLL_PROCESS_DETACH:
    if (reserved == NULL) DeleteCriticalSection(&table_lock);
    break;
  }
  return TRUE;
}
