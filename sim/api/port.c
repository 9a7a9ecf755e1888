/* The completion-port functions of windows.h: CreateIoCompletionPort,
 * PostQueuedCompletionStatus, GetQueuedCompletionStatus(Ex).  The queue,
 * its waiters and its concurrency value are kernel/port.c; this file checks
 * the arguments, traces the call and returns Windows' results.
 */
#include "api.h"

#include <stdlib.h>
#include <string.h>


HANDLE WINAPI CreateIoCompletionPort(HANDLE file, HANDLE existing, ULONG_PTR key, DWORD threads) {
  SIM_ENTER(CreateIoCompletionPort);
  char what[96], f[96];
  sim_object *port;
  if (existing) {
    port = sim__handle_get_type(self, existing, SIM_OBJ_PORT);
    if (!port) SIM_RETURN(NULL);
  } else {
    port = NULL;
  }
  sim_object *pipe = NULL;
  if (file != INVALID_HANDLE_VALUE) {
    pipe = sim__handle_get_type(self, file, SIM_OBJ_PIPE);
    if (!pipe) SIM_RETURN(NULL);
    if (pipe->u.pipe.port) SIM_FAIL(ERROR_INVALID_PARAMETER, NULL);
  } else if (existing) {
    SIM_FAIL(ERROR_INVALID_PARAMETER, NULL);
  }
  HANDLE h = existing;
  if (!port) {
    port = sim__object_new(SIM_OBJ_PORT);
    port->created_at = self->ret_addr;
    port->u.port.concurrency = threads;
    h = sim__handle_open(port);
  }
  if (pipe) {
    pipe->u.pipe.port = port;
    pipe->u.pipe.key = key;
  }
  if (sim__tracing()) {
    sim__object_label(port, what, sizeof what);
    if (pipe) sim__trace(self, SIM_EV_CALL, NULL, "CreateIoCompletionPort(%s, key %#lx) -> associated with %s",
                        sim__object_label(pipe, f, sizeof f), (unsigned long)key, what);
    else sim__trace(self, SIM_EV_CALL, NULL, "CreateIoCompletionPort(concurrency %lu) -> %s", threads, what);
  }
  SIM_RETURN(h);
}

BOOL WINAPI PostQueuedCompletionStatus(HANDLE h, DWORD bytes, ULONG_PTR key, LPOVERLAPPED ov) {
  SIM_ENTER(PostQueuedCompletionStatus);
  char what[96], ovs[96];
  sim_object *port = sim__handle_get_type(self, h, SIM_OBJ_PORT);
  if (!port) {
    sim__warn(self, "PostQueuedCompletionStatus(%#lx): not an open completion port",
             (unsigned long)(uintptr_t)h);
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "FALSE (ERROR_INVALID_HANDLE)", "PostQueuedCompletionStatus(%#lx)", (unsigned long)(uintptr_t)h);
    SIM_RETURN(FALSE);
  }
  if (sim__tracing())
    sim__trace(self, SIM_EV_CALL, NULL, "PostQueuedCompletionStatus(%s, %lu bytes, key %#lx, overlapped %s)",
              sim__object_label(port, what, sizeof what), bytes, (unsigned long)key,
              ov ? sim__describe_address(ov, ovs, sizeof ovs) : "NULL");
  sim__port_post(port, bytes, key, ov, 0);
  SIM_RETURN(TRUE);
}

static const char *error_name(DWORD e) {
  switch (e) {
  case WAIT_TIMEOUT: return "WAIT_TIMEOUT";
  case ERROR_ABANDONED_WAIT_0: return "ERROR_ABANDONED_WAIT_0";
  case ERROR_INVALID_HANDLE: return "ERROR_INVALID_HANDLE";
  case ERROR_BROKEN_PIPE: return "ERROR_BROKEN_PIPE";
  case ERROR_OPERATION_ABORTED: return "ERROR_OPERATION_ABORTED";
  case WAIT_IO_COMPLETION: return "WAIT_IO_COMPLETION: APCs ran";
  default: return "error";
  }
}

