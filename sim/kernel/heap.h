/* Heap tracking for simulated programs (see heap.c). */
#ifndef SIM_HEAP_H
#define SIM_HEAP_H

#include "sim.h"

/* Calls note for every word in a live heap block that points into [lo, hi). */
void sim_heap_scan(uintptr_t lo, uintptr_t hi, void (*note)(void *ctx, uintptr_t word), void *ctx);

/* Calls visit for every live block allocated by code of image im. */
void sim_heap_each_live(const sim_image *im,
                        void (*visit)(void *ctx, const void *block, uint64_t serial, size_t size),
                        void *ctx);
/* Whether the block allocated as heap#serial at p is still live. */
bool sim_heap_block_live(const void *p, uint64_t serial);

#endif
