/* The options of the command line: one table (cli_options) that parsing,
 * `--help` and docs/cli.md all read, and the parser.
 *
 * An option belongs to the commands its row names; anywhere else it is
 * refused with a message that names it and says which command takes it,
 * because an option silently ignored misleads more than an error.  Values
 * are checked when they are read, and each message says what to type.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define PROGRAM (CLI_RUN | CLI_EXPLORE | CLI_REPLAY)

const cli_option cli_options[OPT_COUNT] = {
    {OPT_HOST, "--host", NULL, "F.c", PROGRAM, false, true,
     "The host program: a C file with int main(void), compiled and run in the simulator. "
     "With a scenario, it replaces the scenario's host."},
    {OPT_DLL, "--dll", NULL, "NAME.dll=F.c", PROGRAM, true, true,
     "A DLL the host loads by NAME.dll, built from F.c (repeat for several). With a scenario, "
     "--dll F.c replaces the scenario's student DLL, and NAME.dll must be one of the scenario's "
     "DLLs. A DLL the host never loads is reported after the run."},
    {OPT_STEPS_MAX, "--steps-max", NULL, "N", PROGRAM, false, true,
     "The step budget: a run that has not ended after N steps ends with a hang verdict. "
     "Default: the scenario's steps-max, else 100000."},
    {OPT_PROTECT, "--protect", NULL, "scan|always", PROGRAM, false, true,
     "How an unloaded DLL's pages are made to fault. scan (the default) protects the pages "
     "some pointer still reaches; always protects the whole image on every unload (slower, "
     "for checking that scan misses nothing)."},
    {OPT_EXIT_CODE, "--exit-code", NULL, "N|any", PROGRAM, false, true,
     "The exit code the host is expected to end with. A process that exits with another code "
     "gets the verdict \"exit code\", because test programs report failure that way. "
     "Default: the scenario's exit-code, else 0; any accepts every code."},
    {OPT_SEED, "--seed", NULL, "N", CLI_RUN | CLI_EXPLORE | CLI_REPLAY, false, false,
     "The seed of the random and pct strategies (default 1). For run, a random schedule "
     "instead of the default one; for replay, with --then."},
    {OPT_STRATEGY, "--strategy", NULL, "random|pct|dfs", CLI_EXPLORE, false, false,
     "How schedules are chosen: random (a seeded uniform choice at every step, the default), "
     "pct (random priorities with --depth change points), dfs (every schedule with at most "
     "--preemption-bound preemptions, fewest first)."},
    {OPT_SCHEDULES, "--schedules", NULL, "N", CLI_EXPLORE | CLI_REPLAY, false, false,
     "At most N schedules. Default: 10000 for random and pct, no limit for dfs."},
    {OPT_PREEMPTION_BOUND, "--preemption-bound", NULL, "K", CLI_EXPLORE | CLI_REPLAY, false, false,
     "dfs only: search every schedule with at most K preemptions (0 to 64, default 2)."},
    {OPT_DEPTH, "--depth", NULL, "D", CLI_EXPLORE | CLI_REPLAY, false, false,
     "pct only: the bug depth PCT aims at, 1 to 16 (default 3); it places D-1 priority "
     "change points."},
    {OPT_JOBS, "--jobs", NULL, "J", CLI_EXPLORE, false, false,
     "Search in J worker processes (1 to 64, default 1)."},
    {OPT_TIME_LIMIT, "--time-limit", NULL, "S", CLI_EXPLORE | CLI_REPLAY, false, false,
     "Stop after S seconds (a number above 0, such as 30 or 0.5), also in the middle of a "
     "long schedule. Default: no limit."},
    {OPT_ALL, "--all", NULL, NULL, CLI_EXPLORE, false, false,
     "Do not stop at the first bug: run the whole budget and count every verdict."},
    {OPT_REDUCTION, "--reduction", NULL, "on|off", CLI_EXPLORE, false, false,
     "dfs only: partial-order reduction, one schedule per class of equivalent executions "
     "(schedules that differ only in the order of independent steps). On by default, with "
     "or without a preemption bound; off runs every schedule (and turns the state cache off "
     "too, unless --state-cache on says otherwise), for comparing (docs/scale.md)."},
    {OPT_STATE_CACHE, "--state-cache", NULL, "on|off", CLI_EXPLORE, false, false,
     "dfs only: stop a run at a state whose every schedule was searched already (the same "
     "state, reached before by another way; under a preemption bound, only where one thread "
     "is alive), and count it as cut rather than as a schedule. On by default; off runs "
     "every schedule, for comparing the two (docs/scale.md)."},
    {OPT_COMPLETE, "--complete", NULL, NULL, CLI_EXPLORE, false, false,
     "Search every schedule with no preemption bound (implies --strategy dfs), for programs "
     "whose runs end. Its certificate reads \"no failure in any schedule: N runs (M of them cut "
     "short at a state already searched)\", or \"N classes of executions\" with --state-cache "
     "off."},
    {OPT_SHARD, "--shard", NULL, "I/N", CLI_EXPLORE, false, false,
     "Search only part I of N disjoint parts of the exploration (seed ranges for random and "
     "pct, prefixes of the schedule tree for dfs), so N machines can share one search; "
     "loaderlab merge combines their --report json results (docs/scale.md)."},
    {OPT_REPORT, "--report", NULL, "text|json", CLI_EXPLORE, false, false,
     "text (the default) or json: one JSON object with the options, the counts, the "
     "certificate or the bug, for a batch engine and loaderlab merge."},
    {OPT_SCHEDULE, "--schedule", NULL, "S", CLI_REPLAY, false, false,
     "The schedule to replay, as explore or run printed it (required)."},
    {OPT_TRACE, "--trace", NULL, "text|lanes|json|chrome|html", CLI_REPLAY, false, false,
     "How to show the run: text (one line per step; the default when the output is not a "
     "terminal), lanes (a column per thread, in colour on a terminal, and L, the thread "
     "holding the loader lock; the default on a terminal; four threads fit 80 columns), json (the trace "
     "as a JSON document), chrome (the Chrome trace event format, for Perfetto and "
     "chrome://tracing), html (a self-contained page with the trace viewer; use -o)."},
    {OPT_OUTPUT, "--output", "-o", "FILE", CLI_REPLAY, false, false,
     "Write the trace to FILE (written whole, or not at all) instead of the standard output."},
    {OPT_THEN, "--then", NULL, "random|pct|dfs", CLI_REPLAY, false, false,
     "Replay the schedule as a prefix, then explore from where it ends with this strategy."},
    {OPT_FULL, "--full", NULL, NULL, CLI_EXPLORE | CLI_REPLAY, false, false,
     "Show every step of a long trace and every line of a long report (by default a trace "
     "of more than 200 events keeps the steps that matter and says what it left out)."},
    {OPT_COLOR, "--color", NULL, "auto|always|never", CLI_EXPLORE | CLI_REPLAY, false, false,
     "Colour on a terminal (auto, the default, colours only when the output is a terminal "
     "and NO_COLOR is not set)."},
    {OPT_MARKDOWN, "--markdown", NULL, NULL, CLI_HELP, false, false,
     "Print the whole manual as Markdown (docs/cli.md is this output)."},
    {OPT_HELP, "--help", "-h", NULL, CLI_LIST | PROGRAM | CLI_HELP, false, false,
     "Show this command's help."},
};

int cli_usage_error(const cli *c, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("loaderlab: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputs("\n", stderr);
  va_end(ap);
  if (c && c->cmd)
    fprintf(stderr, "`loaderlab %s --help` shows what %s takes.\n", c->cmd->name, c->cmd->name);
  else
    fputs("`loaderlab --help` lists the commands.\n", stderr);
  return EXIT_USAGE;
}

const cli_command *cli_command_named(const char *name) {
  for (int i = 0; i < cli_n_commands; i++)
    if (strcmp(cli_commands[i].name, name) == 0) return &cli_commands[i];
  return NULL;
}

/* Edit distance, for "did you mean". */
static int distance(const char *a, const char *b) {
  size_t n = strlen(a), m = strlen(b);
  if (n > 40 || m > 40) return 99;
  int d[41][41];
  for (size_t i = 0; i <= n; i++) d[i][0] = (int)i;
  for (size_t k = 0; k <= m; k++) d[0][k] = (int)k;
  for (size_t i = 1; i <= n; i++)
    for (size_t k = 1; k <= m; k++) {
      int sub = d[i - 1][k - 1] + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[k - 1]));
      int del = d[i - 1][k] + 1, ins = d[i][k - 1] + 1;
      d[i][k] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
    }
  return d[n][m];
}

