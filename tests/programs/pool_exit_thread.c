/* The main thread uses the pool and then ends with ExitThread: the idle
 * pool threads end after a while, the last of them ends the process. */
#include <windows.h>
#include <stdio.h>

static void CALLBACK noop(PTP_CALLBACK_INSTANCE instance, PVOID context) {
  (void)instance;
  (void)context;
  printf("callback ran\n");
}

int main(void) {
  TrySubmitThreadpoolCallback(noop, NULL, NULL);
  Sleep(10);
  ExitThread(0);
}
