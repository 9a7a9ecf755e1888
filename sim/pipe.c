/* Named pipes: an overlapped I/O source for completion ports, so that a
 * runtime in a DLL can wait for "network" I/O the way a database driver
 * does.  A scenario's "server" is a simulated thread that writes to its
 * end of the pipe when it likes (after a Sleep on virtual time, say); the
 * driver's overlapped ReadFile completes to its port at that step.
 *
 * Models: CreateNamedPipeA makes a listening server end; CreateFileA on
 * "\\.\pipe\name" connects a client end to a free server end
 * (ERROR_PIPE_BUSY if all are taken, ERROR_FILE_NOT_FOUND if none exist);
 * ConnectNamedPipe waits for that client (ERROR_PIPE_CONNECTED if it came
 * first).  An overlapped operation either completes at once (and still
 * queues a packet to the associated port, as Windows does without
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
#include "api.h"

#include <string.h>

#include "ports.h"

#define STATUS_PENDING 0x103
#define STATUS_PIPE_BROKEN 0xC000014BUL
#define STATUS_CANCELLED 0xC0000120UL

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

static ULONG_PTR ntstatus_of(DWORD error) {
  switch (error) {
  case 0: return 0;
  case ERROR_BROKEN_PIPE: return STATUS_PIPE_BROKEN;
  default: return STATUS_CANCELLED;
  }
}

static DWORD error_of(ULONG_PTR status) {
  switch (status) {
  case 0: return 0;
  case STATUS_PIPE_BROKEN: return ERROR_BROKEN_PIPE;
  default: return ERROR_OPERATION_ABORTED;
  }
}

/* Finishes an operation: the OVERLAPPED, its event, the port, or the
 * blocked synchronous caller. */
static void complete(sim_object *pipe, struct sim_io *io, DWORD bytes, DWORD error) {
  io->done = true;
  io->bytes = bytes;
  io->error = error;
  if (io->waiter) {
    sim_thread *w = io->waiter;
    io->waiter = NULL;
    sim_wake(w, SIM_PHASE_RETURN);
    return;
  }
  if (!io->ov) return;
  io->ov->Internal = ntstatus_of(error);
  io->ov->InternalHigh = bytes;
  if (io->ov->hEvent) {
    sim_object *e = sim_handle_get(NULL, io->ov->hEvent);
    if (e && e->type == SIM_OBJ_EVENT) {
      e->signal = 1;
      sim_object_signal(e);
    }
  }
  if (pipe->u.pipe.port) sim_port_post(pipe->u.pipe.port, bytes, pipe->u.pipe.key, io->ov, error);
}

static struct sim_io *new_io(LPOVERLAPPED ov, void *buf, DWORD size) {
  struct sim_io *io = arena_alloc(&sim_current_run->arena, sizeof *io);
  io->ov = ov;
  io->buf = buf;
  io->size = size;
  if (ov) {
    ov->Internal = STATUS_PENDING;
    ov->InternalHigh = 0;
  }
  return io;
}

static void push_read(sim_object *pipe, struct sim_io *io) {
  struct sim_io **p = &pipe->u.pipe.reads;
  while (*p) p = &(*p)->next;
  *p = io;
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
    complete(pipe, io, n, 0);
  }
  if (pipe->u.pipe.broken)
    while (pipe->u.pipe.reads) {
      struct sim_io *io = pipe->u.pipe.reads;
      pipe->u.pipe.reads = io->next;
      complete(pipe, io, 0, ERROR_BROKEN_PIPE);
    }
}

/* Blocks a synchronous caller until its operation completes. */
static void wait_io(sim_thread *self, struct sim_io *io) {
  io->waiter = self;
  self->wait.kind = SIM_WAIT_IO;
  self->wait.deadline_ms = SIM_NO_DEADLINE;
  sim_block(self);
}

void sim_pipe_closed(sim_thread *t, sim_object *o) {
  (void)t;
  sim_object *peer = o->u.pipe.peer;
  /* Our own pending operations are cancelled by the close. */
  while (o->u.pipe.reads) {
    struct sim_io *io = o->u.pipe.reads;
    o->u.pipe.reads = io->next;
    complete(o, io, 0, ERROR_OPERATION_ABORTED);
  }
  if (o->u.pipe.connect) {
    struct sim_io *io = o->u.pipe.connect;
    o->u.pipe.connect = NULL;
    complete(o, io, 0, ERROR_OPERATION_ABORTED);
  }
  o->u.pipe.broken = true;
  o->u.pipe.peer = NULL;
  if (peer) {
    peer->u.pipe.peer = NULL;
    peer->u.pipe.broken = true;
    feed_reads(peer);
  }
}

