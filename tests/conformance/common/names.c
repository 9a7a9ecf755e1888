/* probe_names.dll: the thread-name table of the conformance probes (see
 * probe.h).  Its DllMain does nothing, so it never prints. */
#include <stdio.h>
#include <string.h>

#include "probe.h"

#define NAMES_MAX 16

static struct {
  DWORD id;
  char name[32];
} names[NAMES_MAX];
static int n_names;

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reason;
  (void)reserved;
  return TRUE;
}

__declspec(dllexport) void probe_name_thread(DWORD thread_id, const char *name) {
  int i = 0;
  while (i < n_names && names[i].id != thread_id) i++;
  if (i == NAMES_MAX) return;
  if (i == n_names) n_names++;
  names[i].id = thread_id;
  snprintf(names[i].name, sizeof names[i].name, "%s", name);
}

__declspec(dllexport) const char *probe_thread_name(void) {
  DWORD self = GetCurrentThreadId();
  for (int i = 0; i < n_names; i++)
    if (names[i].id == self) return names[i].name;
  return "unnamed thread";
}

__declspec(dllexport) HANDLE probe_start_thread(const char *name, LPTHREAD_START_ROUTINE start,
                                                LPVOID arg) {
  DWORD id = 0;
  HANDLE thread = CreateThread(NULL, 0, start, arg, CREATE_SUSPENDED, &id);
  if (!thread) return NULL;
  probe_name_thread(id, name);
  ResumeThread(thread);
  return thread;
}