const char *cli_did_you_mean(const char *typed, const char *const *words, int n) {
  const char *best = NULL;
  int best_d = 3;
  for (int i = 0; i < n; i++) {
    int d = distance(typed, words[i]);
    if (d < best_d) {
      best_d = d;
      best = words[i];
    }
  }
  return best;
}

static const char *command_names(unsigned bits, char *buf, size_t size) {
  buf[0] = '\0';
  int n = 0, total = 0;
  for (int i = 0; i < cli_n_commands; i++)
    if (bits & cli_commands[i].bit) total++;
  for (int i = 0; i < cli_n_commands; i++) {
    if (!(bits & cli_commands[i].bit)) continue;
    n++;
    size_t len = strlen(buf);
    snprintf(buf + len, size - len, "%s%s", n == 1 ? "" : n == total ? " and " : ", ",
             cli_commands[i].name);
  }
  return buf;
}

static const cli_option *find_option(const char *a) {
  for (int i = 0; i < OPT_COUNT; i++)
    if (strcmp(a, cli_options[i].name) == 0 || (cli_options[i].alias && strcmp(a, cli_options[i].alias) == 0))
      return &cli_options[i];
  return NULL;
}

static bool parse_u64(const char *s, uint64_t *out) {
  char *end;
  errno = 0;
  if (!isdigit((unsigned char)s[0])) return false;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s || *end) return false;
  *out = v;
  return true;
}

