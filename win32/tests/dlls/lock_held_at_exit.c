/* A DLL whose worker thread enters a critical section and never leaves it,
 * and whose DLL_PROCESS_DETACH at process exit (lpReserved non-NULL) enters
 * the same critical section.  ExitProcess terminated the worker before
 * calling DllMain, so the section is held by a thread that no longer exists.
 * What happens next is up to the loader, which makes this DLL a probe of
 * exercise 06-process-exit's bug without its timing:
 *   - Windows XP lets DllMain in ("open season" on critical sections during
 *     process shutdown);
 *   - Windows Vista and later terminate the process at once (Raymond Chen,
 *     "During process termination, the gates are now electrified", 2010);
 *   - Wine 8.0 lets DllMain in: RtlpWaitForCriticalSection returns at once,
 *     without the section, while the process is shutting down;
 *   - the simulator, like Vista, ends the process there ("process exit cut
 *     short").
 * DllMain says which by writing one line once it is in.
 *
 * The query returns only once the worker holds the section, so the section
 * is held at exit in every run, whatever the timing. */
#include <windows.h>

static CRITICAL_SECTION lock;
static HANDLE held;

static DWORD WINAPI worker_main(LPVOID unused) {
  (void)unused;
  EnterCriticalSection(&lock);
  SetEvent(held);
  Sleep(INFINITE);
  return 0;
}

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  held = CreateEventA(NULL, TRUE, FALSE, NULL);
  CloseHandle(CreateThread(NULL, 0, worker_main, NULL, 0, NULL));
  WaitForSingleObject(held, INFINITE);
  return 0;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_ATTACH) InitializeCriticalSection(&lock);
  if (reason == DLL_PROCESS_DETACH && reserved != NULL && held) {
    EnterCriticalSection(&lock);
    /* WriteFile rather than printf: nothing buffered to flush at exit. */
    static const char line[] = "DLL_PROCESS_DETACH entered the section a terminated thread holds\n";
    DWORD written;
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), line, sizeof line - 1, &written, NULL);
    LeaveCriticalSection(&lock);
  }
  return TRUE;
}
