/* I/O completion ports, waitable timers and overlapped completions: the
 * parts of the simulator that other files call into. */
#ifndef SIM_PORTS_H
#define SIM_PORTS_H

#include "sim.h"

struct sim_packet {
  sim_packet *next;
  DWORD bytes;
  ULONG_PTR key;
  LPOVERLAPPED ov;
  DWORD error;                    /* 0, or the Win32 error of a failed I/O */
};

/* What a thread blocked in GetQueuedCompletionStatus(Ex) receives. */
struct sim_port_wait {
  sim_packet *got;                /* the packet handed over, or NULL */
};

void sim_port_post(sim_object *port, DWORD bytes, ULONG_PTR key, LPOVERLAPPED ov, DWORD error);
void sim_port_wait_cancel(sim_thread *t);
/* Concurrency bookkeeping: a thread counted as running for a port blocks
 * on something else, wakes up again, or ends. */
void sim_port_thread_blocks(sim_thread *t);
void sim_port_thread_wakes(sim_thread *t);
void sim_port_thread_gone(sim_thread *t);
/* Calls note for every queued packet's key or OVERLAPPED, and every pending
 * I/O's buffer or OVERLAPPED, that points into [lo, hi). */
void sim_ports_scan(uintptr_t lo, uintptr_t hi, void (*note)(void *ctx, uintptr_t word), void *ctx);
/* The last handle of o was closed (ports wake their waiters, pipes break). */
void sim_object_last_handle_closed(sim_thread *t, sim_object *o);

/* Waitable timers on virtual time. */
uint64_t sim_timers_next_due(void);
void sim_timers_fire(uint64_t now_ms);

/* Pipes (pipe.c). */
void sim_pipe_closed(sim_thread *t, sim_object *o);
void sim_pipes_scan(uintptr_t lo, uintptr_t hi, void (*note)(void *ctx, uintptr_t word), void *ctx);

#endif
