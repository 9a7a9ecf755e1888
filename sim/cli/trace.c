/* Showing a replayed run on the command line: the text trace, and the
 * swimlanes `replay` draws on a terminal.
 *
 * A long trace (more than 200 events) is summarised unless --full: the
 * steps that matter are kept (the first steps, DLLs mapped and unmapped and
 * their DllMain, threads created, started and ended, libraries loaded and
 * freed, warnings, the verdict, and the last steps before it, where the bug
 * happens), and each run of left-out events is one line that says how many
 * and that --full shows them.
 *
 * Swimlanes: a column per thread that ran, a narrow column for the loader
 * lock's owner, one line per event; a blocked thread's column shows a bar
 * until it runs again; DLLs mapped and unmapped, warnings and the verdict
 * span the lanes.  Up to four threads fit 80 columns.  Colour (each thread
 * its own, blocking in yellow, the verdict in red) only on a terminal,
 * never with NO_COLOR set, or as --color says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli_trace.h"

#define SUMMARY_OVER 200   /* events; longer traces are summarised */
#define KEEP_FIRST 12
#define KEEP_LAST 40
#define KEEP_MAX 150

bool cli_color(const cli *c, int fd) {
  if (c->color && strcmp(c->color, "always") == 0) return true;
  if (c->color && strcmp(c->color, "never") == 0) return false;
  const char *no = getenv("NO_COLOR");
  return isatty(fd) && !(no && *no);
}

int cli_terminal_width(int fd) {
  struct winsize w;
  if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &w) == 0 && w.ws_col >= 40) return w.ws_col;
  return 80;
}

static bool api_matters(int api) {
  switch (api) {
  case SIM_API_LoadLibraryA: case SIM_API_LoadLibraryW: case SIM_API_FreeLibrary:
  case SIM_API_FreeLibraryAndExitThread: case SIM_API_CreateThread: case SIM_API_ExitProcess:
  case SIM_API_ExitThread: case SIM_API_TerminateThread: case SIM_API_ProcessExit:
    return true;
  default: return false;
  }
}

/* Which events a summary keeps; NULL when the whole trace is short enough
 * (or --full).  The caller frees it. */
bool *cli_trace_summary(const cli *c, const sim_result *res) {
  int shown = 0;
  for (int i = 0; i < res->n_events; i++) shown += res->events[i].kind != SIM_EV_COUNTER;
  if (c->full || shown <= SUMMARY_OVER) return NULL;
  bool *keep = calloc((size_t)res->n_events, sizeof *keep);
  if (!keep) return NULL;
  int kept = 0;
  /* The first and the last steps. */
  for (int i = 0, n = 0; i < res->n_events && n < KEEP_FIRST; i++)
    if (res->events[i].kind != SIM_EV_COUNTER) keep[i] = true, n++, kept++;
  for (int i = res->n_events - 1, n = 0; i >= 0 && n < KEEP_LAST; i--)
    if (res->events[i].kind != SIM_EV_COUNTER && !keep[i]) keep[i] = true, n++, kept++;
  /* What changes the picture, most telling first, within the budget. */
  for (int pass = 0; pass < 3; pass++)
    for (int i = 0; i < res->n_events && kept < KEEP_MAX; i++) {
      const sim_event *e = &res->events[i];
      if (keep[i] || e->kind == SIM_EV_COUNTER) continue;
      bool take = pass == 0 ? e->kind == SIM_EV_VERDICT || e->module || e->kind == SIM_EV_WARNING
                : pass == 1 ? api_matters(e->api) && e->kind != SIM_EV_OUTPUT
                            : e->kind == SIM_EV_NOTE;
      if (take) keep[i] = true, kept++;
    }
  return keep;
}

void cli_trace_text(const cli *c, const sim_result *res, struct strbuf *out) {
  bool *keep = cli_trace_summary(c, res);
  sim_report_trace_text_some(out, res, keep);
  free(keep);
}

/* ---- Swimlanes ----------------------------------------------------------------- */

static const char *const thread_colors[] = {"\033[34m", "\033[32m", "\033[35m", "\033[36m",
                                            "\033[94m", "\033[92m", "\033[95m", "\033[96m"};
#define RESET "\033[0m"

/* Appends s cut or padded to exactly `width` characters (UTF-8 aware). */
static void cell(struct strbuf *out, const char *s, int width) {
  int n = 0;
  const char *p = s;
  while (*p && n < width) {
    size_t len = 1;
    while ((p[len] & 0xC0) == 0x80) len++;
    if (n == width - 1 && p[len]) {
      strbuf_puts(out, "\xe2\x80\xa6"); /* … */
      n++;
      p += strlen(p);
      break;
    }
    if (*p == '\n' || *p == '\t') strbuf_puts(out, " ");
    else strbuf_append(out, p, len);
    p += len;
    n++;
  }
  for (; n < width; n++) strbuf_puts(out, " ");
}

