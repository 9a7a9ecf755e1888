/* Which threads get DLL_THREAD_ATTACH/DETACH, from whom, in which order:
 * a thread that existed before the loads gets no attach but does get a
 * detach; the loading thread gets none; a new thread gets an attach from
 * every attached DLL in load order and a detach in reverse order, except
 * from a DLL that disabled thread calls. */
#include <windows.h>
#include <stdio.h>

static HANDLE go, early_ready;

static DWORD WINAPI early(LPVOID arg) {
  (void)arg;
  SetEvent(early_ready);
  WaitForSingleObject(go, INFINITE);
  printf("early thread exits\n");
  return 0;
}

static DWORD WINAPI late(LPVOID arg) {
  (void)arg;
  printf("late thread runs\n");
  return 0;
}

int main(void) {
  go = CreateEventA(NULL, TRUE, FALSE, NULL);
  early_ready = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE e = CreateThread(NULL, 0, early, NULL, 0, NULL);
  /* The early thread is running before any DLL is loaded. */
  WaitForSingleObject(early_ready, INFINITE);
  HMODULE a = LoadLibraryA("a.dll");
  HMODULE b = LoadLibraryA("b.dll");
  HMODULE quiet = LoadLibraryA("quiet.dll");
  HANDLE l = CreateThread(NULL, 0, late, NULL, 0, NULL);
  WaitForSingleObject(l, INFINITE);
  SetEvent(go);
  WaitForSingleObject(e, INFINITE);
  CloseHandle(l);
  CloseHandle(e);
  CloseHandle(go);
  CloseHandle(early_ready);
  FreeLibrary(quiet);
  FreeLibrary(b);
  FreeLibrary(a);
  return 0;
}
