/* The named-pipe functions of windows.h: CreateNamedPipeA, ConnectNamedPipe,
 * CreateFileA, ReadFile, WriteFile, CancelIoEx, GetOverlappedResult.  What
 * a pipe end is and how its I/O completes is kernel/pipe.c; this file checks
 * the arguments, traces the call and returns Windows' results.
 *
 * Left out: message mode, pipe buffer quotas (writes never block),
 * DisconnectNamedPipe and reconnecting, a second instance's differing
 * nMaxInstances, impersonation, and files other than pipes.
 */
#include "api.h"

#include <string.h>
#include <strings.h>


static DWORD error_of(ULONG_PTR status) {
  switch (status) {
  case 0: return 0;
  case STATUS_PIPE_BROKEN: return ERROR_BROKEN_PIPE;
  default: return ERROR_OPERATION_ABORTED;
  }
}

/* "\\.\pipe\name", the prefix in any case, as Windows takes it. */
static bool pipe_name_ok(const char *name) {
  return name && (strncasecmp(name, "\\\\.\\pipe\\", 9) == 0) && name[9];
}

/* A server end no client has connected to yet. */
static bool listening(const sim_object *o) {
  return o->u.pipe.server && !o->u.pipe.connected && !o->u.pipe.broken;
}

HANDLE WINAPI CreateNamedPipeA(LPCSTR name, DWORD open_mode, DWORD pipe_mode, DWORD max_instances,
                               DWORD out_size, DWORD in_size, DWORD timeout,
                               LPSECURITY_ATTRIBUTES sa) {
  SIM_ENTER(CreateNamedPipeA);
  (void)open_mode, (void)out_size, (void)in_size, (void)timeout, (void)sa;
  if (!pipe_name_ok(name) || pipe_mode != 0 || max_instances == 0 ||
      max_instances > PIPE_UNLIMITED_INSTANCES)
    SIM_FAIL(ERROR_INVALID_PARAMETER, INVALID_HANDLE_VALUE);
  /* The first instance of a name sets how many there may be. */
  DWORD limit;
  int instances = sim__pipe_instances(name, &limit);
  if (instances && limit != PIPE_UNLIMITED_INSTANCES && (DWORD)instances >= limit) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "INVALID_HANDLE_VALUE (ERROR_PIPE_BUSY)", "CreateNamedPipeA(\"%s\"): all %lu instances exist", name, limit);
    SIM_FAIL(ERROR_PIPE_BUSY, INVALID_HANDLE_VALUE);
  }
  sim_object *o = sim__object_new(SIM_OBJ_PIPE);
  o->created_at = self->ret_addr;
  o->u.pipe.server = true;
  o->u.pipe.max_instances = instances ? limit : max_instances;
  o->u.pipe.pipe_name = sim__arena_strdup(&sim__current_run->arena, name);
  HANDLE h = sim__handle_open(o);
  if (sim__tracing()) {
    char what[64];
    sim__trace(self, SIM_EV_CALL, NULL, "CreateNamedPipeA(\"%s\") -> %s (server end)", name,
              sim__object_label(o, what, sizeof what));
  }
  SIM_RETURN(h);
}

