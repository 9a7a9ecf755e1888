/* A single thread waits for a GetTickCount64 deadline, polling nothing
 * else: with no other thread and no timer, only polling moves the clock. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  ULONGLONG began = GetTickCount64();
  while (GetTickCount64() - began < 50) {
  }
  printf("50 ms passed: %s\n", GetTickCount64() - began >= 50 ? "yes" : "no");
  return 0;
}
