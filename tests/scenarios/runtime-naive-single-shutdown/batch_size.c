/* The batch size this scenario gives ../runtime-naive-batch-shutdown/host.c. */
#include <windows.h>

const ULONG naive_batch_size = 1;
