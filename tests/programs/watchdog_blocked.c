/* Blocks for good in a system call made without the C library (so that no
 * wrapper of the simulator can see it), using no CPU: only the wall-clock
 * watchdog can end the run. */
#include <windows.h>

static void block_forever(void) {
#if defined(__x86_64__)
  long nr = 34; /* pause */
  __asm__ volatile("syscall" : "+a"(nr) : : "rcx", "r11", "memory");
#elif defined(__aarch64__)
  register long x8 __asm__("x8") = 73; /* ppoll(NULL, 0, NULL, NULL) */
  register long x0 __asm__("x0") = 0;
  register long x1 __asm__("x1") = 0;
  register long x2 __asm__("x2") = 0;
  register long x3 __asm__("x3") = 0;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
#else
#error "no system call to block in for this architecture"
#endif
}

int main(void) {
  for (;;) block_forever();
}
