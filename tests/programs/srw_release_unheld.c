/* Releasing an SRW lock nobody holds: Windows raises
 * STATUS_RESOURCE_NOT_OWNED, which ends the process. */
#include <windows.h>
#include <stdio.h>

static SRWLOCK g_lock = SRWLOCK_INIT;

int main(void) {
  ReleaseSRWLockExclusive(&g_lock);
  puts("never printed");
  return 0;
}
