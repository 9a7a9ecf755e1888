/* Opens events in a loop and never closes them. */
#include <windows.h>

int main(void) {
  for (;;)
    if (!CreateEventA(NULL, TRUE, FALSE, NULL)) return 1;
}
