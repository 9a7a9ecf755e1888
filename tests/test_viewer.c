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

/* The page of a counterexample: self-contained, with a trace that parses
 * and names the verdict explore found. */
static void check_page(const char *html, const char *verdict_name, bool bug, const char *what) {
  cr_expect(strstr(html, "<!DOCTYPE html>") == html, "%s: not a page", what);
  cr_expect(strstr(html, "Content-Security-Policy\" content=\"default-src 'none'"), "%s: the page may load things", what);
  cr_expect(!strstr(html, "<link"), "%s: the page links to a file", what);
  cr_expect(!strstr(html, "src=\"http") && !strstr(html, "src='http") && !strstr(html, "url(http") &&
                !strstr(html, "@import") && !strstr(html, "<script src"),
            "%s: the page loads something from elsewhere", what);
  const char *open = strstr(html, "<script id=\"trace-data\" type=\"application/json\">");
  cr_assert(open, "%s: no trace data", what);
  open = strchr(open, '>') + 1;
  const char *close = strstr(open, "</script>");
  cr_assert(close, "%s: the trace data is not closed", what);
  char err[256];
  json *doc = json_parse(open, (size_t)(close - open), err, sizeof err);
  cr_assert(doc, "%s: the trace data is not JSON: %s", what, err);
  const json *verdict = json_get(doc, "verdict");
  cr_assert(verdict);
  cr_expect(json_get(doc, "events") && json_get(doc, "events")->n > 0, "%s: no events", what);
  char title[256];
  snprintf(title, sizeof title, " %s</title>", verdict_name);
  cr_expect(strstr(html, title), "%s: the title does not name the verdict %s", what, verdict_name);
  /* The verdict in the data is the one explore printed. */
  cr_expect(json_get(verdict, "bug")->boolean == bug, "%s", what);
  json_free(doc);
  /* One script with the viewer, and no markers left over. */
  cr_expect(!strstr(html, "@@LOADERLAB_"), "%s: a template marker is left", what);
}

Test(viewer, html_of_the_race_is_one_self_contained_page) {
  char *path = replay_to_file("html", NULL, RACE);
  char *html = read_file(path, NULL);
  cr_assert(html);
  check_page(html, "access violation", true, "the race");
  cr_expect(strstr(html, "window.loaderlabViewer"), "the viewer's script is inside");
  cr_expect(strstr(html, ".lane-header"), "the viewer's styles are inside");
  free(html);
  unlink(path);
  free(path);
}

Test(viewer, a_program_that_prints_a_closing_script_tag_cannot_break_the_page) {
  cli_result r;
  loaderlab(&r, "run", "--host", "@cli_bytes.c", NULL);
  const char *report = memmem(r.err, r.err_len, "loaderlab: ok", 13);
  cr_assert(report);
  char *command = line_after(report, "to replay this run step by step:\n");
  char *with_html;
  cr_assert(asprintf(&with_html, "%s --trace html -o /tmp/loaderlab-bytes-%d.html", command, (int)getpid()) > 0);
  cli_result page;
  run_printed_command(with_html, &page);
  expect_status(page, 0);
  char path[64];
  snprintf(path, sizeof path, "/tmp/loaderlab-bytes-%d.html", (int)getpid());
  char *html = read_file(path, NULL);
  cr_assert(html);
  check_page(html, "ok", false, "cli_bytes.c");
  free(html);
  unlink(path);
  cli_free(&page);
  free(with_html);
  free(command);
  cli_free(&r);
}

/* Explores one scenario with the given options (it must find a bug), then
 * writes the page of the counterexample through the printed replay command
 * and checks that the page names the verdict. */
static void page_of_counterexample(const char *name, const char *dir, const char *const options[8]) {
  cli_result r;
  loaderlab(&r, "explore", dir, options[0], options[1], options[2], options[3], options[4], options[5],
            options[6], NULL);
  expect_status(r, 1);
  /* The verdict line follows "bug found after N schedules (T s)". */
  const char *after = strstr(r.out, "bug found after ");
  cr_assert(after, "%s: %s", name, r.out);
  after = strchr(after, '\n') + 1;
  char verdict_name[64];
  snprintf(verdict_name, sizeof verdict_name, "%.*s", (int)(strstr(after, " at step ") - after), after);
  char *command = line_after(r.out, "replay it step by step with:\n");
  char *with_html, path[512];
  snprintf(path, sizeof path, "/tmp/loaderlab-scenario-%d-%s.html", (int)getpid(), name);
  for (char *c = path + strlen("/tmp/"); *c; c++)
    if (*c == '/') *c = '_';
  cr_assert(asprintf(&with_html, "%s --trace html -o %s", command, path) > 0);
  cli_result page;
  run_printed_command(with_html, &page);
  cr_expect_eq(page.status, 1, "%s: %s", name, page.err);
  char *html = read_file(path, NULL);
  cr_assert(html, "%s: no page written", name);
  check_page(html, verdict_name, true, name);
  free(html);
  unlink(path);
  cli_free(&page);
  free(with_html);
  free(command);
  cli_free(&r);
}

