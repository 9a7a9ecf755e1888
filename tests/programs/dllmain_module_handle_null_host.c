/* GetModuleHandle(NULL) takes no lock: a worker calls it while main is
 * inside slow.dll's DllMain, which waits for the worker to be done. */
#include <windows.h>
#include <stdio.h>

__declspec(dllexport) HANDLE in_dllmain, asked;
static HANDLE started;

static DWORD WINAPI asker(LPVOID arg) {
  (void)arg;
  SetEvent(started); /* past its own start, which takes the loader lock */
  WaitForSingleObject(in_dllmain, INFINITE);
  HMODULE self = GetModuleHandleA(NULL);
  HMODULE same = NULL;
  GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, NULL, &same);
  printf("worker: GetModuleHandle(NULL) returned %s at t=%llu, inside DllMain\n",
         self && self == same ? "the executable" : "something else", GetTickCount64());
  SetEvent(asked);
  return 0;
}

int main(void) {
  in_dllmain = CreateEventA(NULL, TRUE, FALSE, NULL);
  asked = CreateEventA(NULL, TRUE, FALSE, NULL);
  started = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE t = CreateThread(NULL, 0, asker, NULL, 0, NULL);
  WaitForSingleObject(started, INFINITE);
  HMODULE h = LoadLibraryA("waiter.dll");
  puts("main: LoadLibrary returned");
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  FreeLibrary(h);
  return 0;
}
