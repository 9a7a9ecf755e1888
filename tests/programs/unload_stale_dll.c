/* A function and a variable the host keeps pointers to. */
#include <windows.h>

static int value = 5;
__declspec(dllexport) int get_value(void) { return value++; }
__declspec(dllexport) int *value_address(void) { return &value; }
