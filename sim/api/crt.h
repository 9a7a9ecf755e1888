/* The simulated C runtime (see crt.c). */
#ifndef SIM_CRT_H
#define SIM_CRT_H

#include "sim.h"

__attribute__((noreturn)) void sim_crt_bad_free(void *p, void *caller, const char *what);
/* Runs the atexit functions registered by code of image im, newest first. */
void sim_run_atexit(sim_thread *t, const sim_image *im);
bool sim_heap_was_freed(const void *p);

#endif
