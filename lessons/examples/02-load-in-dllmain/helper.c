/* Lesson 2: the helper DLL plugin.dll loads. */
#include <windows.h>

__declspec(dllexport) int helper_answer(void) { return 42; }
