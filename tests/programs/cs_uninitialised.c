/* Wrong use: entering a critical section that was never initialised.  It
 * happens to work (a zeroed section looks free), and it is flagged. */
#include <windows.h>
#include <stdio.h>

static CRITICAL_SECTION g_cs;

int main(void) {
  EnterCriticalSection(&g_cs);
  LeaveCriticalSection(&g_cs);
  puts("still running");
  return 0;
}