static bool parse_strategy(const char *s, sim_strategy_kind *k) {
  if (strcmp(s, "random") == 0) *k = SIM_STRATEGY_RANDOM;
  else if (strcmp(s, "pct") == 0) *k = SIM_STRATEGY_PCT;
  else if (strcmp(s, "dfs") == 0) *k = SIM_STRATEGY_DFS;
  else return false;
  return true;
}

static bool one_of(const char *v, const char *choices) {
  size_t n = strlen(v);
  for (const char *p = choices; *p;) {
    size_t k = strcspn(p, "|");
    if (k == n && strncmp(p, v, n) == 0) return true;
    p += k + (p[k] == '|');
  }
  return false;
}

/* Reads the value of option o; returns -1 or an exit status. */
static int take_value(cli *c, const cli_option *o, const char *v) {
  uint64_t n;
  switch (o->id) {
  case OPT_HOST: c->host = v; break;
  case OPT_DLL:
    if (c->n_dlls == 16) return cli_usage_error(c, "--dll %s: at most 16 --dll options", v);
    c->dlls[c->n_dlls++] = v;
    break;
  case OPT_STEPS_MAX:
    if (!parse_u64(v, &c->steps_max) || !c->steps_max)
      return cli_usage_error(c, "--steps-max %s: expected a whole number above 0, such as --steps-max 500000", v);
    break;
  case OPT_PROTECT:
    if (!one_of(v, o->value)) return cli_usage_error(c, "--protect %s: expected --protect scan or --protect always", v);
    c->protect_always = strcmp(v, "always") == 0;
    break;
  case OPT_EXIT_CODE:
    if (strcmp(v, "any") == 0) c->exit_code_any = true;
    else if (parse_u64(v, &n) && n <= 255) c->exit_code = (int)n;
    else return cli_usage_error(c, "--exit-code %s: expected a code from 0 to 255 (--exit-code 3) or --exit-code any", v);
    break;
  case OPT_SEED:
    if (!parse_u64(v, &c->ex.seed)) return cli_usage_error(c, "--seed %s: expected a whole number, such as --seed 42", v);
    break;
  case OPT_STRATEGY:
    if (!parse_strategy(v, &c->ex.strategy))
      return cli_usage_error(c, "--strategy %s: expected --strategy random, --strategy pct or --strategy dfs", v);
    break;
  case OPT_THEN:
    if (!parse_strategy(v, &c->ex.strategy))
      return cli_usage_error(c, "--then %s: expected --then random, --then pct or --then dfs", v);
    c->then = v;
    break;
  case OPT_SCHEDULES:
    if (!parse_u64(v, &c->ex.schedules_max) || !c->ex.schedules_max)
      return cli_usage_error(c, "--schedules %s: expected a whole number above 0, such as --schedules 50000", v);
    break;
  case OPT_PREEMPTION_BOUND:
    if (!parse_u64(v, &n) || n > 64)
      return cli_usage_error(c, "--preemption-bound %s: expected a number from 0 to 64, such as --preemption-bound 2", v);
    c->ex.preemption_bound = (int)n;
    break;
  case OPT_DEPTH:
    if (!parse_u64(v, &n) || n < 1 || n > 16)
      return cli_usage_error(c, "--depth %s: expected a number from 1 to 16, such as --depth 3", v);
    c->ex.depth = (int)n;
    break;
  case OPT_JOBS:
    if (!parse_u64(v, &n) || n < 1 || n > 64)
      return cli_usage_error(c, "--jobs %s: expected a number from 1 to 64, such as --jobs 2", v);
    c->ex.jobs = (int)n;
    break;
  case OPT_TIME_LIMIT: {
    char *end;
    errno = 0;
    double s = strtod(v, &end);
    if (errno || end == v || *end || !isfinite(s) || !(s > 0))
      return cli_usage_error(c, "--time-limit %s: expected seconds, a number above 0 such as --time-limit 30 or --time-limit 0.5", v);
    c->ex.time_limit_s = s;
    break;
  }
  case OPT_ALL: c->ex.all = true; break;
  case OPT_REDUCTION:
    if (!one_of(v, o->value)) return cli_usage_error(c, "--reduction %s: expected --reduction on or --reduction off", v);
    c->ex.reduce = strcmp(v, "on") == 0;
    /* Off runs every schedule: no state cache either, unless asked for. */
    if (!c->ex.reduce && !c->given[OPT_STATE_CACHE]) c->ex.state_cache = false;
    break;
  case OPT_STATE_CACHE:
    if (!one_of(v, o->value)) return cli_usage_error(c, "--state-cache %s: expected --state-cache on or --state-cache off", v);
    c->ex.state_cache = strcmp(v, "on") == 0;
    break;
  case OPT_COMPLETE: c->ex.complete = true; break;
  case OPT_SHARD: {
    unsigned long long i, n;
    char tail;
    if (sscanf(v, "%llu/%llu%c", &i, &n, &tail) != 2 || n < 1 || n > 1000000 || i < 1 || i > n)
      return cli_usage_error(c, "--shard %s: expected I/N with 1 <= I <= N (part I of N), such as --shard 2/8", v);
    c->ex.shard_index = (int)i;
    c->ex.shard_count = (int)n;
    break;
  }
  case OPT_REPORT:
    if (!one_of(v, o->value)) return cli_usage_error(c, "--report %s: expected --report text or --report json", v);
    c->report_json = strcmp(v, "json") == 0;
    break;
  case OPT_SCHEDULE: c->schedule = v; break;
  case OPT_TRACE:
    if (!one_of(v, o->value))
      return cli_usage_error(c, "--trace %s: expected --trace text, lanes, json, chrome or html", v);
    c->trace_format = v;
    break;
  case OPT_OUTPUT: c->output = v; break;
  case OPT_FULL: c->full = true; break;
  case OPT_COLOR:
    if (!one_of(v, o->value)) return cli_usage_error(c, "--color %s: expected --color auto, always or never", v);
    c->color = v;
    break;
  case OPT_MARKDOWN:
  case OPT_HELP:
  case OPT_COUNT: break;
  }
  return -1;
}

