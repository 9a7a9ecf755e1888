/* A pool worker is a thread like any other: it sends DLL_THREAD_ATTACH to
 * the DLLs loaded when it starts, taking the loader lock to do so, so a
 * worker started while the loader lock is held waits for it. */
#include <windows.h>
#include <stdio.h>

static void CALLBACK noop(PTP_CALLBACK_INSTANCE instance, PVOID context) {
  (void)instance;
  (void)context;
}

int main(void) {
  HMODULE dll = LoadLibraryA("counter.dll");
  LONG (*attached)(void) = (LONG (*)(void))GetProcAddress(dll, "attached");
  TrySubmitThreadpoolCallback(noop, NULL, NULL);
  Sleep(10);
  printf("thread attach notifications after one pool callback: %ld\n", attached());
  FreeLibrary(dll);
  return 0;
}
