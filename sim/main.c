/* The loaderlab command line (the contract README.md states under "The
 * command line", which tests, lessons and graders rely on):
 *
 *   loaderlab list
 *   loaderlab run     [SCENARIO] [--host F.c] [--dll NAME.dll=F.c | --dll F.c] [--seed N]
 *   loaderlab explore [SCENARIO] [...] [--strategy random|pct|dfs] [--schedules N]
 *                     [--preemption-bound K] [--depth D] [--seed N] [--jobs J]
 *                     [--time-limit S] [--all]
 *   loaderlab replay  [SCENARIO] --schedule S [...] [--trace text|json] [-o FILE]
 *                     [--then random|pct|dfs]
 *
 * Without a scenario or --host, the built-in default runs: the motivating
 * race of a driver DLL unloaded while its workers wait on a completion port.
 *
 * Exit status: 0 no bug found, 1 bug found, 2 usage or build error.  A
 * simulated program's own output goes to stdout and stderr exactly as it
 * wrote it (loaderlab run); everything loaderlab says about the run goes to
 * stderr for run, and to stdout for explore and replay, whose report is
 * what was asked for.
 *
 * This file only dispatches: each command lives in sim/cli/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* LOADERLAB_STATS=1 prints internal counters on exit, for investigating
 * the simulator itself. */
static void print_stats(void) {
  fprintf(stderr, "loaderlab stats: %lu stale breakpoint traps resumed\n", sim_fault_spurious_traps());
}

int main(int argc, char **argv) {
  if (getenv("LOADERLAB_STATS")) atexit(print_stats);
  cli c;
  memset(&c, 0, sizeof c);
  c.argv0 = argv[0];
  if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
      strcmp(argv[1], "-h") == 0) {
    fputs(cli_usage_text, argc < 2 ? stderr : stdout);
    return argc < 2 ? EXIT_USAGE : EXIT_OK;
  }
  c.command = argv[1];
  int r = cli_parse(&c, argc, argv);
  if (r >= 0) return r;
  if (!c.scenario && !c.host) c.scenario = sim_default_scenario;
  if (strcmp(c.command, "list") == 0) return cli_list(&c);
  if (strcmp(c.command, "run") == 0) return cli_run(&c);
  if (strcmp(c.command, "explore") == 0) return cli_explore(&c);
  if (strcmp(c.command, "replay") == 0) return cli_replay(&c);
  return cli_usage_error("unknown command \"%s\"", c.command);
}
