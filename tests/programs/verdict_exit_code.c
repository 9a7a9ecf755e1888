/* main's return value is the process exit code, and returning is an ok
 * verdict. */
#include <windows.h>

int main(void) { return 3; }
