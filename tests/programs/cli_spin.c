/* A run that goes on for a very long time, one step at a time (every
 * SwitchToThread is a scheduling point), so that a time limit must stop it
 * in the middle of the schedule. */
#include <windows.h>

int main(void) {
  for (;;) SwitchToThread();
}
