/* What every conformance probe shares: names for threads, so that output
 * says "main" or "worker 1" instead of a thread id that differs from run to
 * run and between the simulator and Windows.
 *
 * The functions live in probe_names.dll (names.c), which the host imports,
 * so it is loaded before main runs and unloaded after every other DLL: the
 * probes' DLLs can name the current thread from any DllMain call, including
 * the last DLL_PROCESS_DETACH at process exit.  The table is not locked:
 * every probe sequences its threads, so only one of them uses it at a time.
 */
#ifndef PROBE_H
#define PROBE_H

#include <windows.h>

/* Gives the thread with this id a name (a thread id may be reused once its
 * thread has exited: the newest name wins). */
void probe_name_thread(DWORD thread_id, const char *name);
/* The name of the calling thread, or "unnamed thread". */
const char *probe_thread_name(void);
/* Creates a thread that is named before it can run (it is created
 * suspended, named, then resumed), so that its DLL_THREAD_ATTACH
 * notifications already print its name.  Returns its handle. */
HANDLE probe_start_thread(const char *name, LPTHREAD_START_ROUTINE start, LPVOID arg);

#endif
