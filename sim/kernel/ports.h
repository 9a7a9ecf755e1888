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

/* Common to both GetQueuedCompletionStatus forms: takes up to max packets
 * into got[]; returns how many, or 0 with *error set. */
ULONG sim_port_dequeue(sim_thread *self, sim_object *port, sim_packet **got, ULONG max, DWORD ms,
                       DWORD *error);
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
void sim_timer_register(sim_object *t);
void sim_timers_fire(uint64_t now_ms);

/* Pipes (pipe.c). */
#define STATUS_PENDING 0x103
#define STATUS_PIPE_BROKEN 0xC000014BUL
#define STATUS_CANCELLED 0xC0000120UL

/* One pending operation on a pipe end: a read, or a ConnectNamedPipe. */
struct sim_io {
  struct sim_io *next;
  LPOVERLAPPED ov;                /* NULL for a synchronous operation */
  char *buf;
  DWORD size;
  bool is_connect;
  sim_thread *waiter;             /* blocked synchronous caller */
  DWORD bytes, error;
  bool done;
};

struct sim_io *sim_pipe_io_new(LPOVERLAPPED ov, void *buf, DWORD size);
/* Finishes an operation: the OVERLAPPED, its event, the port, or the
 * blocked synchronous caller. */
void sim_pipe_complete(sim_object *pipe, struct sim_io *io, DWORD bytes, DWORD error);
void sim_pipe_read(sim_object *pipe, struct sim_io *io);
void sim_pipe_deliver(sim_object *peer, const void *buf, DWORD size);
int sim_pipe_cancel(sim_object *o, LPOVERLAPPED ov);
sim_object *sim_pipe_find_server(const char *name, bool *exists);
void sim_pipe_link(sim_object *server, sim_object *client);
void sim_pipe_connect_done(sim_object *server);
/* Blocks a synchronous caller until its operation completes. */
void sim_pipe_wait_io(sim_thread *self, struct sim_io *io);
void sim_pipe_closed(sim_thread *t, sim_object *o);
void sim_pipes_scan(uintptr_t lo, uintptr_t hi, void (*note)(void *ctx, uintptr_t word), void *ctx);

#endif
