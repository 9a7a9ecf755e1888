/* Heap tracking for simulated programs (see heap.c). */
#ifndef SIM_HEAP_H
#define SIM_HEAP_H

#include "sim.h"

/* Calls note for every word in a live heap block that points into [lo, hi). */
void sim_heap_scan(uintptr_t lo, uintptr_t hi, void (*note)(void *ctx, uintptr_t word), void *ctx);

#endif
