/* A run as a Chrome trace (sim_report_trace_chrome): the JSON "trace event
 * format" that Perfetto (ui.perfetto.dev) and chrome://tracing open.
 *
 * Time is the step: step N starts at N milliseconds, and the events of one
 * step follow each other 50 microseconds apart, so the order within a step
 * is kept.  (Virtual time, which only moves when every thread waits, is in
 * each event's arguments.)  Tracks:
 *
 * - one per thread, named as the trace names it: each call a short slice,
 *   each blocking wait a slice from the block to the thread's next event,
 *   named after what it waits for;
 * - "loader lock": who holds it, as slices;
 * - one per DLL: mapped, attached, detaching, as slices, and the unmap as an
 *   instant event;
 * - one counter per completion port: the packets queued;
 * - the verdict as a global instant event, with its message and details.
 *
 * Left out: flow arrows from a waker to the thread it woke (Perfetto draws
 * them only for some event kinds); the "woken by" is in the arguments.
 */
#include "check.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define STEP_US 1000
#define SUB_US 50
#define LOCK_TRACK 100000
#define MODULE_TRACK 100001

typedef struct chrome {
  struct strbuf *out;
  bool first;
} chrome;

static void begin_event(chrome *c) {
  strbuf_puts(c->out, c->first ? "\n    " : ",\n    ");
  c->first = false;
}

static void metadata(chrome *c, const char *what, int tid, const char *name, int sort) {
  begin_event(c);
  strbuf_printf(c->out, "{\"ph\": \"M\", \"pid\": 1, \"tid\": %d, \"name\": \"%s\", \"args\": {\"name\": ", tid, what);
  strbuf_json_string(c->out, name);
  strbuf_puts(c->out, "}}");
  begin_event(c);
  strbuf_printf(c->out, "{\"ph\": \"M\", \"pid\": 1, \"tid\": %d, \"name\": \"thread_sort_index\", \"args\": "
                "{\"sort_index\": %d}}", tid, sort);
}

static void slice(chrome *c, int tid, uint64_t ts, uint64_t dur, const char *cat, const char *name,
                  const sim_event *e) {
  begin_event(c);
  strbuf_printf(c->out, "{\"ph\": \"X\", \"pid\": 1, \"tid\": %d, \"ts\": %" PRIu64 ", \"dur\": %" PRIu64
                ", \"cat\": \"%s\", \"name\": ", tid, ts, dur, cat);
  strbuf_json_string(c->out, name);
  if (e) {
    strbuf_printf(c->out, ", \"args\": {\"step\": %" PRIu64 ", \"virtual_ms\": %" PRIu64 ", \"what\": ", e->step,
                  e->time_ms);
    strbuf_json_string(c->out, e->what ? e->what : "");
    if (e->result) {
      strbuf_puts(c->out, ", \"result\": ");
      strbuf_json_string(c->out, e->result);
    }
    if (e->caller) {
      strbuf_puts(c->out, ", \"called from\": ");
      strbuf_json_string(c->out, e->caller);
    }
    if (e->source) {
      strbuf_puts(c->out, ", \"source\": ");
      strbuf_json_string(c->out, e->source);
    }
    if (e->woken_at) strbuf_printf(c->out, ", \"woken by thread\": %d, \"woken at step\": %" PRIu64, e->woken_by, e->woken_at);
    strbuf_puts(c->out, "}");
  }
  strbuf_puts(c->out, "}");
}

static void instant(chrome *c, int tid, uint64_t ts, const char *scope, const char *name, const char *message,
                    const char *details) {
  begin_event(c);
  strbuf_printf(c->out, "{\"ph\": \"i\", \"pid\": 1, \"tid\": %d, \"ts\": %" PRIu64 ", \"s\": \"%s\", \"name\": ", tid,
                ts, scope);
  strbuf_json_string(c->out, name);
  strbuf_puts(c->out, ", \"args\": {\"message\": ");
  strbuf_json_string(c->out, message ? message : "");
  if (details) {
    strbuf_puts(c->out, ", \"details\": ");
    strbuf_json_string(c->out, details);
  }
  strbuf_puts(c->out, "}}");
}

/* The short name of a call slice: the function called, or the first words. */
static void short_name(const sim_event *e, char *buf, size_t size) {
  const char *w = e->what ? e->what : "";
  size_t n = strcspn(w, "(:");
  if (n > 40) n = 40;
  snprintf(buf, size, "%.*s", (int)n, w);
}

