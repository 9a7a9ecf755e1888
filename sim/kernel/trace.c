/* Recording a run's trace and warnings.
 *
 * Tracing is off while exploring (it would cost more than the run) and on
 * when a schedule is replayed; because a run is a pure function of its
 * schedule, the replayed trace is the trace of the run that was found.
 * Addresses in traces are named by the loader (loader/address.c), which
 * knows the images, through the run's describe_address hook.
 */
#include "kernel.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sim_event *append_event(sim_result *res) {
  if (res->n_events == res->cap_events) {
    res->cap_events = res->cap_events ? res->cap_events * 2 : 256;
    res->events = realloc(res->events, (size_t)res->cap_events * sizeof *res->events);
    sim_assert(res->events, "out of memory for the trace");
  }
  sim_event *e = &res->events[res->n_events++];
  memset(e, 0, sizeof *e);
  return e;
}

/* Completion-port queue lengths, as counters for viewers: at the end of
 * every step, one event per port whose queue changed during it.  The last value seen of
 * each port (by its number) is kept for the run under way. */
#define PORTS_TRACKED 64
static int port_queued_seen[PORTS_TRACKED + 1];
static const sim_result *ports_of_result;

static void note_port_queues(sim_run *r) {
  sim_result *res = r->result;
  if (!r->opt.trace) return;
  if (ports_of_result != res || res->n_events == 0) {
    memset(port_queued_seen, 0, sizeof port_queued_seen);
    ports_of_result = res;
  }
  if (!r->serial[SIM_OBJ_PORT]) return;
  for (int i = 0; i < r->n_handles; i++) {
    sim_object *o = r->handles[i];
    if ((uintptr_t)o < 4096 || o->type != SIM_OBJ_PORT || o->serial > PORTS_TRACKED) continue;
    if (o->u.port.queued == port_queued_seen[o->serial]) continue;
    port_queued_seen[o->serial] = o->u.port.queued;
    sim_event *e = append_event(res);
    e->step = r->step ? r->step : 1;
    e->api = -1;
    e->kind = SIM_EV_COUNTER;
    e->time_ms = r->now_ms;
    e->port = o->serial;
    e->port_queued = o->u.port.queued;
    char what[32];
    snprintf(what, sizeof what, "port#%d queue", o->serial);
    e->what = sim__arena_strdup(&res->strings, what);
    e->loader_lock_owner = (int)(uintptr_t)r->loader_lock.OwningThread;
  }
}

void sim__trace_step_done(void) { note_port_queues(sim__current_run); }

static sim_event *new_event(sim_thread *t, int kind) {
  sim_run *r = sim__current_run;
  sim_result *res = r->result;
  sim_event *e = append_event(res);
  e->step = r->step;
  e->tid = t ? t->id : 0;
  e->api = t ? t->api : -1;
  e->kind = kind;
  e->time_ms = r->now_ms;
  e->loader_lock_owner = (int)(uintptr_t)r->loader_lock.OwningThread;
  if (t) {
    char who[64], where[160];
    e->who = sim__arena_strdup(&res->strings, sim__thread_label(t, who, sizeof who));
    if (t->ret_addr && kind != SIM_EV_OUTPUT) {
      e->caller_addr = t->ret_addr;
      e->caller = sim__arena_strdup(&res->strings, sim__describe_address(t->ret_addr, where, sizeof where));
    }
    if (t->woken_step) {
      e->woken_by = t->woken_by;
      e->woken_at = t->woken_step;
      t->woken_step = 0;
    }
  }
  return e;
}

void sim__trace_module_state(const char *module, int state) {
  sim_run *r = sim__current_run;
  if (!r || !r->opt.trace || !r->result->n_events) return;
  sim_event *e = &r->result->events[r->result->n_events - 1];
  e->module = sim__arena_strdup(&r->result->strings, module);
  e->module_state = state;
}

