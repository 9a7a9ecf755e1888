/* A DLL with a destructor, which the dynamic loader would run when the
 * simulator exits. */
#include <windows.h>

__attribute__((destructor)) static void tear_down_late(void) {}

__declspec(dllexport) int nothing(void) { return 0; }
