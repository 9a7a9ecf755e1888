/* A DLL that calls the C library's fork by the name the linker's --wrap
 * gives the real function, around the simulator's refusal.  Only built,
 * never run. */
#include <windows.h>

int __real_fork(void);

__declspec(dllexport) int escape(void) { return __real_fork(); }