/* The Win32 error codes the simulated calls set, by name. */
static const char *error_name(DWORD code) {
  switch (code) {
#define E(name) case name: return #name;
    E(ERROR_FILE_NOT_FOUND) E(ERROR_ACCESS_DENIED) E(ERROR_INVALID_HANDLE) E(ERROR_NOT_ENOUGH_MEMORY)
    E(ERROR_OUTOFMEMORY) E(ERROR_NOT_SUPPORTED) E(ERROR_INVALID_PARAMETER) E(ERROR_BROKEN_PIPE)
    E(ERROR_INSUFFICIENT_BUFFER) E(ERROR_MOD_NOT_FOUND) E(ERROR_PROC_NOT_FOUND) E(ERROR_ALREADY_EXISTS)
    E(ERROR_NO_MORE_ITEMS) E(ERROR_NOT_OWNER) E(ERROR_TOO_MANY_POSTS) E(ERROR_ABANDONED_WAIT_0)
    E(ERROR_OPERATION_ABORTED) E(ERROR_IO_INCOMPLETE) E(ERROR_IO_PENDING) E(ERROR_NOACCESS)
    E(ERROR_DLL_INIT_FAILED) E(ERROR_TIMEOUT) E(ERROR_PIPE_CONNECTED) E(ERROR_PIPE_BUSY)
    E(ERROR_NO_DATA) E(ERROR_NOT_FOUND) E(WAIT_TIMEOUT)
#undef E
  default: return NULL;
  }
}

/* A call that failed shows the error it set, as GetLastError would give
 * it: "NULL (ERROR_PROC_NOT_FOUND)".  Failure is the documented
 * failure value; the Try... calls return FALSE without failing. */
static const char *with_error(sim_thread *t, const char *result, char *buf, size_t size) {
  static const char *const failures[] = {"NULL", "FALSE", "INVALID_HANDLE_VALUE", "WAIT_FAILED"};
  if (!t || !result || !t->last_error) return result;
  if (t->api == SIM_API_TryEnterCriticalSection || t->api == SIM_API_TryAcquireSRWLockExclusive ||
      t->api == SIM_API_TryAcquireSRWLockShared)
    return result;
  for (size_t i = 0; i < sizeof failures / sizeof failures[0]; i++) {
    if (strcmp(result, failures[i]) != 0) continue;
    const char *name = error_name(t->last_error);
    if (name) snprintf(buf, size, "%s (%s)", result, name);
    else snprintf(buf, size, "%s (error %lu)", result, (unsigned long)t->last_error);
    return buf;
  }
  return result;
}

void sim__trace(sim_thread *t, int kind, const char *result, const char *fmt, ...) {
  sim_run *r = sim__current_run;
  if (!r || !r->opt.trace) return;
  sim_event *e = new_event(t, kind);
  va_list ap;
  va_start(ap, fmt);
  e->what = sim__arena_vprintf(&r->result->strings, fmt, ap);
  va_end(ap);
  char buf[160];
  result = with_error(t, result, buf, sizeof buf);
  if (result) e->result = sim__arena_strdup(&r->result->strings, result);
}

void sim__trace_note(sim_thread *t, int kind, const char *fmt, ...) {
  sim_run *r = sim__current_run;
  if (!r || !r->opt.trace) return;
  sim_event *e = new_event(t, kind);
  e->api = -1;
  va_list ap;
  va_start(ap, fmt);
  e->what = sim__arena_vprintf(&r->result->strings, fmt, ap);
  va_end(ap);
}

void sim__trace_output(sim_thread *t, int stream, const char *data, size_t len) {
  sim_run *r = sim__current_run;
  sim_event *e = new_event(t, SIM_EV_OUTPUT);
  e->api = -1;
  char *s = sim__arena_alloc(&r->result->strings, len + 1);
  memcpy(s, data, len);
  s[len] = '\0';
  e->what = s;
  e->result = stream == 2 ? "stderr" : "stdout";
}

void sim__warn(sim_thread *t, const char *fmt, ...) {
  sim_run *r = sim__current_run;
  char who[64];
  va_list ap;
  va_start(ap, fmt);
  char *msg = sim__arena_vprintf(&r->arena, fmt, ap);
  va_end(ap);
  strbuf_printf(&r->result->warnings, "step %llu: %s %s\n", (unsigned long long)r->step,
                sim__thread_label(t, who, sizeof who), msg);
  if (r->opt.trace) {
    sim_event *e = new_event(t, SIM_EV_WARNING);
    e->api = -1;
    e->what = sim__arena_strdup(&r->result->strings, msg);
  }
}

const char *sim__describe_address(const void *addr, char *buf, size_t size) {
  sim_run *r = sim__current_run;
  if (r && r->hooks->describe_address) return r->hooks->describe_address(addr, buf, size);
  snprintf(buf, size, "%#lx", (unsigned long)(uintptr_t)addr);
  return buf;
}
