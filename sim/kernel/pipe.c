/* Named pipes, the object model (the entry points are api/pipe.c): an
 * overlapped I/O source for completion ports, so that a
 * runtime in a DLL can wait for "network" I/O the way a database driver
 * does.  A scenario's "server" is a simulated thread that writes to its
 * end of the pipe when it likes (after a Sleep on virtual time, say); the
 * driver's overlapped ReadFile completes to its port at that step.
 *
 * Models: CreateNamedPipeA makes a listening server end, up to the
 * nMaxInstances the name's first instance gave (ERROR_PIPE_BUSY beyond);
 * names are not case-sensitive.  CreateFileA on "\\.\pipe\name" connects a
 * client end to a free server end (ERROR_PIPE_BUSY if all are taken,
 * ERROR_FILE_NOT_FOUND if none exist); ConnectNamedPipe waits for that
 * client (ERROR_PIPE_CONNECTED if it came first, ERROR_NO_DATA if it came
 * and already closed its end).  Reading or writing a server end that
 * still listens fails with ERROR_PIPE_LISTENING.
 *
 * An overlapped operation either completes at once (and still queues a
 * packet to the associated port, as Windows does without
 * FILE_SKIP_COMPLETION_PORT_ON_SUCCESS) or returns ERROR_IO_PENDING and
 * completes later: data written by the peer, the peer closing
 * (ERROR_BROKEN_PIPE), CancelIoEx or closing the handle
 * (ERROR_OPERATION_ABORTED).  Completion sets OVERLAPPED.Internal and
 * InternalHigh, signals hEvent, and posts to the port.
 *
 * Left out: message mode, pipe buffer quotas (writes never block), pipe
 * states such as disconnect/reconnect, impersonation, and files other than
 * pipes.
 */
#include "kernel.h"

#include <string.h>
#include <strings.h>


static ULONG_PTR ntstatus_of(DWORD error) {
  switch (error) {
  case 0: return 0;
  case ERROR_BROKEN_PIPE: return STATUS_PIPE_BROKEN;
  default: return STATUS_CANCELLED;
  }
}

/* Finishes an operation: the OVERLAPPED, its event, the port, or the
 * blocked synchronous caller. */
void sim__pipe_complete(sim_object *pipe, struct sim_io *io, DWORD bytes, DWORD error) {
  io->done = true;
  io->bytes = bytes;
  io->error = error;
  if (io->waiter) {
    sim_thread *w = io->waiter;
    io->waiter = NULL;
    sim__wake(w, SIM_PHASE_RETURN);
    return;
  }
  if (!io->ov) return;
  io->ov->Internal = ntstatus_of(error);
  io->ov->InternalHigh = bytes;
  if (io->ov->hEvent) {
    sim_object *e = sim__handle_get(NULL, io->ov->hEvent);
    if (e && e->type == SIM_OBJ_EVENT) {
      e->signal = 1;
      sim__object_signal(e);
    }
  }
  if (pipe->u.pipe.port) sim__port_post(pipe->u.pipe.port, bytes, pipe->u.pipe.key, io->ov, error);
}

struct sim_io *sim__pipe_io_new(LPOVERLAPPED ov, void *buf, DWORD size) {
  struct sim_io *io = sim__arena_alloc(&sim__current_run->arena, sizeof *io);
  io->ov = ov;
  io->buf = buf;
  io->size = size;
  if (ov) {
    ov->Internal = STATUS_PENDING;
    ov->InternalHigh = 0;
  }
  return io;
}

/* Moves buffered bytes into pending reads, oldest read first. */
static void feed_reads(sim_object *pipe) {
  struct strbuf *data = &pipe->u.pipe.data;
  while (pipe->u.pipe.reads && data->len) {
    struct sim_io *io = pipe->u.pipe.reads;
    pipe->u.pipe.reads = io->next;
    DWORD n = io->size < data->len ? io->size : (DWORD)data->len;
    memcpy(io->buf, data->data, n);
    memmove(data->data, data->data + n, data->len - n);
    data->len -= n;
    sim__pipe_complete(pipe, io, n, 0);
  }
  if (pipe->u.pipe.broken)
    while (pipe->u.pipe.reads) {
      struct sim_io *io = pipe->u.pipe.reads;
      pipe->u.pipe.reads = io->next;
      sim__pipe_complete(pipe, io, 0, ERROR_BROKEN_PIPE);
    }
}

/* Queues a read behind the pending ones and completes what buffered data
 * allows. */
void sim__pipe_read(sim_object *pipe, struct sim_io *io) {
  struct sim_io **p = &pipe->u.pipe.reads;
  while (*p) p = &(*p)->next;
  *p = io;
  feed_reads(pipe);
}

/* Appends bytes written by the other end to peer's buffer and completes
 * the reads they satisfy. */
void sim__pipe_deliver(sim_object *peer, const void *buf, DWORD size) {
  /* The buffer lives in the run's arena: grow by copying. */
  struct strbuf *d = &peer->u.pipe.data;
  if (d->len + size > d->cap) {
    size_t cap = d->cap ? d->cap : 256;
    while (cap < d->len + size) cap *= 2;
    char *n = sim__arena_alloc(&sim__current_run->arena, cap);
    if (d->len) memcpy(n, d->data, d->len);
    d->data = n;
    d->cap = cap;
  }
  memcpy(d->data + d->len, buf, size);
  d->len += size;
  feed_reads(peer);
}