void sim_pipes_scan(uintptr_t lo, uintptr_t hi, void (*note)(void *ctx, uintptr_t word), void *ctx) {
  sim_run *r = sim_current_run;
#define NOTE(w)                                                   \
  do {                                                            \
    uintptr_t w_ = (uintptr_t)(w);                                \
    if (w_ >= lo && w_ < hi) note(ctx, w_);                       \
  } while (0)
  for (int i = 0; i < r->n_handles; i++) {
    sim_object *o = r->handles[i];
    if ((uintptr_t)o < 4096 || o->type != SIM_OBJ_PIPE) continue;
    NOTE(o->u.pipe.key);
    for (struct sim_io *io = o->u.pipe.reads; io; io = io->next) {
      NOTE(io->ov);
      NOTE(io->buf);
    }
    if (o->u.pipe.connect) NOTE(o->u.pipe.connect->ov);
  }
#undef NOTE
}

static bool pipe_name_ok(const char *name) {
  return name && (strncmp(name, "\\\\.\\pipe\\", 9) == 0) && name[9];
}

HANDLE WINAPI CreateNamedPipeA(LPCSTR name, DWORD open_mode, DWORD pipe_mode, DWORD max_instances,
                               DWORD out_size, DWORD in_size, DWORD timeout,
                               LPSECURITY_ATTRIBUTES sa) {
  SIM_ENTER(CreateNamedPipeA);
  (void)open_mode, (void)max_instances, (void)out_size, (void)in_size, (void)timeout, (void)sa;
  if (!pipe_name_ok(name) || pipe_mode != 0) SIM_FAIL(ERROR_INVALID_PARAMETER, INVALID_HANDLE_VALUE);
  sim_object *o = sim_object_new(SIM_OBJ_PIPE);
  o->created_at = self->ret_addr;
  o->u.pipe.server = true;
  o->u.pipe.pipe_name = arena_strdup(&sim_current_run->arena, name);
  HANDLE h = sim_handle_open(o);
  if (sim_tracing()) {
    char what[64];
    sim_trace(self, SIM_EV_CALL, NULL, "CreateNamedPipeA(\"%s\") -> %s (server end)", name,
              sim_object_label(o, what, sizeof what));
  }
  SIM_RETURN(h);
}

BOOL WINAPI ConnectNamedPipe(HANDLE h, LPOVERLAPPED ov) {
  SIM_ENTER(ConnectNamedPipe);
  char what[64];
  sim_object *o = sim_handle_get_type(self, h, SIM_OBJ_PIPE);
  if (!o || !o->u.pipe.server) SIM_FAIL(ERROR_INVALID_HANDLE, FALSE);
  sim_object_label(o, what, sizeof what);
  if (o->u.pipe.connected) {
    if (sim_tracing()) sim_trace(self, SIM_EV_CALL, "FALSE (ERROR_PIPE_CONNECTED)", "ConnectNamedPipe(%s)", what);
    SIM_FAIL(ERROR_PIPE_CONNECTED, FALSE);
  }
  if (o->u.pipe.connect) SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
  struct sim_io *io = new_io(ov, NULL, 0);
  io->is_connect = true;
  o->u.pipe.connect = io;
  if (ov) {
    if (sim_tracing()) sim_trace(self, SIM_EV_CALL, "FALSE (ERROR_IO_PENDING)", "ConnectNamedPipe(%s, overlapped)", what);
    SIM_FAIL(ERROR_IO_PENDING, FALSE);
  }
  wait_io(self, io);
  if (sim_tracing()) sim_trace(self, SIM_EV_RETURN, io->error ? "FALSE" : "TRUE", "ConnectNamedPipe(%s)", what);
  if (io->error) SIM_FAIL(io->error, FALSE);
  SIM_RETURN(TRUE);
}

