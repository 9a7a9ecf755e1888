/* Conformance probe: GetModuleHandleEx with GET_MODULE_HANDLE_EX_FLAG_PIN.
 *
 * A pinned DLL is never unloaded: FreeLibrary still succeeds, but the DLL
 * gets no DLL_PROCESS_DETACH until the process exits, and then with
 * lpReserved non-NULL.  Even a FreeLibrary beyond the references the host
 * took succeeds and changes nothing.  This is how sim/samples' fixed driver
 * keeps its workers' code mapped. */
#include <stdio.h>

#include "probe.h"

static void report(const char *what) {
  printf("main: %s: pin_me.dll %s\n", what,
         GetModuleHandleA("pin_me.dll") ? "loaded" : "unloaded");
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  probe_name_thread(GetCurrentThreadId(), "main");

  HMODULE h = LoadLibraryA("pin_me.dll");
  HMODULE pinned = NULL;
  BOOL ok = GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_PIN, "pin_me.dll", &pinned);
  printf("main: GetModuleHandleEx(PIN) returned %s, same handle: %s\n", ok ? "TRUE" : "FALSE",
         pinned == h ? "yes" : "no");
  ok = FreeLibrary(h);
  printf("main: FreeLibrary returned %s\n", ok ? "TRUE" : "FALSE");
  report("after the last reference was freed");
  ok = FreeLibrary(h);
  printf("main: FreeLibrary once more returned %s\n", ok ? "TRUE" : "FALSE");
  report("after one FreeLibrary too many");
  printf("main: returns from main\n");
  return 0;
}
