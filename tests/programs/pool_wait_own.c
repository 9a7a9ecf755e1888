/* A callback that waits for the callbacks of its own work object waits
 * for itself, as Microsoft warns. */
#include <windows.h>

static void CALLBACK self_wait(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work) {
  (void)instance;
  (void)context;
  WaitForThreadpoolWorkCallbacks(work, FALSE);
}

int main(void) {
  PTP_WORK work = CreateThreadpoolWork(self_wait, NULL, NULL);
  SubmitThreadpoolWork(work);
  WaitForThreadpoolWorkCallbacks(work, FALSE);
  CloseThreadpoolWork(work);
  return 0;
}