HANDLE WINAPI CreateFileA(LPCSTR name, DWORD access, DWORD share, LPSECURITY_ATTRIBUTES sa,
                          DWORD disposition, DWORD flags, HANDLE templ) {
  SIM_ENTER(CreateFileA);
  (void)access, (void)share, (void)sa, (void)flags, (void)templ;
  sim_run *r = sim_current_run;
  if (!pipe_name_ok(name) || disposition != OPEN_EXISTING) {
    sim_warn(self, "CreateFileA(\"%s\"): the simulator only opens named pipes "
             "(\\\\.\\pipe\\name, OPEN_EXISTING)", name ? name : "");
    SIM_FAIL(ERROR_FILE_NOT_FOUND, INVALID_HANDLE_VALUE);
  }
  sim_object *server = NULL;
  bool exists = false;
  for (int i = 0; i < r->n_handles && !server; i++) {
    sim_object *o = r->handles[i];
    if ((uintptr_t)o < 4096 || o->type != SIM_OBJ_PIPE || !o->u.pipe.server) continue;
    if (strcmp(o->u.pipe.pipe_name, name) != 0) continue;
    exists = true;
    if (!o->u.pipe.connected && !o->u.pipe.broken) server = o;
  }
  if (!server) {
    if (sim_tracing()) sim_trace(self, SIM_EV_CALL, exists ? "INVALID_HANDLE_VALUE (ERROR_PIPE_BUSY)" : "INVALID_HANDLE_VALUE (ERROR_FILE_NOT_FOUND)", "CreateFileA(\"%s\")", name);
    SIM_FAIL(exists ? ERROR_PIPE_BUSY : ERROR_FILE_NOT_FOUND, INVALID_HANDLE_VALUE);
  }
  sim_object *client = sim_object_new(SIM_OBJ_PIPE);
  client->created_at = self->ret_addr;
  client->u.pipe.pipe_name = server->u.pipe.pipe_name;
  client->u.pipe.peer = server;
  client->u.pipe.connected = true;
  server->u.pipe.peer = client;
  server->u.pipe.connected = true;
  HANDLE h = sim_handle_open(client);
  if (sim_tracing()) {
    char a[64], b[64];
    sim_trace(self, SIM_EV_CALL, NULL, "CreateFileA(\"%s\") -> %s, connected to %s", name,
              sim_object_label(client, a, sizeof a), sim_object_label(server, b, sizeof b));
  }
  if (server->u.pipe.connect) {
    struct sim_io *io = server->u.pipe.connect;
    server->u.pipe.connect = NULL;
    complete(server, io, 0, 0);
  }
  SIM_RETURN(h);
}

BOOL WINAPI ReadFile(HANDLE h, LPVOID buf, DWORD size, LPDWORD read, LPOVERLAPPED ov) {
  SIM_ENTER(ReadFile);
  char what[64];
  if (read) *read = 0;
  sim_object *o = sim_handle_get_type(self, h, SIM_OBJ_PIPE);
  if (!o) SIM_RETURN(FALSE);
  sim_object_label(o, what, sizeof what);
  if (!o->u.pipe.data.len && o->u.pipe.broken) {
    if (sim_tracing()) sim_trace(self, SIM_EV_CALL, "FALSE (ERROR_BROKEN_PIPE)", "ReadFile(%s, %lu bytes)", what, size);
    SIM_FAIL(ERROR_BROKEN_PIPE, FALSE);
  }
  struct sim_io *io = new_io(ov, buf, size);
  push_read(o, io);
  feed_reads(o);
  if (!io->done && ov) {
    if (sim_tracing()) sim_trace(self, SIM_EV_CALL, "FALSE (ERROR_IO_PENDING)", "ReadFile(%s, %lu bytes, overlapped)", what, size);
    SIM_FAIL(ERROR_IO_PENDING, FALSE);
  }
  if (!io->done) wait_io(self, io);
  if (sim_tracing()) sim_trace(self, SIM_EV_RETURN, io->error ? "FALSE" : "TRUE", "ReadFile(%s) -> %lu bytes", what, io->bytes);
  if (io->error) SIM_FAIL(io->error, FALSE);
  if (read) *read = io->bytes;
  SIM_RETURN(TRUE);
}

