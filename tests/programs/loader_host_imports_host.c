/* The host calls base.dll's export directly: base.dll is a static import. */
#include <windows.h>
#include <stdio.h>

int base_value(void);

int main(void) {
  printf("main starts, base says %d\n", base_value());
  return 0;
}