/* Every bug scenario left under tests/scenarios: explore as its
 * scenario.txt says, then the page of the counterexample. */
static int pages_of_test_scenarios(void) {
  char *root = source_path("tests/scenarios");
  DIR *d = opendir(root);
  cr_assert(d);
  int pages = 0;
  for (struct dirent *e; (e = readdir(d));) {
    if (strncmp(e->d_name, "bug-", 4) != 0) continue;
    char dir[4096], manifest[4200];
    snprintf(dir, sizeof dir, "%s/%s", root, e->d_name);
    snprintf(manifest, sizeof manifest, "%s/scenario.txt", dir);
    char *text = read_file(manifest, NULL);
    cr_assert(text);
    char verdict_id[64] = "", strategy[16] = "";
    unsigned long within = 0;
    int bound = 2;
    const char *ex = strstr(text, "\nexpect ");
    if (ex) sscanf(ex + 1, "expect %63s within %lu %15s", verdict_id, &within, strategy);
    const char *fx = strstr(text, "\nfixed ");
    if (fx) sscanf(strstr(fx + 1, " bound ") ? strstr(fx + 1, " bound ") : "", " bound %d", &bound);
    char n[32], b[32];
    snprintf(n, sizeof n, "%lu", within ? within : 1000);
    snprintf(b, sizeof b, "%d", bound);
    const char *dfs[8] = {"--strategy", "dfs", "--preemption-bound", b};
    const char *random[8] = {"--schedules", n};
    page_of_counterexample(e->d_name, dir, strcmp(strategy, "dfs") == 0 ? dfs : random);
    pages++;
    free(text);
  }
  closedir(d);
  free(root);
  return pages;
}

/* Every scenario of every exercise whose buggy DLL fails it: explore as the
 * exercise's grade.txt says, then the page of the counterexample. */
static int pages_of_exercises(void) {
  char *root = source_path("exercises");
  DIR *d = opendir(root);
  cr_assert(d);
  int pages = 0;
  for (struct dirent *e; (e = readdir(d));) {
    char manifest[4200];
    snprintf(manifest, sizeof manifest, "%s/%s/grade.txt", root, e->d_name);
    char *text = read_file(manifest, NULL);
    if (!text) continue;
    char *lines_at = NULL;
    for (char *line = strtok_r(text, "\n", &lines_at); line; line = strtok_r(NULL, "\n", &lines_at)) {
      if (strncmp(line, "scenario ", 9) != 0) continue;
      /* scenario NAME, then keys and values; the values read here are one
       * word each (a quoted progress text is skipped word by word). */
      char *words_at = NULL;
      strtok_r(line, " \t", &words_at);
      const char *scenario = strtok_r(NULL, " \t", &words_at);
      char strategy[16] = "dfs", bound[16] = "2", schedules[32] = "1000", seed[32] = "1", buggy[64] = "";
      for (char *w = strtok_r(NULL, " \t", &words_at); w; w = strtok_r(NULL, " \t", &words_at)) {
        char *target = strcmp(w, "strategy") == 0    ? strategy
                       : strcmp(w, "bound") == 0     ? bound
                       : strcmp(w, "schedules") == 0 ? schedules
                       : strcmp(w, "seed") == 0      ? seed
                       : strcmp(w, "buggy") == 0     ? buggy
                                                     : NULL;
        size_t size = target == schedules || target == seed ? 32 : target == buggy ? 64 : 16;
        char *v = target ? strtok_r(NULL, " \t", &words_at) : NULL;
        if (target && v) snprintf(target, size, "%s", v);
      }
      if (!buggy[0] || strcmp(buggy, "ok") == 0) continue;
      char dir[4400], name[400];
      snprintf(dir, sizeof dir, "%s/%s/scenarios/%s", root, e->d_name, scenario);
      snprintf(name, sizeof name, "%s/%s", e->d_name, scenario);
      const char *dfs[8] = {"--strategy", "dfs", "--preemption-bound", bound};
      const char *other[8] = {"--strategy", strategy, "--schedules", schedules, "--seed", seed};
      page_of_counterexample(name, dir, strcmp(strategy, "dfs") == 0 ? dfs : other);
      pages++;
    }
    free(text);
  }
  closedir(d);
  free(root);
  return pages;
}

Test(viewer, html_of_every_bug_scenario_s_counterexample, .timeout = 600) {
  int pages = pages_of_test_scenarios() + pages_of_exercises();
  /* The eight bug scenarios of the simulator's tests became exercises with
   * more scenarios each; none may be lost on the way. */
  cr_expect_geq(pages, 8, "every bug scenario renders (%d pages)", pages);
}