BOOL WINAPI WriteFile(HANDLE h, LPCVOID buf, DWORD size, LPDWORD written, LPOVERLAPPED ov) {
  SIM_ENTER(WriteFile);
  char what[64];
  if (written) *written = 0;
  sim_object *o = sim_handle_get_type(self, h, SIM_OBJ_PIPE);
  if (!o) SIM_RETURN(FALSE);
  sim_object_label(o, what, sizeof what);
  sim_object *peer = o->u.pipe.peer;
  if (!peer) {
    DWORD e = o->u.pipe.broken ? ERROR_NO_DATA : ERROR_PIPE_BUSY;
    if (sim_tracing()) sim_trace(self, SIM_EV_CALL, "FALSE", "WriteFile(%s, %lu bytes): no peer", what, size);
    SIM_FAIL(e, FALSE);
  }
  if (sim_tracing()) sim_trace(self, SIM_EV_CALL, "TRUE", "WriteFile(%s, %lu bytes)", what, size);
  /* The buffer lives in the run's arena: grow by copying. */
  struct strbuf *d = &peer->u.pipe.data;
  if (d->len + size > d->cap) {
    size_t cap = d->cap ? d->cap : 256;
    while (cap < d->len + size) cap *= 2;
    char *n = arena_alloc(&sim_current_run->arena, cap);
    if (d->len) memcpy(n, d->data, d->len);
    d->data = n;
    d->cap = cap;
  }
  memcpy(d->data + d->len, buf, size);
  d->len += size;
  feed_reads(peer);
  if (ov) {
    struct sim_io *io = new_io(ov, NULL, 0);
    complete(o, io, size, 0);
  }
  if (written) *written = size;
  SIM_RETURN(TRUE);
}

BOOL WINAPI CancelIoEx(HANDLE h, LPOVERLAPPED ov) {
  SIM_ENTER(CancelIoEx);
  sim_object *o = sim_handle_get_type(self, h, SIM_OBJ_PIPE);
  if (!o) SIM_RETURN(FALSE);
  int n = 0;
  for (struct sim_io **p = &o->u.pipe.reads; *p;) {
    struct sim_io *io = *p;
    if (ov && io->ov != ov) {
      p = &io->next;
      continue;
    }
    *p = io->next;
    complete(o, io, 0, ERROR_OPERATION_ABORTED);
    n++;
  }
  if (o->u.pipe.connect && (!ov || o->u.pipe.connect->ov == ov)) {
    struct sim_io *io = o->u.pipe.connect;
    o->u.pipe.connect = NULL;
    complete(o, io, 0, ERROR_OPERATION_ABORTED);
    n++;
  }
  if (sim_tracing()) {
    char what[64];
    sim_trace(self, SIM_EV_CALL, n ? "TRUE" : "FALSE (ERROR_NOT_FOUND)", "CancelIoEx(%s): %d operation%s cancelled",
              sim_object_label(o, what, sizeof what), n, n == 1 ? "" : "s");
  }
  if (!n) SIM_FAIL(ERROR_NOT_FOUND, FALSE);
  SIM_RETURN(TRUE);
}

BOOL WINAPI GetOverlappedResult(HANDLE h, LPOVERLAPPED ov, LPDWORD bytes, BOOL wait) {
  SIM_ENTER(GetOverlappedResult);
  sim_object *o = sim_handle_get_type(self, h, SIM_OBJ_PIPE);
  if (!o) SIM_RETURN(FALSE);
  if (!ov) SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
  if (ov->Internal == STATUS_PENDING) {
    if (!wait) SIM_FAIL(ERROR_IO_INCOMPLETE, FALSE);
    /* Wait the way Windows does: on the event if there is one. */
    sim_object *e = ov->hEvent ? sim_handle_get(self, ov->hEvent) : NULL;
    if (!e || e->type != SIM_OBJ_EVENT) {
      sim_warn(self, "GetOverlappedResult(bWait=TRUE) on an operation without an event: "
               "the simulator cannot wait on a file handle");
      SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
    }
    sim_wait_objects(self, 1, &e, false, INFINITE);
  }
  if (bytes) *bytes = (DWORD)ov->InternalHigh;
  DWORD err = error_of(ov->Internal);
  if (err) SIM_FAIL(err, FALSE);
  SIM_RETURN(TRUE);
}
