#define CALLBACK_LIBRARY
#include "pool_dllmain_wait_dll.c"
