/* SRW locks are not recursive: a thread that acquires one exclusively twice
 * waits for itself forever. */
#include <windows.h>
#include <stdio.h>

static SRWLOCK g_lock = SRWLOCK_INIT;

int main(void) {
  AcquireSRWLockExclusive(&g_lock);
  AcquireSRWLockExclusive(&g_lock);
  puts("never printed");
  return 0;
}
