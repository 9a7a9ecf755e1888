/* A DLL with static data that changes as it is used. */
#include <windows.h>

static int calls = 100;
__declspec(dllexport) int next_call(void) { return ++calls; }
