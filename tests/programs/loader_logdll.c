/* A DLL that logs every DllMain call: reason, lpReserved and thread.  Used
 * under several names (a.dll, b.dll, ...) to check notification order. */
#include <windows.h>
#include <stdio.h>

static const char *reason_name(DWORD r) {
  switch (r) {
  case DLL_PROCESS_ATTACH: return "PROCESS_ATTACH";
  case DLL_PROCESS_DETACH: return "PROCESS_DETACH";
  case DLL_THREAD_ATTACH: return "THREAD_ATTACH";
  default: return "THREAD_DETACH";
  }
}

static char name[64];

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  if (reason == DLL_PROCESS_ATTACH) {
    char path[MAX_PATH];
    GetModuleFileNameA(h, path, sizeof path);
    const char *base = path;
    for (const char *p = path; *p; p++)
      if (*p == '\\') base = p + 1;
    snprintf(name, sizeof name, "%s", base);
  }
  printf("%s %s reserved=%s thread=%lu\n", name, reason_name(reason), reserved ? "set" : "NULL",
         GetCurrentThreadId());
  return TRUE;
}

__declspec(dllexport) int exported_answer(void) { return 42; }
int not_exported(void) { return 7; }
static int static_helper(void) { return 3; }
__declspec(dllexport) int uses_helper(void) { return static_helper() + not_exported(); }
