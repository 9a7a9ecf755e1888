/* Conformance probe: loader calls made from inside DllMain.
 *
 * nest_outer.dll's DLL_PROCESS_ATTACH loads nest_inner.dll: the nested
 * load attaches nest_inner.dll at once, inside the outer DllMain.  Its
 * DLL_PROCESS_DETACH (from the host's FreeLibrary) frees nest_inner.dll
 * and then calls into it: a FreeLibrary made while another FreeLibrary is
 * under way only counts the reference down; the module it freed is
 * detached and unmapped when the outermost FreeLibrary finishes, after the
 * DllMain that freed it.  So the call after the free still works, and
 * nest_inner.dll's DLL_PROCESS_DETACH comes after nest_outer.dll's (Wine:
 * LdrUnloadDll counts its nesting and only the outermost call runs
 * process_detach).  Loaded a second time and left to the process exit,
 * the two are detached in reverse order of initialisation: nest_inner.dll,
 * initialised inside nest_outer.dll's DllMain, first.
 *
 * Calling LoadLibrary or FreeLibrary in DllMain is what Microsoft's DllMain
 * guidance forbids, so the simulator's verdict for this probe is "DllMain
 * misuse"; its output is Windows'. */
#include <stdio.h>

#include "probe.h"

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  probe_name_thread(GetCurrentThreadId(), "main");

  HMODULE outer = LoadLibraryA("nest_outer.dll");
  printf("main: FreeLibrary(nest_outer.dll)\n");
  BOOL ok = FreeLibrary(outer);
  printf("main: FreeLibrary returned %s, nest_inner.dll %s\n", ok ? "TRUE" : "FALSE",
         GetModuleHandleA("nest_inner.dll") ? "still loaded" : "unloaded");

  outer = LoadLibraryA("nest_outer.dll");
  printf("main: loaded nest_outer.dll again, returns from main\n");
  return 0;
}
