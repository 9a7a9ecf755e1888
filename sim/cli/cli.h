/* The loaderlab command line's own interface: what sim/main.c dispatches
 * to, and what the command files share (sim/cli/).
 *
 * The command line sees only the simulator's public interface
 * (loaderlab.h); it turns arguments into a program and options, runs the
 * command, and prints what the student asked for.  Exit status: 0 no bug
 * found, 1 bug found, 2 usage or build error.
 */
#ifndef LOADERLAB_CLI_H
#define LOADERLAB_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "loaderlab.h"

enum { EXIT_OK = 0, EXIT_BUG = 1, EXIT_USAGE = 2 };

typedef struct cli {
  const char *command;
  const char *argv0;
  const char *scenario;
  const char *host;
  const char *dlls[16];
  int n_dlls;
  const char *schedule;
  const char *trace_format;
  const char *output;
  const char *then;
  bool seed_given;
  sim_explore_options ex;
  uint64_t steps_max;
  bool protect_always;
} cli;

extern const char *const cli_usage_text;

/* Prints "loaderlab: MESSAGE" and the usage on stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Parses argv[2..]; returns -1 when the command may go on, or an exit
 * status. */
int cli_parse(cli *c, int argc, char **argv);

/* Loads and builds the program the arguments describe; NULL (with the
 * message printed and *status set) on error. */
sim_program *cli_load_program(cli *c, sim_program_spec *spec, int *status);
/* The per-run options: the scenario's, then the command line's. */
void cli_run_options(const cli *c, const sim_program_spec *spec, sim_options *o);
/* Writes text where -o says (all at once), or to stdout. */
int cli_write_output(const char *path, const struct strbuf *text);
/* The command that replays `schedule` of this program. */
void cli_replay_command(const cli *c, const char *schedule, struct strbuf *b);

int cli_list(cli *c);
int cli_run(cli *c);
int cli_explore(cli *c);
int cli_replay(cli *c);

#endif