BOOL WINAPI ConnectNamedPipe(HANDLE h, LPOVERLAPPED ov) {
  SIM_ENTER(ConnectNamedPipe);
  char what[64];
  sim_object *o = sim__handle_get_type(self, h, SIM_OBJ_PIPE);
  if (!o || !o->u.pipe.server) SIM_FAIL(ERROR_INVALID_HANDLE, FALSE);
  sim__object_label(o, what, sizeof what);
  if (o->u.pipe.connected && o->u.pipe.broken) {
    /* The client came and has closed its end already: the pipe waits for
     * DisconnectNamedPipe. */
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "FALSE (ERROR_NO_DATA)", "ConnectNamedPipe(%s)", what);
    SIM_FAIL(ERROR_NO_DATA, FALSE);
  }
  if (o->u.pipe.connected) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "FALSE (ERROR_PIPE_CONNECTED)", "ConnectNamedPipe(%s)", what);
    SIM_FAIL(ERROR_PIPE_CONNECTED, FALSE);
  }
  if (o->u.pipe.connect) SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
  struct sim_io *io = sim__pipe_io_new(ov, NULL, 0);
  io->is_connect = true;
  o->u.pipe.connect = io;
  if (ov) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "FALSE (ERROR_IO_PENDING)", "ConnectNamedPipe(%s, overlapped)", what);
    SIM_FAIL(ERROR_IO_PENDING, FALSE);
  }
  sim__pipe_wait_io(self, io);
  if (sim__tracing()) sim__trace(self, SIM_EV_RETURN, io->error ? "FALSE" : "TRUE", "ConnectNamedPipe(%s)", what);
  if (io->error) SIM_FAIL(io->error, FALSE);
  SIM_RETURN(TRUE);
}

HANDLE WINAPI CreateFileA(LPCSTR name, DWORD access, DWORD share, LPSECURITY_ATTRIBUTES sa,
                          DWORD disposition, DWORD flags, HANDLE templ) {
  SIM_ENTER(CreateFileA);
  (void)access, (void)share, (void)sa, (void)flags, (void)templ;
  if (!pipe_name_ok(name) || disposition != OPEN_EXISTING) {
    sim__warn(self, "CreateFileA(\"%s\"): the simulator only opens named pipes "
             "(\\\\.\\pipe\\name, OPEN_EXISTING)", name ? name : "");
    SIM_FAIL(ERROR_FILE_NOT_FOUND, INVALID_HANDLE_VALUE);
  }
  bool exists;
  sim_object *server = sim__pipe_find_server(name, &exists);
  if (!server) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, exists ? "INVALID_HANDLE_VALUE (ERROR_PIPE_BUSY)" : "INVALID_HANDLE_VALUE (ERROR_FILE_NOT_FOUND)", "CreateFileA(\"%s\")", name);
    SIM_FAIL(exists ? ERROR_PIPE_BUSY : ERROR_FILE_NOT_FOUND, INVALID_HANDLE_VALUE);
  }
  sim_object *client = sim__object_new(SIM_OBJ_PIPE);
  client->created_at = self->ret_addr;
  sim__pipe_link(server, client);
  HANDLE h = sim__handle_open(client);
  if (sim__tracing()) {
    char a[64], b[64];
    sim__trace(self, SIM_EV_CALL, NULL, "CreateFileA(\"%s\") -> %s, connected to %s", name,
              sim__object_label(client, a, sizeof a), sim__object_label(server, b, sizeof b));
  }
  sim__pipe_connect_done(server);
  SIM_RETURN(h);
}

BOOL WINAPI ReadFile(HANDLE h, LPVOID buf, DWORD size, LPDWORD read, LPOVERLAPPED ov) {
  SIM_ENTER(ReadFile);
  char what[64];
  if (read) *read = 0;
  sim_object *o = sim__handle_get_type(self, h, SIM_OBJ_PIPE);
  if (!o) SIM_RETURN(FALSE);
  sim__object_label(o, what, sizeof what);
  if (listening(o)) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "FALSE (ERROR_PIPE_LISTENING)", "ReadFile(%s, %lu bytes)", what, size);
    SIM_FAIL(ERROR_PIPE_LISTENING, FALSE);
  }
  if (!o->u.pipe.data.len && o->u.pipe.broken) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "FALSE (ERROR_BROKEN_PIPE)", "ReadFile(%s, %lu bytes)", what, size);
    SIM_FAIL(ERROR_BROKEN_PIPE, FALSE);
  }
  struct sim_io *io = sim__pipe_io_new(ov, buf, size);
  sim__pipe_read(o, io);
  if (!io->done && ov) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "FALSE (ERROR_IO_PENDING)", "ReadFile(%s, %lu bytes, overlapped)", what, size);
    SIM_FAIL(ERROR_IO_PENDING, FALSE);
  }
  if (!io->done) sim__pipe_wait_io(self, io);
  if (sim__tracing()) sim__trace(self, SIM_EV_RETURN, io->error ? "FALSE" : "TRUE", "ReadFile(%s) -> %lu bytes", what, io->bytes);
  if (io->error) SIM_FAIL(io->error, FALSE);
  if (read) *read = io->bytes;
  SIM_RETURN(TRUE);
}

