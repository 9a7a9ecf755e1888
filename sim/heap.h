/* Heap tracking for simulated programs (see heap.c). */
#ifndef SIM_HEAP_H
#define SIM_HEAP_H

#include "sim.h"

/* Whether any live heap block holds a word pointing into [lo, hi). */
bool sim_heap_points_into(uintptr_t lo, uintptr_t hi);

#endif
