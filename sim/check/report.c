/* Rendering results (sim_report_* in loaderlab.h).  The text trace is meant to be read
 * top to bottom: each line is a step, its thread and what it did; program
 * output is marked with "|", blocking with "..", the simulator's own notes
 * with "--", and virtual time is announced when it moves. */
#include "check.h"

#include <inttypes.h>
#include <string.h>

#define WARNINGS_SHOWN 10

static void report_verdict(struct strbuf *out, const sim_result *res, bool full) {
  const sim_verdict *v = &res->verdict;
  if (v->kind == SIM_VERDICT_OK) {
    strbuf_printf(out, "ok: %s (%" PRIu64 " step%s, %" PRIu64 " ms of virtual time)\n",
                  v->message ? v->message : "the run ended", res->steps, res->steps == 1 ? "" : "s",
                  res->time_ms);
  } else {
    strbuf_printf(out, "%s at step %" PRIu64 ": %s\n", sim_verdict_name(v->kind), v->step,
                  v->message ? v->message : "");
    if (v->details) strbuf_puts(out, v->details);
  }
  if (res->warnings.len) {
    strbuf_puts(out, "warnings:\n");
    const char *p = res->warnings.data;
    int shown = 0, rest = 0;
    while (*p) {
      const char *nl = strchr(p, '\n');
      size_t n = nl ? (size_t)(nl - p) : strlen(p);
      if (full || shown < WARNINGS_SHOWN) {
        strbuf_printf(out, "  %.*s\n", (int)n, p);
        shown++;
      } else {
        rest++;
      }
      p += n + (nl ? 1 : 0);
    }
    if (rest) strbuf_printf(out, "  and %d more warning%s (--full shows them all)\n", rest, rest == 1 ? "" : "s");
  }
}

void sim_report_verdict(struct strbuf *out, const sim_result *res) { report_verdict(out, res, false); }
void sim_report_verdict_full(struct strbuf *out, const sim_result *res) { report_verdict(out, res, true); }

void sim_report_resources(struct strbuf *out, const sim_result *res) {
  if (res->resources.len) strbuf_printf(out, "at process end (information):\n%s", res->resources.data);
}

void sim_report_verdict_counts(struct strbuf *out, const uint64_t counts[SIM_VERDICT_COUNT]) {
  uint64_t total = 0;
  for (int k = 0; k < SIM_VERDICT_COUNT; k++) total += counts[k];
  strbuf_printf(out, "verdicts of %" PRIu64 " schedule%s:", total, total == 1 ? "" : "s");
  /* Most severe first, ok last. */
  bool first = true;
  for (int sev = 10; sev >= 0; sev--)
    for (int k = 0; k < SIM_VERDICT_COUNT; k++) {
      if (!counts[k] || sim_verdict_severity((sim_verdict_kind)k) != sev || k == SIM_VERDICT_OK) continue;
      strbuf_printf(out, "%s %" PRIu64 " %s", first ? "" : ",", counts[k], sim_verdict_name((sim_verdict_kind)k));
      first = false;
    }
  if (counts[SIM_VERDICT_OK]) strbuf_printf(out, "%s %" PRIu64 " ok", first ? "" : ",", counts[SIM_VERDICT_OK]);
  strbuf_puts(out, "\n");
}

static const char *kind_name(int kind) {
  switch (kind) {
  case SIM_EV_CALL: return "call";
  case SIM_EV_BLOCK: return "block";
  case SIM_EV_RETURN: return "return";
  case SIM_EV_OUTPUT: return "output";
  case SIM_EV_NOTE: return "note";
  case SIM_EV_WARNING: return "warning";
  case SIM_EV_VERDICT: return "verdict";
  case SIM_EV_COUNTER: return "counter";
  default: return "?";
  }
}

void sim_report_trace_text(struct strbuf *out, const sim_result *res) { sim_report_trace_text_some(out, res, NULL); }

/* "       ... 523 events (steps 40 to 163) left out" for a run of events not kept. */
static void left_out(struct strbuf *out, const sim_result *res, int from, int to) {
  int n = 0;
  for (int i = from; i < to; i++) n += res->events[i].kind != SIM_EV_COUNTER;
  if (!n) return;
  strbuf_printf(out, "       ... %d event%s (steps %" PRIu64 " to %" PRIu64 ") left out: --full shows every step\n",
                n, n == 1 ? "" : "s", res->events[from].step, res->events[to - 1].step);
}

void sim_report_trace_text_some(struct strbuf *out, const sim_result *res, const bool *keep) {
  uint64_t time = 0;
  int gap = -1;
  strbuf_puts(out, " step  thread               what\n");
  for (int i = 0; i < res->n_events; i++) {
    const sim_event *e = &res->events[i];
    if (keep && !keep[i]) {
      if (gap < 0) gap = i;
      continue;
    }
    if (gap >= 0) left_out(out, res, gap, i);
    gap = -1;
    if (e->kind == SIM_EV_COUNTER) continue;
    if (e->time_ms != time) {
      time = e->time_ms;
      strbuf_printf(out, "       -- virtual time is now %" PRIu64 " ms --\n", time);
    }
    char who[40];
    snprintf(who, sizeof who, "%s", e->who ? e->who : "");
    switch (e->kind) {
    case SIM_EV_OUTPUT: {
      const char *p = e->what;
      while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        strbuf_printf(out, "%5" PRIu64 "  %-20s | %.*s%s\n", e->step, who, (int)n, p,
                      strcmp(e->result, "stderr") == 0 ? "   (stderr)" : "");
        p += n + (nl ? 1 : 0);
      }
      break;
    }
    case SIM_EV_BLOCK:
      strbuf_printf(out, "%5" PRIu64 "  %-20s .. %s\n", e->step, who, e->what);
      break;
    case SIM_EV_NOTE:
      strbuf_printf(out, "%5" PRIu64 "  %-20s -- %s\n", e->step, who, e->what);
      break;
    case SIM_EV_WARNING:
      strbuf_printf(out, "%5" PRIu64 "  %-20s !! warning: %s\n", e->step, who, e->what);
      break;
    case SIM_EV_VERDICT:
      strbuf_printf(out, "%5" PRIu64 "  %-20s ** %s\n", e->step, who, e->what);
      break;
    case SIM_EV_COUNTER:
      break;
    default:
      strbuf_printf(out, "%5" PRIu64 "  %-20s %s%s%s\n", e->step, who, e->what,
                    e->result ? " -> " : "", e->result ? e->result : "");
    }
  }
  if (gap >= 0) left_out(out, res, gap, res->n_events);
}

