#define FREE_WHEN_RETURNS
#include "pool_unload_dll.c"
