/* Conformance probe: DLL_PROCESS_ATTACH and DLL_PROCESS_DETACH.
 *
 * Two DLLs are loaded by the main thread: each gets DLL_PROCESS_ATTACH
 * there, with lpReserved NULL (a dynamic load), in load order.  Loading one
 * again only counts a reference.  A worker started afterwards gets
 * DLL_THREAD_ATTACH from both; it frees order_b.dll, which is then detached
 * on the worker (whoever drops the last reference runs DLL_PROCESS_DETACH),
 * and when the worker exits only order_a.dll is left to send it
 * DLL_THREAD_DETACH.  The main thread then needs two FreeLibrary calls for
 * order_a.dll; the second detaches it, lpReserved NULL again. */
#include <stdio.h>

#include "probe.h"

static HMODULE b;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  printf("worker: FreeLibrary(order_b.dll)\n");
  BOOL ok = FreeLibrary(b);
  printf("worker: FreeLibrary returned %s, order_b.dll %s\n", ok ? "TRUE" : "FALSE",
         GetModuleHandleA("order_b.dll") ? "still loaded" : "unloaded");
  return 0;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  probe_name_thread(GetCurrentThreadId(), "main");

  printf("main: LoadLibrary(order_a.dll)\n");
  HMODULE a = LoadLibraryA("order_a.dll");
  printf("main: LoadLibrary(order_b.dll)\n");
  b = LoadLibraryA("order_b.dll");
  printf("main: LoadLibrary(order_a.dll) again\n");
  HMODULE a2 = LoadLibraryA("order_a.dll");
  printf("main: same handle: %s\n", a && a == a2 ? "yes" : "no");

  HANDLE t = probe_start_thread("worker 1", worker, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  printf("main: worker exited\n");

  printf("main: FreeLibrary(order_a.dll)\n");
  FreeLibrary(a);
  printf("main: order_a.dll %s\n", GetModuleHandleA("order_a.dll") ? "still loaded" : "unloaded");
  printf("main: FreeLibrary(order_a.dll) again\n");
  FreeLibrary(a2);
  printf("main: order_a.dll %s\n", GetModuleHandleA("order_a.dll") ? "still loaded" : "unloaded");
  return 0;
}
