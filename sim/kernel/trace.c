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
#include <stdlib.h>
#include <string.h>

static sim_event *new_event(sim_thread *t, int kind) {
  sim_run *r = sim__current_run;
  sim_result *res = r->result;
  if (res->n_events == res->cap_events) {
    res->cap_events = res->cap_events ? res->cap_events * 2 : 256;
    res->events = realloc(res->events, (size_t)res->cap_events * sizeof *res->events);
    sim_assert(res->events, "out of memory for the trace");
  }
  sim_event *e = &res->events[res->n_events++];
  memset(e, 0, sizeof *e);
  e->step = r->step;
  e->tid = t ? t->id : 0;
  e->api = t ? t->api : -1;
  e->kind = kind;
  e->time_ms = r->now_ms;
  if (t) {
    char who[64];
    e->who = sim__arena_strdup(&res->strings, sim__thread_label(t, who, sizeof who));
  }
  return e;
}

void sim__trace(sim_thread *t, int kind, const char *result, const char *fmt, ...) {
  sim_run *r = sim__current_run;
  if (!r || !r->opt.trace) return;
  sim_event *e = new_event(t, kind);
  va_list ap;
  va_start(ap, fmt);
  e->what = sim__arena_vprintf(&r->result->strings, fmt, ap);
  va_end(ap);
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
