/* A thread that waits for its own handle waits for itself. */
#include <windows.h>

int main(void) {
  WaitForSingleObject(GetCurrentThread(), INFINITE);
  return 0;
}
