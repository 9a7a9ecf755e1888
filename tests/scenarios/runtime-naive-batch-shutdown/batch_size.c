/* The batch size this scenario gives host.c. */
#include <windows.h>

const ULONG naive_batch_size = 4;
