#define CALLBACK_LIBRARY
#include "pool_unload_dll.c"
