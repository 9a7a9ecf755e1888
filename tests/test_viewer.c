/* The pictures of a run: `replay --trace chrome` (the Chrome trace event
 * format that Perfetto opens) and `replay --trace html` (the viewer page),
 * checked by parsing what loaderlab writes.  The browser test
 * (tests/browser/) checks the page in a real browser. */
#include <dirent.h>

#include "cli_helpers.h"
#include "json.h"

#define RACE "1.72.e800d006.72t4a76r"

static char *replay_to_file(const char *format, const char *extra_scenario, const char *schedule) {
  char *path;
  cr_assert(asprintf(&path, "/tmp/loaderlab-viewer-%d-%s.out", (int)getpid(), format) > 0);
  cli_result r;
  if (extra_scenario)
    loaderlab(&r, "replay", extra_scenario, "--schedule", schedule, "--trace", format, "-o", path, NULL);
  else
    loaderlab(&r, "replay", "--schedule", schedule, "--trace", format, "-o", path, NULL);
  cr_assert(r.status == 0 || r.status == 1, "replay failed (%d): %s", r.status, r.err);
  cli_free(&r);
  return path;
}

static const json *event_named(const json *events, const char *ph, const char *name_part, int tid) {
  for (int i = 0; i < events->n; i++) {
    const json *e = events->items[i];
    const char *p = json_get_str(e, "ph"), *name = json_get_str(e, "name");
    const json *t = json_get(e, "tid");
    if (!p || strcmp(p, ph) != 0 || !name || !strstr(name, name_part)) continue;
    if (tid && (!t || (int)t->number != tid)) continue;
    return e;
  }
  return NULL;
}

static const json *thread_named(const json *events, const char *thread_name) {
  for (int i = 0; i < events->n; i++) {
    const json *e = events->items[i];
    const char *name = json_get_str(e, "name");
    if (!name || strcmp(name, "thread_name") != 0) continue;
    const char *n = json_get_str(json_get(e, "args"), "name");
    if (n && strcmp(n, thread_name) == 0) return e;
  }
  return NULL;
}

Test(viewer, chrome_trace_of_the_race_opens_as_perfetto_reads_it) {
  char *path = replay_to_file("chrome", NULL, RACE);
  size_t len;
  char *text = read_file(path, &len);
  cr_assert(text, "no file written");
  char err[256];
  json *doc = json_parse(text, len, err, sizeof err);
  cr_assert(doc, "not JSON: %s", err);
  const json *events = json_get(doc, "traceEvents");
  cr_assert(events && events->type == JSON_ARRAY && events->n > 50);
  /* Every event is of a kind the format defines, with its fields. */
  for (int i = 0; i < events->n; i++) {
    const json *e = events->items[i];
    const char *ph = json_get_str(e, "ph");
    cr_assert(ph && strchr("MXiC", ph[0]) && !ph[1], "event %d: ph %s", i, ph ? ph : "missing");
    const json *pid = json_get(e, "pid");
    cr_expect(pid && pid->type == JSON_NUMBER, "event %d has no pid", i);
    if (ph[0] == 'M') continue;
    const json *ts = json_get(e, "ts");
    cr_expect(ts && ts->type == JSON_NUMBER && ts->number >= 0, "event %d has no ts", i);
    if (ph[0] == 'X') {
      const json *dur = json_get(e, "dur");
      cr_expect(dur && dur->type == JSON_NUMBER && dur->number > 0, "event %d has no duration", i);
    }
    if (ph[0] == 'i') cr_expect(json_get_str(e, "s"), "instant event %d has no scope", i);
  }
  /* Threads named, the loader lock and the DLL as tracks of their own. */
  cr_expect(thread_named(events, "thread 1 (main)"));
  cr_expect(thread_named(events, "thread 4"));
  cr_expect(thread_named(events, "loader lock"));
  cr_expect(thread_named(events, "driver.dll"));
  /* Blocking as slices, named after what they wait for. */
  const json *blocked = event_named(events, "X", "blocked: waits for a completion packet on port#3", 4);
  cr_expect(blocked, "thread 4's wait on the port is a slice");
  if (blocked) cr_expect_eq(strcmp(json_get_str(blocked, "cat"), "blocked"), 0);
  cr_expect(event_named(events, "X", "held by thread 1 (main)", 100000), "the loader lock's owner");
  cr_expect(event_named(events, "X", "attached", 0), "the DLL's lifetime");
  cr_expect(event_named(events, "X", "detaching", 0), "the DLL's lifetime");
  cr_expect(event_named(events, "C", "port#3 queue", 0), "the port's queue");
  /* The unload and the verdict as instant events. */
  cr_expect(event_named(events, "i", "driver.dll unmapped", 0));
  const json *verdict = event_named(events, "i", "access violation", 4);
  cr_assert(verdict, "the verdict is an instant event on thread 4");
  cr_expect_eq(strcmp(json_get_str(verdict, "s"), "g"), 0);
  cr_expect(strstr(json_get_str(json_get(verdict, "args"), "message"), "executed code of driver.dll"));
  /* Calls carry their source line. */
  cr_expect(event_named(events, "X", "GetQueuedCompletionStatusEx", 4));
  cr_expect(strstr(text, "\"source\": \"driver.c:"), "source lines from the debug information");
  json_free(doc);
  free(text);
  unlink(path);
  free(path);
}
