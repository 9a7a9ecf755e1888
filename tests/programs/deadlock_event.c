/* Waiting without a timeout for an event nobody will ever set: no thread
 * can run and no deadline is pending, so the run is a deadlock without a
 * cycle. */
#include <windows.h>

int main(void) {
  HANDLE never = CreateEventA(NULL, TRUE, FALSE, NULL);
  WaitForSingleObject(never, INFINITE);
  return 0;
}