/* Options that apply to the command but not to what else was asked. */
static int check_combinations(cli *c) {
  const char **g = c->given;
  bool exploring = c->cmd->bit == CLI_EXPLORE || (c->cmd->bit == CLI_REPLAY && c->then);
  if (c->cmd->bit == CLI_REPLAY && !c->then) {
    static const cli_option_id needs_then[] = {OPT_SEED, OPT_SCHEDULES, OPT_PREEMPTION_BOUND,
                                               OPT_DEPTH, OPT_TIME_LIMIT};
    for (size_t i = 0; i < sizeof needs_then / sizeof needs_then[0]; i++)
      if (g[needs_then[i]])
        return cli_usage_error(c, "%s applies to replay only with --then (exploring after the "
                               "schedule); add --then random|pct|dfs or drop %s",
                               cli_options[needs_then[i]].name, cli_options[needs_then[i]].name);
  }
  if (c->cmd->bit == CLI_REPLAY && c->then && (g[OPT_TRACE] || g[OPT_OUTPUT]))
    return cli_usage_error(c, "%s does not apply with --then, which explores and prints what it "
                           "finds; replay the schedule it prints to get a trace",
                           g[OPT_TRACE] ? "--trace" : "-o");
  if (c->cmd->bit == CLI_EXPLORE && g[OPT_COMPLETE]) {
    if (g[OPT_STRATEGY] && c->ex.strategy != SIM_STRATEGY_DFS)
      return cli_usage_error(c, "--complete searches every schedule in order, which is --strategy "
                             "dfs; drop --strategy or --complete");
    if (g[OPT_PREEMPTION_BOUND])
      return cli_usage_error(c, "--complete has no preemption bound; drop --preemption-bound or "
                             "--complete");
    c->ex.strategy = SIM_STRATEGY_DFS;
  }
  if (c->cmd->bit == CLI_EXPLORE && g[OPT_REDUCTION] && c->ex.strategy != SIM_STRATEGY_DFS)
    return cli_usage_error(c, "--reduction applies to --strategy dfs only (random and pct pick "
                           "schedules one at a time); add --strategy dfs or drop --reduction");
  if (c->cmd->bit == CLI_EXPLORE && g[OPT_STATE_CACHE] && c->ex.strategy != SIM_STRATEGY_DFS)
    return cli_usage_error(c, "--state-cache applies to --strategy dfs only (random and pct do "
                           "not search a tree of schedules); add --strategy dfs or drop --state-cache");
  if (exploring) {
    sim_strategy_kind k = c->ex.strategy;
    const char *how = c->then ? "--then" : "--strategy";
    if (g[OPT_DEPTH] && k != SIM_STRATEGY_PCT)
      return cli_usage_error(c, "--depth applies to %s pct only (it places PCT's priority change "
                             "points); add %s pct or drop --depth", how, how);
    if (g[OPT_PREEMPTION_BOUND] && k != SIM_STRATEGY_DFS)
      return cli_usage_error(c, "--preemption-bound applies to %s dfs only (random and pct "
                             "schedules are not bounded); add %s dfs or drop --preemption-bound",
                             how, how);
    if (g[OPT_SEED] && k == SIM_STRATEGY_DFS)
      return cli_usage_error(c, "--seed does not apply to %s dfs, which tries every schedule in "
                             "order; drop --seed, or use %s random or pct", how, how);
  }
  if (c->cmd->bit == CLI_REPLAY && g[OPT_OUTPUT] && c->trace_format == NULL)
    c->trace_format = "text";
  if (c->cmd->bit == CLI_REPLAY && c->trace_format && strcmp(c->trace_format, "html") == 0 &&
      !c->output)
    return cli_usage_error(c, "--trace html writes a whole web page: add -o FILE.html "
                           "(for example -o race.html) and open it in a browser");
  return -1;
}

