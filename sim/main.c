/* The loaderlab command line (the contract README.md states under "The
 * command line", which tests, lessons and graders rely on):
 *
 *   loaderlab list
 *   loaderlab run     [SCENARIO] [--host F.c] [--dll NAME.dll=F.c | --dll F.c] [--seed N]
 *   loaderlab explore [SCENARIO] [...] [--strategy random|pct|dfs] [--schedules N]
 *                     [--preemption-bound K] [--depth D] [--seed N] [--jobs J]
 *                     [--time-limit S] [--all]
 *                     [--reduction on|off] [--complete] [--shard I/N] [--report text|json]
 *   loaderlab replay  [SCENARIO] --schedule S [...] [--trace text|json] [-o FILE]
 *                     [--then random|pct|dfs]
 *   loaderlab merge   RESULT.json... [--report text|json]   (docs/scale.md)
 *   loaderlab hint    EXERCISE [N]
 *   loaderlab grade   EXERCISE SUBMISSION.c|DIR/ [...]   (sim/grade/grade.h)
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
#include "grade.h"
#include "hint.h"

/* LOADERLAB_STATS=1 prints internal counters on exit, for investigating
 * the simulator itself. */
static void print_stats(void) {
  fprintf(stderr, "loaderlab stats: %lu stale breakpoint traps resumed\n", sim_fault_spurious_traps());
}

static int unknown_command(const char *name) {
  const char *words[16];
  int n = 0;
  for (int i = 0; i < cli_n_commands && n < 15; i++) words[n++] = cli_commands[i].name;
  words[n++] = "merge";
  /* Dispatched before the command table, so listed here by hand. */
  static const char *const others[] = {"hint", "grade", "autograder"};
  for (size_t i = 0; i < sizeof others / sizeof others[0] && n < 16; i++) words[n++] = others[i];
  const char *guess = cli_did_you_mean(name, words, n);
  if (guess) return cli_usage_error(NULL, "unknown command \"%s\" (did you mean %s?)", name, guess);
  return cli_usage_error(NULL, "unknown command \"%s\": the commands are list, run, explore, "
                         "replay, merge, hint, grade, autograder and help", name);
}

int main(int argc, char **argv) {
  if (getenv("LOADERLAB_STATS")) atexit(print_stats);
  cli c;
  memset(&c, 0, sizeof c);
  c.argv0 = argv[0];
  if (argc < 2) {
    struct strbuf out = {0};
    cli_help_overview(&out);
    fputs(strbuf_str(&out), stderr);
    strbuf_free(&out);
    return EXIT_USAGE;
  }
  const char *command = argv[1];
  if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0) command = "help";
  /* Commands with a parser of their own are dispatched here, before the
   * table's. */
  if (strcmp(command, "hint") == 0)
    return loaderlab_hint(LOADERLAB_SOURCE_DIR "/exercises", argc - 2, argv + 2, stdout, stderr);
  if (strcmp(command, "merge") == 0) return cli_merge(argc, argv);
  if (grade_cli_handles(command)) return grade_cli_main(argc, argv);
  c.cmd = cli_command_named(command);
  if (!c.cmd) return unknown_command(command);
  int r = cli_parse(&c, argc, argv);
  if (r >= 0) return r;
  if (c.given[OPT_HELP]) {
    struct strbuf out = {0};
    cli_help_command(c.cmd, &out);
    fputs(strbuf_str(&out), stdout);
    strbuf_free(&out);
    return EXIT_OK;
  }
  return c.cmd->run(&c);
}
