/* A DLL with a constructor: code the dynamic loader would run by itself. */
#include <windows.h>

static int ready;

__attribute__((constructor)) static void set_up_early(void) { ready = 1; }

__declspec(dllexport) int is_ready(void) { return ready; }
