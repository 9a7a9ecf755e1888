/* Conformance probe: which calls count a reference to a module.
 *
 * - GetModuleHandle finds a loaded DLL (the same handle LoadLibrary gave)
 *   without counting a reference: one FreeLibrary after one LoadLibrary
 *   unloads the DLL, whatever GetModuleHandle calls came between.
 * - GetModuleHandleEx without flags counts one, so the DLL then needs one
 *   more FreeLibrary; with GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT it
 *   does not.
 * - Once the DLL is unloaded, GetModuleHandle and GetModuleHandleEx fail
 *   with ERROR_MOD_NOT_FOUND (126), and so does a FreeLibrary too many
 *   (here the stale handle names no module; in a real program another DLL
 *   may have been loaded at that address since).
 * - GetProcAddress of a name the DLL does not export fails with
 *   ERROR_PROC_NOT_FOUND (127). */
#include <stdio.h>

#include "probe.h"

static void report(const char *what) {
  SetLastError(0);
  HMODULE h = GetModuleHandleA("refs_a.dll");
  if (h) printf("main: %s: refs_a.dll loaded\n", what);
  else printf("main: %s: refs_a.dll not found, error %lu\n", what, GetLastError());
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  probe_name_thread(GetCurrentThreadId(), "main");

  HMODULE h = LoadLibraryA("refs_a.dll");
  HMODULE found = GetModuleHandleA("refs_a.dll");
  printf("main: GetModuleHandle gives the LoadLibrary handle: %s\n", found == h ? "yes" : "no");
  SetLastError(0);
  FARPROC missing = GetProcAddress(h, "no_such_export");
  printf("main: GetProcAddress(no_such_export): %s, error %lu\n", missing ? "found" : "NULL",
         GetLastError());
  FreeLibrary(h);
  report("after LoadLibrary, GetModuleHandle, FreeLibrary");

  h = LoadLibraryA("refs_a.dll");
  HMODULE counted = NULL, uncounted = NULL;
  BOOL ok1 = GetModuleHandleExA(0, "refs_a.dll", &counted);
  BOOL ok2 = GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, "refs_a.dll",
                                &uncounted);
  printf("main: GetModuleHandleEx(0): %s, (UNCHANGED_REFCOUNT): %s, same handles: %s\n",
         ok1 ? "TRUE" : "FALSE", ok2 ? "TRUE" : "FALSE",
         counted == h && uncounted == h ? "yes" : "no");
  FreeLibrary(h);
  report("after LoadLibrary, GetModuleHandleEx x2, FreeLibrary");
  FreeLibrary(counted);
  report("after a second FreeLibrary");

  HMODULE none = NULL;
  SetLastError(0);
  BOOL ok = GetModuleHandleExA(0, "refs_a.dll", &none);
  printf("main: GetModuleHandleEx after the unload: %s, error %lu, handle %s\n",
         ok ? "TRUE" : "FALSE", GetLastError(), none ? "set" : "NULL");
  SetLastError(0);
  ok = FreeLibrary(h);
  printf("main: FreeLibrary on the unloaded handle: %s, error %lu\n", ok ? "TRUE" : "FALSE",
         GetLastError());
  return 0;
}