void sim_report_trace_chrome(struct strbuf *out, const sim_result *res, const char *program, const char *schedule) {
  chrome c = {out, true};
  int n = res->n_events;
  uint64_t *ts = calloc((size_t)n + 1, sizeof *ts);
  sim_assert(ts || !n, "out of memory for a trace");
  uint64_t last_step = 0;
  int sub = 0, max_tid = 0;
  for (int i = 0; i < n; i++) {
    const sim_event *e = &res->events[i];
    sub = i > 0 && res->events[i - 1].step == e->step ? sub + 1 : 0;
    ts[i] = e->step * STEP_US + (uint64_t)(sub < 19 ? sub : 19) * SUB_US;
    last_step = e->step;
    if (e->tid > max_tid) max_tid = e->tid;
  }
  uint64_t end = (last_step + 1) * STEP_US;

  strbuf_puts(out, "{\n  \"displayTimeUnit\": \"ms\",\n  \"otherData\": {\"format\": \"loaderlab chrome trace\", "
                   "\"program\": ");
  strbuf_json_string(out, program);
  strbuf_puts(out, ", \"schedule\": ");
  strbuf_json_string(out, schedule);
  strbuf_puts(out, ", \"time\": \"1 ms of the trace is one step of the run\"},\n  \"traceEvents\": [");

  begin_event(&c);
  strbuf_puts(out, "{\"ph\": \"M\", \"pid\": 1, \"name\": \"process_name\", \"args\": {\"name\": ");
  strbuf_json_string(out, program);
  strbuf_puts(out, "}}");

  /* Threads, named by their last label (SetThreadDescription may rename). */
  for (int tid = 1; tid <= max_tid; tid++) {
    const char *name = NULL;
    for (int i = 0; i < n; i++)
      if (res->events[i].tid == tid && res->events[i].who && res->events[i].who[0]) name = res->events[i].who;
    if (name) metadata(&c, "thread_name", tid, name, tid);
  }
  metadata(&c, "thread_name", LOCK_TRACK, "loader lock", max_tid + 1);

  /* Calls and blocking, per thread. */
  for (int i = 0; i < n; i++) {
    const sim_event *e = &res->events[i];
    if (!e->tid || e->kind == SIM_EV_COUNTER || e->kind == SIM_EV_VERDICT) continue;
    char name[64];
    if (e->kind == SIM_EV_BLOCK) {
      uint64_t until = end;
      for (int k = i + 1; k < n; k++)
        if (res->events[k].tid == e->tid && res->events[k].kind != SIM_EV_COUNTER) {
          until = ts[k];
          break;
        }
      const char *w = e->what ? e->what : "";
      if (strncmp(w, "blocks: ", 8) == 0) w += 8;
      struct strbuf label = {0};
      strbuf_printf(&label, "blocked: %.*s", (int)strcspn(w, ","), w);
      slice(&c, e->tid, ts[i], until > ts[i] ? until - ts[i] : SUB_US, "blocked", strbuf_str(&label), e);
      strbuf_free(&label);
      continue;
    }
    if (e->kind == SIM_EV_WARNING) {
      instant(&c, e->tid, ts[i], "t", "warning", e->what, NULL);
      continue;
    }
    short_name(e, name, sizeof name);
    slice(&c, e->tid, ts[i], SUB_US * 4 / 5, e->kind == SIM_EV_OUTPUT ? "output" : e->kind == SIM_EV_NOTE ? "note" : "call",
          e->kind == SIM_EV_OUTPUT ? "output" : name, e);
  }

  /* The loader lock's owner. */
  int owner = 0;
  uint64_t since = 0;
  for (int i = 0; i <= n; i++) {
    int now = i < n ? res->events[i].loader_lock_owner : 0;
    if (now == owner && i < n) continue;
    uint64_t at = i < n ? ts[i] : end;
    if (owner) {
      char label[96] = "held by thread";
      for (int k = 0; k < n; k++)
        if (res->events[k].tid == owner && res->events[k].who) {
          snprintf(label, sizeof label, "held by %s", res->events[k].who);
          break;
        }
      slice(&c, LOCK_TRACK, since, at > since ? at - since : SUB_US, "loader lock", label, NULL);
    }
    owner = now;
    since = at;
  }

  /* Module lifetimes: one track per DLL, in order of first appearance. */
  const char *modules[32];
  int n_modules = 0;
  for (int i = 0; i < n; i++) {
    const char *m = res->events[i].module;
    if (!m) continue;
    bool seen = false;
    for (int k = 0; k < n_modules && !seen; k++) seen = strcmp(modules[k], m) == 0;
    if (!seen && n_modules < 32) modules[n_modules++] = m;
  }
  static const char *const state_names[] = {"", "mapped", "attached", "detaching", "unmapped"};
  for (int k = 0; k < n_modules; k++) {
    int track = MODULE_TRACK + k;
    metadata(&c, "thread_name", track, modules[k], max_tid + 2 + k);
    int state = 0;
    uint64_t from = 0;
    for (int i = 0; i <= n; i++) {
      const sim_event *e = i < n ? &res->events[i] : NULL;
      if (e && (!e->module || strcmp(e->module, modules[k]) != 0)) continue;
      uint64_t at = e ? ts[i] : end;
      if (state >= 1 && state <= 3)
        slice(&c, track, from, at > from ? at - from : SUB_US, "module", state_names[state], NULL);
      if (!e) break;
      state = e->module_state;
      from = at;
      if (state == 4) {
        char label[96];
        snprintf(label, sizeof label, "%s unmapped", modules[k]);
        instant(&c, track, at, "g", label, e->what, NULL);
      }
    }
  }

  /* Completion-port queues. */
  for (int i = 0; i < n; i++) {
    const sim_event *e = &res->events[i];
    if (e->kind != SIM_EV_COUNTER) continue;
    begin_event(&c);
    strbuf_printf(out, "{\"ph\": \"C\", \"pid\": 1, \"ts\": %" PRIu64 ", \"name\": \"port#%d queue\", "
                  "\"args\": {\"packets\": %d}}", ts[i], e->port, e->port_queued);
  }

  /* The verdict. */
  const sim_verdict *v = &res->verdict;
  if (v->kind != SIM_VERDICT_OK) {
    uint64_t at = end - SUB_US;
    for (int i = n - 1; i >= 0; i--)
      if (res->events[i].kind == SIM_EV_VERDICT) {
        at = ts[i];
        break;
      }
    /* Verdicts found at the end of the process are dated at their cause. */
    if (v->kind == SIM_VERDICT_LEAK_AT_UNLOAD || v->kind == SIM_VERDICT_DLLMAIN_MISUSE) at = v->step * STEP_US;
    instant(&c, v->tid ? v->tid : 1, at, "g", sim_verdict_name(v->kind), v->message, v->details);
  } else {
    instant(&c, 1, end - SUB_US, "g", "ok", v->message, NULL);
  }
  strbuf_puts(out, "\n  ]\n}\n");
  free(ts);
}