/* Cancels o's pending operations (only the one with ov, unless ov is NULL)
 * with ERROR_OPERATION_ABORTED; returns how many. */
int sim__pipe_cancel(sim_object *o, LPOVERLAPPED ov) {
  int n = 0;
  for (struct sim_io **p = &o->u.pipe.reads; *p;) {
    struct sim_io *io = *p;
    if (ov && io->ov != ov) {
      p = &io->next;
      continue;
    }
    *p = io->next;
    sim__pipe_complete(o, io, 0, ERROR_OPERATION_ABORTED);
    n++;
  }
  if (o->u.pipe.connect && (!ov || o->u.pipe.connect->ov == ov)) {
    struct sim_io *io = o->u.pipe.connect;
    o->u.pipe.connect = NULL;
    sim__pipe_complete(o, io, 0, ERROR_OPERATION_ABORTED);
    n++;
  }
  return n;
}

/* A free server end named name (exists: whether any server end has that
 * name), or NULL. */
sim_object *sim__pipe_find_server(const char *name, bool *exists) {
  sim_object *server = NULL;
  *exists = false;
  for (int i = 0; i < sim__handle_slots() && !server; i++) {
    sim_object *o = sim__handle_slot(i);
    if (!o || o->type != SIM_OBJ_PIPE || !o->u.pipe.server) continue;
    if (strcasecmp(o->u.pipe.pipe_name, name) != 0) continue;
    *exists = true;
    if (!o->u.pipe.connected && !o->u.pipe.broken) server = o;
  }
  return server;
}

int sim__pipe_instances(const char *name, DWORD *max_instances) {
  int n = 0;
  *max_instances = 0;
  for (int i = 0; i < sim__handle_slots(); i++) {
    sim_object *o = sim__handle_slot(i);
    if (!o || o->type != SIM_OBJ_PIPE || !o->u.pipe.server) continue;
    if (strcasecmp(o->u.pipe.pipe_name, name) != 0) continue;
    if (!n) *max_instances = o->u.pipe.max_instances;
    n++;
  }
  return n;
}

/* Connects a new client end to a free server end. */
void sim__pipe_link(sim_object *server, sim_object *client) {
  client->u.pipe.pipe_name = server->u.pipe.pipe_name;
  client->u.pipe.peer = server;
  client->u.pipe.connected = true;
  server->u.pipe.peer = client;
  server->u.pipe.connected = true;
}

/* Completes the server's pending ConnectNamedPipe, if any. */
void sim__pipe_connect_done(sim_object *server) {
  if (server->u.pipe.connect) {
    struct sim_io *io = server->u.pipe.connect;
    server->u.pipe.connect = NULL;
    sim__pipe_complete(server, io, 0, 0);
  }
}

/* Blocks a synchronous caller until its operation completes. */
void sim__pipe_wait_io(sim_thread *self, struct sim_io *io) {
  io->waiter = self;
  self->wait.kind = SIM_WAIT_IO;
  self->wait.deadline_ms = SIM_NO_DEADLINE;
  sim__block(self);
}

void sim__pipe_closed(sim_thread *t, sim_object *o) {
  /* Pipe calls have no declared footprint; neither has the end of one. */
  sim__fp_global();
  (void)t;
  sim_object *peer = o->u.pipe.peer;
  /* Our own pending operations are cancelled by the close. */
  while (o->u.pipe.reads) {
    struct sim_io *io = o->u.pipe.reads;
    o->u.pipe.reads = io->next;
    sim__pipe_complete(o, io, 0, ERROR_OPERATION_ABORTED);
  }
  if (o->u.pipe.connect) {
    struct sim_io *io = o->u.pipe.connect;
    o->u.pipe.connect = NULL;
    sim__pipe_complete(o, io, 0, ERROR_OPERATION_ABORTED);
  }
  o->u.pipe.broken = true;
  o->u.pipe.peer = NULL;
  if (peer) {
    peer->u.pipe.peer = NULL;
    peer->u.pipe.broken = true;
    feed_reads(peer);
  }
}

void sim__pipes_scan(uintptr_t lo, uintptr_t hi, void (*note)(void *ctx, uintptr_t word), void *ctx) {
#define NOTE(w)                                                   \
  do {                                                            \
    uintptr_t w_ = (uintptr_t)(w);                                \
    if (w_ >= lo && w_ < hi) note(ctx, w_);                       \
  } while (0)
  for (int i = 0; i < sim__handle_slots(); i++) {
    sim_object *o = sim__handle_slot(i);
    if (!o || o->type != SIM_OBJ_PIPE) continue;
    NOTE(o->u.pipe.key);
    /* Bytes written and not yet read may be a pointer the reader will use;
     * they sit at any offset. */
    for (size_t at = 0; at + sizeof(uintptr_t) <= o->u.pipe.data.len; at++) {
      uintptr_t w;
      memcpy(&w, o->u.pipe.data.data + at, sizeof w);
      NOTE(w);
    }
    for (struct sim_io *io = o->u.pipe.reads; io; io = io->next) {
      NOTE(io->ov);
      NOTE(io->buf);
    }
    if (o->u.pipe.connect) NOTE(o->u.pipe.connect->ov);
  }
#undef NOTE
}
