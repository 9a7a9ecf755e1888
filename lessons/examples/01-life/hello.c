/* Lesson 1: a DLL that says what its DllMain is told: which notification,
 * on which thread, and whether lpReserved is NULL.  It also exports one
 * function, so that a program has a reason to load it. */
#include <windows.h>
#include <stdio.h>

static const char *reason_name(DWORD reason) {
  switch (reason) {
  case DLL_PROCESS_ATTACH: return "DLL_PROCESS_ATTACH";
  case DLL_PROCESS_DETACH: return "DLL_PROCESS_DETACH";
  case DLL_THREAD_ATTACH: return "DLL_THREAD_ATTACH";
  case DLL_THREAD_DETACH: return "DLL_THREAD_DETACH";
  }
  return "an unknown reason";
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_ATTACH || reason == DLL_PROCESS_DETACH)
    printf("    hello.dll: %s on thread %lu, lpReserved %s\n", reason_name(reason),
           GetCurrentThreadId(), reserved ? "non-NULL" : "NULL");
  else
    printf("    hello.dll: %s on thread %lu\n", reason_name(reason), GetCurrentThreadId());
  return TRUE;
}

__declspec(dllexport) int hello_answer(void) { return 42; }
