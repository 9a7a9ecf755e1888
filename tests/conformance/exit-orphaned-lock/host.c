/* Conformance probe: a critical section orphaned at process exit.
 *
 * orphan_lock.dll's worker enters the DLL's critical section and parks in
 * it; main returns, so ExitProcess terminates the worker where it stands,
 * the section still held.  DLL_PROCESS_DETACH of orphan_lock.dll (loaded
 * last, so detached first) then enters the same section.  Nobody can ever
 * leave it, and Windows Vista and later end the process right there (Raymond
 * Chen, "During process termination, the gates are now electrified"): the
 * rest of that DllMain, and orphan_witness.dll's DLL_PROCESS_DETACH, never
 * run.  The simulator's verdict is "process exit cut short".
 *
 * Wine 8.0 prints expected-wine.txt: like Windows XP, it lets a thread that
 * is shutting the process down into any critical section
 * (RtlpWaitForCriticalSection returns at once during shutdown), so the
 * DllMain goes on and the witness is detached.  Seen in every run. */
#include <stdio.h>

#include "probe.h"


int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  probe_name_thread(GetCurrentThreadId(), "main");
  LoadLibraryA("orphan_witness.dll");
  HMODULE h = LoadLibraryA("orphan_lock.dll");
  typedef void (*start_fn)(void);
  ((start_fn)(void (*)(void))GetProcAddress(h, "orphan_start_holder"))();
  printf("main: returns while the holder is in the section\n");
  return 0;
}