BOOL WINAPI GetQueuedCompletionStatus(HANDLE h, LPDWORD bytes, PULONG_PTR key, LPOVERLAPPED *ov,
                                      DWORD ms) {
  if (ms == 0) SIM_POLL();
  SIM_ENTER(GetQueuedCompletionStatus);
  char what[96], res[160], ovs[96];
  if (bytes) sim__fp_memory(bytes, sizeof *bytes, true);
  if (key) sim__fp_memory(key, sizeof *key, true);
  if (ov) sim__fp_memory(ov, sizeof *ov, true);
  if (ov) *ov = NULL;
  sim_object *port = sim__handle_get_type(self, h, SIM_OBJ_PORT);
  if (!port) {
    sim__warn(self, "GetQueuedCompletionStatus(%#lx): not an open completion port",
             (unsigned long)(uintptr_t)h);
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "FALSE (ERROR_INVALID_HANDLE)", "GetQueuedCompletionStatus(%#lx)", (unsigned long)(uintptr_t)h);
    SIM_RETURN(FALSE);
  }
  /* Named before the wait, for the trace only: the port may be closed
   * while the call waits. */
  if (sim__tracing()) sim__object_label(port, what, sizeof what);
  sim_packet *got = NULL;
  DWORD error = 0;
  ULONG n = sim__port_dequeue(self, port, &got, 1, ms, &error);
  BOOL ok = n == 1 && got->error == 0;
  if (n == 1) {
    if (bytes) *bytes = got->bytes;
    if (key) *key = got->key;
    if (ov) *ov = got->ov;
    if (got->error) self->last_error = got->error;
    if (sim__tracing())
      snprintf(res, sizeof res, "%s: key %#lx, %lu bytes, overlapped %s", ok ? "TRUE" : "FALSE",
               (unsigned long)got->key, got->bytes,
               got->ov ? sim__describe_address(got->ov, ovs, sizeof ovs) : "NULL");
  } else {
    self->last_error = error;
    if (error == WAIT_TIMEOUT) SIM_POLL_FOUND_NOTHING();
    if (sim__tracing()) snprintf(res, sizeof res, "FALSE (%s)", error_name(error));
  }
  if (sim__tracing()) sim__trace(self, SIM_EV_RETURN, res, "GetQueuedCompletionStatus(%s)", what);
  SIM_RETURN(ok);
}

BOOL WINAPI GetQueuedCompletionStatusEx(HANDLE h, LPOVERLAPPED_ENTRY entries, ULONG count,
                                        PULONG removed, DWORD ms, BOOL alertable) {
  if (ms == 0) SIM_POLL();
  SIM_ENTER(GetQueuedCompletionStatusEx);
  char what[96], res[256];
  if (removed) sim__fp_memory(removed, sizeof *removed, true);
  if (entries) sim__fp_memory(entries, (size_t)count * sizeof *entries, true);
  if (removed) *removed = 0;
  sim_object *port = sim__handle_get_type(self, h, SIM_OBJ_PORT);
  if (!port) {
    sim__warn(self, "GetQueuedCompletionStatusEx(%#lx): not an open completion port",
             (unsigned long)(uintptr_t)h);
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "FALSE (ERROR_INVALID_HANDLE)", "GetQueuedCompletionStatusEx(%#lx)", (unsigned long)(uintptr_t)h);
    SIM_RETURN(FALSE);
  }
  if (!entries || count == 0 || !removed) SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
  /* Named before the wait, for the trace only: the port may be closed
   * while the call waits. */
  if (sim__tracing()) sim__object_label(port, what, sizeof what);
  /* Room for every packet the call can take: all that are queued (up to
   * count) when it does not block, or the one it blocks for. */
  ULONG queued = (ULONG)port->u.port.queued;
  ULONG room = count < queued ? count : (queued ? queued : 1);
  if (self->port_got_cap < room) {
    self->port_got = sim__arena_alloc(&sim__current_run->arena, (size_t)room * sizeof *self->port_got);
    self->port_got_cap = room;
  }
  sim_packet **got = self->port_got;
  DWORD error = 0;
  ULONG n;
  if (alertable && self->apcs && !(self->port_assoc == port && port->u.port.head)) {
    /* Queued APCs end an alertable wait at once, before any packet, unless
     * the thread is already associated with this port and a packet is
     * queued; the thread does not become associated (Wine's tests of
     * NtRemoveIoCompletionEx, which Windows passes). */
    n = 0;
    error = WAIT_IO_COMPLETION;
  } else {
    self->alertable = alertable != FALSE;
    n = sim__port_dequeue(self, port, got, room, ms, &error);
    self->alertable = false;
  }
  size_t len = 0;
  res[0] = '\0';
  for (ULONG i = 0; i < n; i++) {
    entries[i].lpCompletionKey = got[i]->key;
    entries[i].lpOverlapped = got[i]->ov;
    entries[i].Internal = got[i]->error;
    entries[i].dwNumberOfBytesTransferred = got[i]->bytes;
    if (sim__tracing() && len < sizeof res)
      len += (size_t)snprintf(res + len, sizeof res - len, "%skey %#lx", i ? ", " : "",
                              (unsigned long)got[i]->key);
  }
  *removed = n;
  if (!n) self->last_error = error;
  if (!n && error == WAIT_TIMEOUT) SIM_POLL_FOUND_NOTHING();
  if (sim__tracing()) {
    char r2[300];
    if (n) snprintf(r2, sizeof r2, "TRUE: %lu packet%s [%s]", n, n == 1 ? "" : "s", res);
    else snprintf(r2, sizeof r2, "FALSE (%s)", error_name(error));
    sim__trace(self, SIM_EV_RETURN, r2, "GetQueuedCompletionStatusEx(%s, up to %lu)", what, count);
  }
  if (error == WAIT_IO_COMPLETION) sim__apc_deliver(self);
  SIM_RETURN(n > 0);
}