typedef struct lanes {
  int tids[64];
  int n;
  int width;                      /* of one lane */
  bool color;
  bool blocked[64];               /* the lane's thread is blocked */
} lanes;

static int lane_of(const lanes *l, int tid) {
  for (int i = 0; i < l->n; i++)
    if (l->tids[i] == tid) return i;
  return -1;
}

static const char *color_of(const lanes *l, int lane) {
  return l->color ? thread_colors[lane % 8] : "";
}

/* The row's left part: step (when it changes) and the loader lock's owner. */
static void row_start(struct strbuf *out, const lanes *l, const sim_event *e, uint64_t *last_step) {
  if (e->step != *last_step) strbuf_printf(out, "%5llu ", (unsigned long long)e->step);
  else strbuf_puts(out, "      ");
  *last_step = e->step;
  int owner = e->loader_lock_owner;
  if (owner) {
    int k = lane_of(l, owner);
    strbuf_printf(out, "%s%2d%s ", k >= 0 ? color_of(l, k) : "", owner, l->color ? RESET : "");
  } else {
    strbuf_puts(out, "   ");
  }
}

/* A lane is narrow: long Win32 names get their usual short forms, and a
 * wait says only what it waits for (the text trace has every word). */
static void squeeze(struct strbuf *t, const char *s) {
  static const char *const names[][2] = {
      {"GetQueuedCompletionStatusEx", "GQCSEx"}, {"GetQueuedCompletionStatus", "GQCS"},
      {"PostQueuedCompletionStatus", "PostQCS"}, {"CreateIoCompletionPort", "CreateIoCP"},
      {"WaitForSingleObject", "Wait"}, {"WaitForMultipleObjects", "WaitMultiple"},
      {"InitializeCriticalSection", "InitCS"}, {"EnterCriticalSection", "EnterCS"},
      {"LeaveCriticalSection", "LeaveCS"}, {"DeleteCriticalSection", "DeleteCS"},
      {"AcquireSRWLockExclusive", "AcquireSRWExcl"}, {"ReleaseSRWLockExclusive", "ReleaseSRWExcl"},
      {"DLL_PROCESS_ATTACH", "PROCESS_ATTACH"}, {"DLL_PROCESS_DETACH", "PROCESS_DETACH"},
      {"DLL_THREAD_ATTACH", "THREAD_ATTACH"}, {"DLL_THREAD_DETACH", "THREAD_DETACH"},
      {", lpReserved=NULL", ""}, {", lpReserved=non-NULL", ""}, {"a completion packet on ", "packet, "},
      {" -> ", "\xe2\x86\x92"}, {"WAIT_OBJECT_0", "OBJECT_0"}};
  while (*s) {
    bool replaced = false;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !replaced; i++) {
      size_t n = strlen(names[i][0]);
      if (strncmp(s, names[i][0], n) == 0) {
        strbuf_puts(t, names[i][1]);
        s += n;
        replaced = true;
      }
    }
    if (!replaced) strbuf_append(t, s++, 1);
  }
}

static void lane_text(const sim_event *e, struct strbuf *t) {
  const char *what = e->what ? e->what : "";
  struct strbuf full = {0};
  switch (e->kind) {
  case SIM_EV_BLOCK: {
    /* "blocks: waits for event#1 in WaitForSingleObject, called from ..." */
    const char *w = strncmp(what, "blocks: ", 8) == 0 ? what + 8 : what;
    if (strncmp(w, "waits for ", 10) == 0) w += 10;
    const char *in = strstr(w, " in ");
    strbuf_printf(&full, "\xe2\x80\x96 %.*s", in ? (int)(in - w) : (int)strlen(w), w);
    break;
  }
  case SIM_EV_OUTPUT: strbuf_printf(&full, "| %s", what); break;
  case SIM_EV_NOTE: strbuf_printf(&full, "-- %s", what); break;
  default: strbuf_printf(&full, "%s%s%s", what, e->result ? " -> " : "", e->result ? e->result : "");
  }
  squeeze(t, strbuf_str(&full));
  strbuf_free(&full);
}

