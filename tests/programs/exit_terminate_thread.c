/* TerminateThread ends a thread where it stands: the thread gets no
 * DLL_THREAD_DETACH, and a critical section it holds stays held (its
 * handle is signalled, with the exit code given).  The assertions make an
 * exhaustive search check both in every schedule. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

typedef int (*count_fn)(void);

static CRITICAL_SECTION g_lock;
static HANDLE locked, never;

static DWORD WINAPI holder(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&g_lock);
  SetEvent(locked);
  WaitForSingleObject(never, INFINITE);
  LeaveCriticalSection(&g_lock);
  return 0;
}

int main(void) {
  HMODULE log = LoadLibraryA("log.dll");
  count_fn thread_detaches = (count_fn)GetProcAddress(log, "log_thread_detaches");
  InitializeCriticalSection(&g_lock);
  locked = CreateEventA(NULL, TRUE, FALSE, NULL);
  never = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE h = CreateThread(NULL, 0, holder, NULL, 0, NULL);
  WaitForSingleObject(locked, INFINITE);
  BOOL terminated = TerminateThread(h, 42);
  DWORD w = WaitForSingleObject(h, INFINITE);
  DWORD code = 0;
  GetExitCodeThread(h, &code);
  BOOL entered = TryEnterCriticalSection(&g_lock);
  printf("TerminateThread -> %d, wait -> %lu, exit code %lu\n", terminated, w, code);
  printf("DLL_THREAD_DETACH calls: %d\n", thread_detaches());
  printf("g_lock still held: %s\n", entered ? "no" : "yes");
  assert(terminated && w == WAIT_OBJECT_0 && code == 42);
  assert(thread_detaches() == 0);
  assert(!entered);
  CloseHandle(h);
  return 0;
}
