/* Lesson 4: the statistics DLL of stats.c, fixed.  stats_report asks the
 * loader for the DLL's file name before it takes the table lock, so no
 * thread ever holds the table lock while it waits for the loader lock; the
 * only order left is loader lock first (DllMain), table lock second. */
#include <windows.h>
#include <stdio.h>

static CRITICAL_SECTION table_lock;
static HMODULE self;
static int rows;

__declspec(dllexport) void stats_report(void) {
  char path[MAX_PATH];
  DWORD length = GetModuleFileNameA(self, path, sizeof path);
  EnterCriticalSection(&table_lock);
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