void cli_trace_lanes(const cli *c, const sim_result *res, struct strbuf *out, bool color, int columns) {
  lanes l;
  memset(&l, 0, sizeof l);
  l.color = color;
  for (int i = 0; i < res->n_events && l.n < 64; i++) {
    int tid = res->events[i].tid;
    if (tid && lane_of(&l, tid) < 0) {
      /* Keep lanes in thread order. */
      int at = l.n++;
      while (at > 0 && l.tids[at - 1] > tid) l.tids[at] = l.tids[at - 1], at--;
      l.tids[at] = tid;
    }
  }
  int left = 9; /* "step" and the loader lock */
  l.width = l.n ? (columns - left) / l.n - 1 : columns - left;
  if (l.width < 14) l.width = 14;
  int full_width = l.n * (l.width + 1);

  /* Header: the thread names. */
  strbuf_puts(out, " step  L ");
  for (int k = 0; k < l.n; k++) {
    const char *name = NULL;
    for (int i = res->n_events - 1; i >= 0 && !name; i--)
      if (res->events[i].tid == l.tids[k] && res->events[i].who && res->events[i].who[0]) name = res->events[i].who;
    strbuf_printf(out, "%s%s", color_of(&l, k), l.color ? "\033[1m" : "");
    cell(out, name ? name : "?", l.width);
    strbuf_puts(out, l.color ? RESET " " : " ");
  }
  while (out->len && out->data[out->len - 1] == ' ') out->data[--out->len] = '\0';
  strbuf_puts(out, "\n");

  bool *keep = cli_trace_summary(c, res);
  uint64_t last_step = 0;
  int gap = -1;
  for (int i = 0; i <= res->n_events; i++) {
    const sim_event *e = i < res->n_events ? &res->events[i] : NULL;
    if (e && keep && !keep[i]) {
      if (gap < 0) gap = i;
      goto track;
    }
    if (gap >= 0) {
      int n = 0;
      for (int k = gap; k < i; k++) n += res->events[k].kind != SIM_EV_COUNTER;
      if (n) {
        strbuf_printf(out, "%s      ... %d event%s (steps %llu to %llu) left out: --full shows every step%s\n",
                      l.color ? "\033[2m" : "", n, n == 1 ? "" : "s", (unsigned long long)res->events[gap].step,
                      (unsigned long long)res->events[i - 1].step, l.color ? RESET : "");
        last_step = 0;
      }
      gap = -1;
    }
    if (!e) break;
    if (e->kind == SIM_EV_COUNTER) continue;
    {
      int lane = lane_of(&l, e->tid);
      bool spans = e->kind == SIM_EV_VERDICT || e->kind == SIM_EV_WARNING || e->module || lane < 0;
      row_start(out, &l, e, &last_step);
      struct strbuf t = {0};
      if (spans) {
        const char *mark = e->kind == SIM_EV_VERDICT ? "** " : e->kind == SIM_EV_WARNING ? "!! warning: " : "-- ";
        const char *style = !l.color ? "" : e->kind == SIM_EV_VERDICT ? "\033[1;31m"
                          : e->kind == SIM_EV_WARNING ? "\033[33m" : "\033[1;35m";
        char who[48] = "";
        if (e->kind != SIM_EV_VERDICT && e->who && e->who[0]) snprintf(who, sizeof who, "%s: ", e->who);
        strbuf_printf(&t, "%s%s%s%s", mark, e->kind == SIM_EV_NOTE || e->kind == SIM_EV_CALL || e->kind == SIM_EV_RETURN ? who : "",
                      e->what ? e->what : "", e->result ? " -> " : "");
        if (e->result) strbuf_puts(&t, e->result);
        strbuf_puts(out, style);
        cell(out, strbuf_str(&t), full_width > 20 ? full_width - 1 : 20);
        if (l.color) strbuf_puts(out, RESET);
      } else {
        lane_text(e, &t);
        for (int k = 0; k < l.n; k++) {
          if (k == lane) {
            strbuf_puts(out, color_of(&l, k));
            if (l.color && e->kind == SIM_EV_BLOCK) strbuf_puts(out, "\033[33m");
            cell(out, strbuf_str(&t), l.width);
            if (l.color) strbuf_puts(out, RESET);
          } else if (l.blocked[k]) {
            strbuf_printf(out, "%s\xe2\x80\x96%s", l.color ? "\033[33m" : "", l.color ? RESET : "");
            cell(out, "", l.width - 1);
          } else {
            cell(out, "", l.width);
          }
          strbuf_puts(out, " ");
        }
      }
      strbuf_free(&t);
      while (out->len && out->data[out->len - 1] == ' ') out->data[--out->len] = '\0';
      strbuf_puts(out, "\n");
    }
  track:
    /* Who is blocked after this event. */
    if (e && e->tid) {
      int k = lane_of(&l, e->tid);
      if (k >= 0 && e->kind != SIM_EV_VERDICT) l.blocked[k] = e->kind == SIM_EV_BLOCK;
    }
  }
  free(keep);
}
