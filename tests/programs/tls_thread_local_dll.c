/* A DLL with a C11 _Thread_local variable: refused like __thread in a host
 * (see tls_thread_variable.c). */
#include <windows.h>

static _Thread_local int calls;

__declspec(dllexport) int count_call(void) { return ++calls; }