BOOL WINAPI WriteFile(HANDLE h, LPCVOID buf, DWORD size, LPDWORD written, LPOVERLAPPED ov) {
  SIM_ENTER(WriteFile);
  char what[64];
  if (written) *written = 0;
  sim_object *o = sim__handle_get_type(self, h, SIM_OBJ_PIPE);
  if (!o) SIM_RETURN(FALSE);
  sim__object_label(o, what, sizeof what);
  sim_object *peer = o->u.pipe.peer;
  if (listening(o)) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "FALSE (ERROR_PIPE_LISTENING)", "WriteFile(%s, %lu bytes)", what, size);
    SIM_FAIL(ERROR_PIPE_LISTENING, FALSE);
  }
  if (!peer) {
    DWORD e = o->u.pipe.broken ? ERROR_NO_DATA : ERROR_PIPE_BUSY;
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "FALSE", "WriteFile(%s, %lu bytes): no peer", what, size);
    SIM_FAIL(e, FALSE);
  }
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "TRUE", "WriteFile(%s, %lu bytes)", what, size);
  sim__pipe_deliver(peer, buf, size);
  if (ov) {
    struct sim_io *io = sim__pipe_io_new(ov, NULL, 0);
    sim__pipe_complete(o, io, size, 0);
  }
  if (written) *written = size;
  SIM_RETURN(TRUE);
}

BOOL WINAPI CancelIoEx(HANDLE h, LPOVERLAPPED ov) {
  SIM_ENTER(CancelIoEx);
  sim_object *o = sim__handle_get_type(self, h, SIM_OBJ_PIPE);
  if (!o) SIM_RETURN(FALSE);
  int n = sim__pipe_cancel(o, ov);
  if (sim__tracing()) {
    char what[64];
    sim__trace(self, SIM_EV_CALL, n ? "TRUE" : "FALSE (ERROR_NOT_FOUND)", "CancelIoEx(%s): %d operation%s cancelled",
              sim__object_label(o, what, sizeof what), n, n == 1 ? "" : "s");
  }
  if (!n) SIM_FAIL(ERROR_NOT_FOUND, FALSE);
  SIM_RETURN(TRUE);
}

BOOL WINAPI GetOverlappedResult(HANDLE h, LPOVERLAPPED ov, LPDWORD bytes, BOOL wait) {
  SIM_ENTER(GetOverlappedResult);
  sim_object *o = sim__handle_get_type(self, h, SIM_OBJ_PIPE);
  if (!o) SIM_RETURN(FALSE);
  if (!ov) SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
  if (ov->Internal == STATUS_PENDING) {
    if (!wait) SIM_FAIL(ERROR_IO_INCOMPLETE, FALSE);
    /* Wait the way Windows does: on the event if there is one. */
    sim_object *e = ov->hEvent ? sim__handle_get(self, ov->hEvent) : NULL;
    if (!e || e->type != SIM_OBJ_EVENT) {
      sim__warn(self, "GetOverlappedResult(bWait=TRUE) on an operation without an event: "
               "the simulator cannot wait on a file handle");
      SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
    }
    sim__wait_objects(self, 1, &e, false, INFINITE);
  }
  if (bytes) *bytes = (DWORD)ov->InternalHigh;
  DWORD err = error_of(ov->Internal);
  if (err) SIM_FAIL(err, FALSE);
  SIM_RETURN(TRUE);
}
