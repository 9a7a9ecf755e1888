/* A TLS slot holds one value per thread: a new thread reads NULL, and what
 * one thread stores is invisible to the others, whatever the interleaving. */
#include <windows.h>
#include <assert.h>
#include <stdint.h>
#include <stdio.h>

static DWORD g_slot;
static LONG g_points;

static DWORD WINAPI worker(LPVOID arg) {
  assert(TlsGetValue(g_slot) == NULL);
  TlsSetValue(g_slot, arg);
  InterlockedIncrement(&g_points); /* let the others store theirs */
  assert(TlsGetValue(g_slot) == arg);
  return 0;
}

int main(void) {
  static int main_value;
  g_slot = TlsAlloc();
  TlsSetValue(g_slot, &main_value);
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, worker, (LPVOID)(uintptr_t)0x100, 0, NULL);
  t[1] = CreateThread(NULL, 0, worker, (LPVOID)(uintptr_t)0x200, 0, NULL);
  InterlockedIncrement(&g_points);
  assert(TlsGetValue(g_slot) == &main_value);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  printf("main still sees its own value: %d\n", TlsGetValue(g_slot) == &main_value);
  TlsFree(g_slot);
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  return 0;
}
