/* Parsing the command line's arguments into a struct cli. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const char *const cli_usage_text =
    "usage:\n"
    "  loaderlab list\n"
    "  loaderlab run     [SCENARIO] [--host F.c] [--dll NAME.dll=F.c | --dll F.c] [--seed N]\n"
    "  loaderlab explore [SCENARIO] [--host F.c] [--dll ...] [--strategy random|pct|dfs]\n"
    "                    [--schedules N] [--preemption-bound K] [--depth D] [--seed N]\n"
    "                    [--jobs J] [--time-limit S] [--all]\n"
    "  loaderlab replay  [SCENARIO] --schedule S [--host F.c] [--dll ...]\n"
    "                    [--trace text|json] [-o FILE] [--then random|pct|dfs]\n"
    "common options: --steps-max N (hang verdict beyond N steps), --protect scan|always\n"
    "SCENARIO is sample/NAME, EXERCISE/SCENARIO or a folder with a scenario.txt;\n"
    "without one, the built-in default runs (" "sample/driver-unload" ").\n"
    "exit status: 0 no bug found, 1 bug found, 2 usage or build error\n";


int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("loaderlab: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputs("\n", stderr);
  va_end(ap);
  fputs(cli_usage_text, stderr);
  return EXIT_USAGE;
}

static bool parse_u64(const char *s, uint64_t *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s || *end || s[0] == '-') return false;
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

int cli_parse(cli *c, int argc, char **argv) {
  sim_explore_options_default(&c->ex);
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    uint64_t n;
#define NEED()                                                          \
  do {                                                                  \
    if (!v) return cli_usage_error("%s needs a value", a);                  \
    i++;                                                                \
  } while (0)
    if (strcmp(a, "--host") == 0) {
      NEED();
      c->host = v;
    } else if (strcmp(a, "--dll") == 0) {
      NEED();
      if (c->n_dlls == 16) return cli_usage_error("at most 16 --dll options");
      c->dlls[c->n_dlls++] = v;
    } else if (strcmp(a, "--seed") == 0) {
      NEED();
      if (!parse_u64(v, &c->ex.seed)) return cli_usage_error("--seed %s: expected a number", v);
      c->seed_given = true;
    } else if (strcmp(a, "--strategy") == 0) {
      NEED();
      if (!parse_strategy(v, &c->ex.strategy))
        return cli_usage_error("--strategy %s: expected random, pct or dfs", v);
    } else if (strcmp(a, "--then") == 0) {
      NEED();
      if (!parse_strategy(v, &c->ex.strategy))
        return cli_usage_error("--then %s: expected random, pct or dfs", v);
      c->then = v;
    } else if (strcmp(a, "--schedules") == 0) {
      NEED();
      if (!parse_u64(v, &c->ex.schedules_max) || !c->ex.schedules_max)
        return cli_usage_error("--schedules %s: expected a positive number", v);
    } else if (strcmp(a, "--preemption-bound") == 0) {
      NEED();
      if (!parse_u64(v, &n) || n > 64) return cli_usage_error("--preemption-bound %s: expected 0 to 64", v);
      c->ex.preemption_bound = (int)n;
    } else if (strcmp(a, "--depth") == 0) {
      NEED();
      if (!parse_u64(v, &n) || n < 1 || n > 16) return cli_usage_error("--depth %s: expected 1 to 16", v);
      c->ex.depth = (int)n;
    } else if (strcmp(a, "--jobs") == 0) {
      NEED();
      if (!parse_u64(v, &n) || n < 1 || n > 64) return cli_usage_error("--jobs %s: expected 1 to 64", v);
      c->ex.jobs = (int)n;
    } else if (strcmp(a, "--time-limit") == 0) {
      NEED();
      char *end;
      double s = strtod(v, &end);
      if (*end || s <= 0) return cli_usage_error("--time-limit %s: expected seconds (> 0)", v);
      c->ex.time_limit_s = s;
    } else if (strcmp(a, "--all") == 0) {
      c->ex.all = true;
    } else if (strcmp(a, "--schedule") == 0) {
      NEED();
      c->schedule = v;
    } else if (strcmp(a, "--trace") == 0) {
      NEED();
      if (strcmp(v, "text") && strcmp(v, "json"))
        return cli_usage_error("--trace %s: expected text or json (the html viewer is not part of "
                           "this version)", v);
      c->trace_format = v;
    } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
      NEED();
      c->output = v;
    } else if (strcmp(a, "--steps-max") == 0) {
      NEED();
      if (!parse_u64(v, &c->steps_max) || !c->steps_max)
        return cli_usage_error("--steps-max %s: expected a positive number", v);
    } else if (strcmp(a, "--protect") == 0) {
      NEED();
      if (strcmp(v, "scan") && strcmp(v, "always")) return cli_usage_error("--protect %s: expected scan or always", v);
      c->protect_always = strcmp(v, "always") == 0;
    } else if (a[0] == '-') {
      return cli_usage_error("unknown option %s", a);
    } else if (!c->scenario) {
      c->scenario = a;
    } else {
      return cli_usage_error("unexpected argument %s (one scenario at a time)", a);
    }
#undef NEED
  }
  return -1;
}

