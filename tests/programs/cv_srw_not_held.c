/* Sleeping on a condition variable with an SRW lock one does not hold. */
#include <windows.h>

static SRWLOCK g_lock = SRWLOCK_INIT;
static CONDITION_VARIABLE g_cv = CONDITION_VARIABLE_INIT;

int main(void) {
  SleepConditionVariableSRW(&g_cv, &g_lock, 10, 0);
  return 0;
}