void sim_report_trace_json(struct strbuf *out, const sim_result *res, const char *program,
                           const char *schedule) {
  const sim_verdict *v = &res->verdict;
  strbuf_puts(out, "{\n  \"format\": \"loaderlab-trace\",\n  \"version\": 2,\n  \"program\": ");
  strbuf_json_string(out, program);
  strbuf_puts(out, ",\n  \"schedule\": ");
  strbuf_json_string(out, schedule);
  strbuf_printf(out, ",\n  \"steps\": %" PRIu64 ",\n  \"time_ms\": %" PRIu64 ",\n  \"preemptions\": %d,\n",
                res->steps, res->time_ms, res->preemptions);
  strbuf_puts(out, "  \"verdict\": {\"kind\": ");
  strbuf_json_string(out, sim_verdict_id(v->kind));
  strbuf_printf(out, ", \"bug\": %s, \"step\": %" PRIu64 ", \"thread\": %d, \"message\": ",
                sim_verdict_is_bug(v->kind) ? "true" : "false", v->step, v->tid);
  strbuf_json_string(out, v->message ? v->message : "");
  strbuf_puts(out, ", \"details\": ");
  strbuf_json_string(out, v->details ? v->details : "");
  strbuf_printf(out, ", \"severity\": %d, \"latent\": ", sim_verdict_severity(v->kind));
  if (v->latent != SIM_VERDICT_OK) strbuf_json_string(out, sim_verdict_id(v->latent));
  else strbuf_puts(out, "null");
  strbuf_puts(out, ", \"cycle\": [");
  for (int i = 0; i < v->n_cycle; i++) strbuf_printf(out, "%s%d", i ? ", " : "", v->cycle[i]);
  strbuf_puts(out, "]},\n  \"exited\": ");
  strbuf_printf(out, "%s,\n  \"exit_code\": %d,\n  \"stdout\": ", res->exited ? "true" : "false",
                res->exit_code);
  strbuf_json_bytes(out, strbuf_str(&res->out), res->out.len);
  strbuf_puts(out, ",\n  \"stderr\": ");
  strbuf_json_bytes(out, strbuf_str(&res->err), res->err.len);
  strbuf_puts(out, ",\n  \"warnings\": ");
  strbuf_json_string(out, strbuf_str(&res->warnings));
  strbuf_puts(out, ",\n  \"resources\": ");
  strbuf_json_string(out, strbuf_str(&res->resources));
  strbuf_puts(out, ",\n  \"events\": [");
  for (int i = 0; i < res->n_events; i++) {
    const sim_event *e = &res->events[i];
    strbuf_printf(out, "%s\n    {\"step\": %" PRIu64 ", \"thread\": %d, \"thread_name\": ",
                  i ? "," : "", e->step, e->tid);
    strbuf_json_string(out, e->who ? e->who : "");
    strbuf_printf(out, ", \"kind\": \"%s\", \"call\": ", kind_name(e->kind));
    if (e->api >= 0) strbuf_json_string(out, sim_api_name(e->api));
    else strbuf_puts(out, "null");
    strbuf_puts(out, ", \"text\": ");
    strbuf_json_string(out, e->what ? e->what : "");
    strbuf_puts(out, ", \"result\": ");
    if (e->result) strbuf_json_string(out, e->result);
    else strbuf_puts(out, "null");
    strbuf_printf(out, ", \"time_ms\": %" PRIu64 ", \"loader_lock\": %d", e->time_ms, e->loader_lock_owner);
    if (e->caller) {
      strbuf_puts(out, ", \"caller\": ");
      strbuf_json_string(out, e->caller);
    }
    if (e->source) {
      strbuf_puts(out, ", \"source\": ");
      strbuf_json_string(out, e->source);
    }
    if (e->module) {
      static const char *const states[] = {"", "mapped", "attached", "detaching", "unmapped"};
      strbuf_puts(out, ", \"module\": ");
      strbuf_json_string(out, e->module);
      strbuf_printf(out, ", \"module_state\": \"%s\"", e->module_state >= 1 && e->module_state <= 4 ? states[e->module_state] : "");
    }
    if (e->kind == SIM_EV_COUNTER) strbuf_printf(out, ", \"port\": %d, \"queued\": %d", e->port, e->port_queued);
    if (e->woken_at) strbuf_printf(out, ", \"woken_by\": %d, \"woken_at\": %" PRIu64, e->woken_by, e->woken_at);
    strbuf_puts(out, "}");
  }
  strbuf_puts(out, "\n  ]\n}\n");
}
