/* An init function that calls InitOnceExecuteOnce on its own INIT_ONCE
 * waits for itself. */
#include <windows.h>

static INIT_ONCE g_once = INIT_ONCE_STATIC_INIT;

static BOOL WINAPI init(PINIT_ONCE once, PVOID param, PVOID *context) {
  (void)param;
  (void)context;
  return InitOnceExecuteOnce(once, init, NULL, NULL);
}

int main(void) {
  InitOnceExecuteOnce(&g_once, init, NULL, NULL);
  return 0;
}
