/* A DLL that prints every DllMain call it gets: its own name, the reason,
 * whether lpReserved is NULL, and the calling thread.  The process-exit
 * suites load it under several names (log.dll, a.dll, b.dll, ...) and read
 * the order of the notifications from the program's output.
 *
 * It also counts DLL_THREAD_DETACH calls, so that a host can state how many
 * it expects (log_expect_thread_detaches) and an exhaustive search can
 * check that count in every schedule: the check is an assertion in
 * DLL_PROCESS_DETACH at process exit, the last code that runs. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static char name[64];
static int thread_detaches;
static int expected_thread_detaches = -1; /* -1: no expectation */

static const char *reason_name(DWORD reason) {
  switch (reason) {
  case DLL_PROCESS_ATTACH: return "PROCESS_ATTACH";
  case DLL_PROCESS_DETACH: return "PROCESS_DETACH";
  case DLL_THREAD_ATTACH: return "THREAD_ATTACH";
  default: return "THREAD_DETACH";
  }
}

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  if (reason == DLL_PROCESS_ATTACH) {
    /* The module's own file name tells the copies apart. */
    char path[MAX_PATH];
    GetModuleFileNameA(h, path, sizeof path);
    const char *base = path;
    for (const char *p = path; *p; p++)
      if (*p == '\\') base = p + 1;
    snprintf(name, sizeof name, "%s", base);
  }
  if (reason == DLL_THREAD_DETACH) thread_detaches++;
  printf("%s %s reserved=%s thread=%lu\n", name, reason_name(reason), reserved ? "set" : "NULL",
         GetCurrentThreadId());
  if (reason == DLL_PROCESS_DETACH && reserved && expected_thread_detaches >= 0)
    assert(thread_detaches == expected_thread_detaches);
  return TRUE;
}

/* How many DLL_THREAD_DETACH calls this instance has had so far. */
__declspec(dllexport) int log_thread_detaches(void) { return thread_detaches; }

/* States how many DLL_THREAD_DETACH calls the whole run should have sent
 * by the time the process exits. */
__declspec(dllexport) void log_expect_thread_detaches(int n) { expected_thread_detaches = n; }
