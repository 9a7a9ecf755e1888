/* Deliberately does not compile: the command-line tests check that
 * loaderlab shows the compiler's own message and exits with status 2. */
#include <windows.h>

int main(void) { return loaderlab_undeclared_identifier; }
