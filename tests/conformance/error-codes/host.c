/* Conformance probe: results and error codes of calls with unusual
 * arguments.  Each line says what Windows does, and where Microsoft's
 * documentation and Wine's source (dlls/kernelbase, dlls/ntdll,
 * server/completion.c) disagree or say nothing:
 *
 * - FreeLibrary(NULL) fails with ERROR_INVALID_HANDLE (6): Wine's
 *   kernelbase checks NULL first; the documentation gives no code.
 * - FreeLibrary of the executable's own handle succeeds and changes
 *   nothing: the executable is loaded for the life of the process.
 * - GetProcAddress(NULL, name) looks in the executable, as NULL means the
 *   executable for GetModuleHandle; a name it does not export fails with
 *   ERROR_PROC_NOT_FOUND (127).
 * - GetModuleHandleEx with a flag it does not define fails with
 *   ERROR_INVALID_PARAMETER (87), sets *phModule to NULL and takes no
 *   reference (so one FreeLibrary still unloads the DLL).
 * - DisableThreadLibraryCalls(NULL) fails: no module has that handle, so
 *   the loader's STATUS_DLL_NOT_FOUND becomes ERROR_MOD_NOT_FOUND (126).
 * - CloseHandle on GetCurrentThread() or GetCurrentProcess() succeeds and
 *   does nothing: "Calling the CloseHandle function with this handle has no
 *   effect" (GetCurrentThread's documentation).
 * - A completion port's handle can be waited for: it is signalled while
 *   packets are queued, and the wait takes none.  The documentation does
 *   not list ports among the waitable objects; a port is the kernel's queue
 *   object, and Wine signals it the same way (though a comment in its
 *   server/completion.c says native ports are not waitable).
 * - A wait for all of several objects, one of them a mutex abandoned by
 *   its owner, returns WAIT_ABANDONED_0 (128) whatever the mutex's index:
 *   Wine's server returns STATUS_ABANDONED_WAIT_0, and Windows' kernel
 *   does the same; the documentation only promises a value from
 *   WAIT_ABANDONED_0 to WAIT_ABANDONED_0 + nCount - 1.
 * - HeapAlloc that fails returns NULL and, the documentation says, does
 *   not call SetLastError, so the last error is what it was.  Wine 8.0 sets
 *   ERROR_NOT_ENOUGH_MEMORY (8) (its RtlAllocateHeap sets the status of
 *   every failure): expected-wine.txt differs in that line only, seen in
 *   every run.
 * - SuspendThread and ResumeThread fail with (DWORD)-1, 4294967295: on an
 *   invalid handle with ERROR_INVALID_HANDLE (6), SuspendThread on a thread
 *   that has exited with ERROR_ACCESS_DENIED (5). */
#include <stdio.h>

#include "probe.h"

__declspec(dllexport) int exported_from_exe(void) { return 42; }

static HANDLE g_mutex;

static DWORD WINAPI abandon(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(g_mutex, INFINITE);
  return 0; /* exits owning the mutex: abandoned */
}

static DWORD WINAPI nothing(LPVOID arg) {
  (void)arg;
  return 0;
}

typedef int (*answer_fn)(void);

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  probe_name_thread(GetCurrentThreadId(), "main");

  SetLastError(0);
  BOOL ok = FreeLibrary(NULL);
  printf("FreeLibrary(NULL): %s, error %lu\n", ok ? "TRUE" : "FALSE", GetLastError());

  ok = FreeLibrary(GetModuleHandleA(NULL));
  printf("FreeLibrary(the executable): %s\n", ok ? "TRUE" : "FALSE");

  FARPROC f = GetProcAddress(NULL, "exported_from_exe");
  printf("GetProcAddress(NULL, exported_from_exe): %s\n",
         f ? (((answer_fn)(void (*)(void))f)() == 42 ? "found, returns 42" : "found, wrong") : "NULL");
  SetLastError(0);
  f = GetProcAddress(NULL, "not_exported_anywhere");
  printf("GetProcAddress(NULL, not_exported_anywhere): %s, error %lu\n", f ? "found" : "NULL",
         GetLastError());

  HMODULE dll = LoadLibraryA("errcodes_log.dll");
  HMODULE got = (HMODULE)1;
  SetLastError(0);
  ok = GetModuleHandleExA(0x8, "errcodes_log.dll", &got);
  printf("GetModuleHandleEx(undefined flag 0x8): %s, error %lu, module %s\n", ok ? "TRUE" : "FALSE",
         GetLastError(), got ? "set" : "NULL");
  printf("main: one FreeLibrary for the one LoadLibrary:\n");
  FreeLibrary(dll);

  SetLastError(0);
  ok = DisableThreadLibraryCalls(NULL);
  printf("DisableThreadLibraryCalls(NULL): %s, error %lu\n", ok ? "TRUE" : "FALSE", GetLastError());

  ok = CloseHandle(GetCurrentThread());
  BOOL ok2 = CloseHandle(GetCurrentProcess());
  printf("CloseHandle(GetCurrentThread()): %s, CloseHandle(GetCurrentProcess()): %s\n",
         ok ? "TRUE" : "FALSE", ok2 ? "TRUE" : "FALSE");

  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  DWORD w = WaitForSingleObject(port, 0);
  printf("WaitForSingleObject(empty port, 0): %lu\n", w);
  PostQueuedCompletionStatus(port, 5, 7, NULL);
  w = WaitForSingleObject(port, 0);
  DWORD bytes = 0;
  ULONG_PTR key = 0;
  LPOVERLAPPED ov = NULL;
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0);
  printf("WaitForSingleObject(port with a packet, 0): %lu, then GQCS: %s, key %lu\n", w,
         ok ? "TRUE" : "FALSE", (unsigned long)key);
  CloseHandle(port);

  HANDLE set = CreateEventA(NULL, TRUE, TRUE, NULL);
  HANDLE free_mutex = CreateMutexA(NULL, FALSE, NULL);
  g_mutex = CreateMutexA(NULL, FALSE, NULL);
  HANDLE t = probe_start_thread("abandoner", abandon, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  HANDLE all[3] = {set, free_mutex, g_mutex};
  w = WaitForMultipleObjects(3, all, TRUE, 0);
  printf("WaitForMultipleObjects(all, mutex abandoned at index 2): %lu\n", w);
  ReleaseMutex(g_mutex);
  ReleaseMutex(free_mutex);

  SetLastError(1234);
  void *p = HeapAlloc(GetProcessHeap(), 0, ~(SIZE_T)0);
  printf("HeapAlloc(~0 bytes): %s, last error %lu\n", p ? "a block" : "NULL", GetLastError());

  SetLastError(0);
  DWORD n = SuspendThread(NULL);
  printf("SuspendThread(NULL): %lu, error %lu\n", n, GetLastError());
  SetLastError(0);
  n = ResumeThread(NULL);
  printf("ResumeThread(NULL): %lu, error %lu\n", n, GetLastError());
  t = probe_start_thread("short-lived", nothing, NULL);
  WaitForSingleObject(t, INFINITE);
  SetLastError(0);
  n = SuspendThread(t);
  printf("SuspendThread(an exited thread): %lu, error %lu\n", n, GetLastError());
  CloseHandle(t);
  return 0;
}
