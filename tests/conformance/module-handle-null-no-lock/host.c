/* Conformance probe: GetModuleHandle(NULL) takes no lock.
 *
 * A worker, already running, waits until main is inside
 * nolock_waiter.dll's DLL_PROCESS_ATTACH, which holds the loader lock and
 * waits for the worker in turn.  The worker calls GetModuleHandle(NULL) and
 * GetModuleHandleEx with GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT and
 * no name: both return the executable's handle at once, since it is read
 * from the process environment block without the loader (Wine's
 * GetModuleHandleExW returns Peb->ImageBaseAddress for a NULL name).  Had
 * they waited for the loader lock, DllMain would give up after 5 s.
 * Microsoft's documentation does not list which calls take the lock; a
 * named module (GetModuleHandle("x.dll")) needs the loader's list and does
 * wait. */
#include <stdio.h>

#include "probe.h"

static HANDLE g_started, g_in_dllmain, g_asked;

static DWORD WINAPI asker(LPVOID arg) {
  (void)arg;
  SetEvent(g_started);
  WaitForSingleObject(g_in_dllmain, INFINITE);
  HMODULE self = GetModuleHandleA(NULL);
  HMODULE same = NULL;
  GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, NULL, &same);
  printf("worker: GetModuleHandle(NULL) returned %s while main is inside DllMain\n",
         self && self == same ? "the executable" : "something else");
  SetEvent(g_asked);
  return 0;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  probe_name_thread(GetCurrentThreadId(), "main");
  g_started = CreateEventA(NULL, TRUE, FALSE, NULL);
  g_in_dllmain = CreateEventA(NULL, TRUE, FALSE, "loaderlab-probe-in-dllmain");
  g_asked = CreateEventA(NULL, TRUE, FALSE, "loaderlab-probe-asked");
  HANDLE t = probe_start_thread("worker", asker, NULL);
  WaitForSingleObject(g_started, INFINITE);
  HMODULE h = LoadLibraryA("nolock_waiter.dll");
  printf("main: LoadLibrary returned\n");
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  FreeLibrary(h);
  return 0;
}
