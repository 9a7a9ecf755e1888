/* Crash and runaway handling (see crash.c). */
#ifndef SIM_CRASH_H
#define SIM_CRASH_H

#include <stdint.h>

/* Tells the watchdog the run made progress. */
void sim_crash_note_step(uint64_t step);
/* Stale breakpoints resumed so far (see crash.c). */
unsigned long sim_crash_spurious_traps(void);
/* After a signal ended the run: works out and records its verdict. */
void sim_crash_verdict(void);

#endif
