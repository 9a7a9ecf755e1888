/* Conformance probe: DLL_THREAD_ATTACH and DLL_THREAD_DETACH.
 *
 * - The loading thread (main) gets no DLL_THREAD_ATTACH: it gets
 *   DLL_PROCESS_ATTACH instead.
 * - A thread started after the loads gets DLL_THREAD_ATTACH from every
 *   loaded DLL in load order before its start routine runs, and
 *   DLL_THREAD_DETACH in the reverse order when it exits.
 * - A thread that was already running before the loads never gets
 *   DLL_THREAD_ATTACH, but gets DLL_THREAD_DETACH from both DLLs when it
 *   exits.
 * The threads run one after the other, so the order of the lines is fixed. */
#include <stdio.h>

#include "probe.h"

static HANDLE early_ready, early_go;

static DWORD WINAPI early(LPVOID arg) {
  (void)arg;
  printf("early: running before the loads\n");
  SetEvent(early_ready);
  WaitForSingleObject(early_go, INFINITE);
  printf("early: exits\n");
  return 0;
}

static DWORD WINAPI late(LPVOID arg) {
  (void)arg;
  printf("late: runs\n");
  return 0;
}

static void join(HANDLE thread) {
  WaitForSingleObject(thread, INFINITE);
  CloseHandle(thread);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  probe_name_thread(GetCurrentThreadId(), "main");
  early_ready = CreateEventA(NULL, TRUE, FALSE, NULL);
  early_go = CreateEventA(NULL, TRUE, FALSE, NULL);

  HANDLE e = probe_start_thread("early", early, NULL);
  WaitForSingleObject(early_ready, INFINITE);

  printf("main: LoadLibrary(notify_a.dll), LoadLibrary(notify_b.dll)\n");
  HMODULE a = LoadLibraryA("notify_a.dll");
  HMODULE b = LoadLibraryA("notify_b.dll");

  printf("main: start late\n");
  join(probe_start_thread("late", late, NULL));
  printf("main: late exited, let early exit\n");
  SetEvent(early_go);
  join(e);
  printf("main: early exited\n");

  FreeLibrary(b);
  FreeLibrary(a);
  CloseHandle(early_ready);
  CloseHandle(early_go);
  return 0;
}