int cli_parse(cli *c, int argc, char **argv) {
  sim_explore_options_default(&c->ex);
  unsigned bit = c->cmd->bit;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (a[0] != '-' || strcmp(a, "-") == 0) {
      if (bit == CLI_HELP && !c->help_topic) {
        c->help_topic = a;
      } else if (!(bit & PROGRAM)) {
        return cli_usage_error(c, "%s takes no arguments (\"%s\" is one too many)", c->cmd->name, a);
      } else if (!c->scenario) {
        c->scenario = a;
      } else {
        return cli_usage_error(c, "unexpected argument \"%s\": give one scenario (already \"%s\"); "
                               "to add a DLL, write --dll NAME.dll=%s", a, c->scenario, a);
      }
      continue;
    }
    /* --name=value is accepted too. */
    char name[64];
    const char *inline_value = NULL;
    const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
    if (eq && (size_t)(eq - a) < sizeof name) {
      snprintf(name, sizeof name, "%.*s", (int)(eq - a), a);
      inline_value = eq + 1;
    } else {
      snprintf(name, sizeof name, "%s", a);
    }
    const cli_option *o = find_option(name);
    if (!o) {
      const char *words[OPT_COUNT];
      int n = 0;
      for (int k = 0; k < OPT_COUNT; k++)
        if (cli_options[k].commands & bit) words[n++] = cli_options[k].name;
      const char *guess = cli_did_you_mean(name, words, n);
      if (guess) return cli_usage_error(c, "unknown option %s (did you mean %s?)", name, guess);
      return cli_usage_error(c, "unknown option %s", name);
    }
    if (!(o->commands & bit)) {
      char where[128];
      return cli_usage_error(c, "%s does not apply to %s (it is an option of %s); drop it", name,
                             c->cmd->name, command_names(o->commands, where, sizeof where));
    }
    if (o->id == OPT_HELP) {
      c->given[OPT_HELP] = "";
      continue;
    }
    const char *v = "";
    if (o->value) {
      if (inline_value) {
        v = inline_value;
      } else {
        if (i + 1 >= argc) return cli_usage_error(c, "%s needs a value: write %s %s", o->name, o->name, o->value);
        v = argv[++i];
      }
    } else if (inline_value) {
      return cli_usage_error(c, "%s takes no value: write %s alone", o->name, o->name);
    }
    if (c->given[o->id] && !o->repeatable)
      return cli_usage_error(c, "%s is given twice (%s and %s): keep one", o->name, c->given[o->id], v);
    c->given[o->id] = v;
    int r = take_value(c, o, v);
    if (r >= 0) return r;
  }
  if (c->given[OPT_HELP]) return -1;
  return check_combinations(c);
}
