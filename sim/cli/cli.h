/* The loaderlab command line's own interface: what sim/main.c dispatches
 * to, and what the command files share (sim/cli/).
 *
 * The command line sees only the simulator's public interface
 * (loaderlab.h); it turns arguments into a program and options, runs the
 * command, and prints what the student asked for.  Exit status: 0 no bug
 * found, 1 bug found, 2 usage or build error.
 *
 * One table describes every command (help.c) and one every option
 * (options.c): parsing, `--help`, and docs/cli.md all come from them, so
 * they cannot disagree.  A new command adds a row to cli_commands and a
 * dispatch line in sim/main.c; a new option adds a row to cli_options.
 */
#ifndef LOADERLAB_CLI_H
#define LOADERLAB_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "loaderlab.h"

enum { EXIT_OK = 0, EXIT_BUG = 1, EXIT_USAGE = 2, EXIT_INTERRUPTED = 130 };

/* The commands, as bits, so an option can say where it applies. */
enum {
  CLI_LIST = 1 << 0,
  CLI_RUN = 1 << 1,
  CLI_EXPLORE = 1 << 2,
  CLI_REPLAY = 1 << 3,
  CLI_HELP = 1 << 4,
};

/* Every option, by id. */
typedef enum cli_option_id {
  OPT_HOST,
  OPT_DLL,
  OPT_STEPS_MAX,
  OPT_PROTECT,
  OPT_EXIT_CODE,
  OPT_SEED,
  OPT_STRATEGY,
  OPT_SCHEDULES,
  OPT_PREEMPTION_BOUND,
  OPT_DEPTH,
  OPT_JOBS,
  OPT_TIME_LIMIT,
  OPT_ALL,
  OPT_REDUCTION,
  OPT_STATE_CACHE,
  OPT_COMPLETE,
  OPT_SHARD,
  OPT_REPORT,
  OPT_SCHEDULE,
  OPT_TRACE,
  OPT_OUTPUT,
  OPT_THEN,
  OPT_FULL,
  OPT_COLOR,
  OPT_MARKDOWN,
  OPT_HELP,
  OPT_COUNT
} cli_option_id;

typedef struct cli_option {
  cli_option_id id;
  const char *name;               /* "--seed" */
  const char *alias;              /* "-o", or NULL */
  const char *value;              /* what follows it ("N"), or NULL for a flag */
  unsigned commands;              /* CLI_* bits where it applies */
  bool repeatable;
  bool changes_run;               /* the replay command must carry it */
  const char *help;               /* sentences for --help and docs/cli.md */
} cli_option;

extern const cli_option cli_options[OPT_COUNT];

typedef struct cli cli;

typedef struct cli_command {
  const char *name;
  unsigned bit;
  const char *synopsis;           /* after "loaderlab NAME " */
  const char *summary;            /* one line */
  const char *description;        /* paragraphs, blank-line separated */
  const char *output;             /* what it prints and its exit status */
  const char *examples;           /* lines: "COMMAND  # what it does" */
  int (*run)(cli *c);
} cli_command;

extern const cli_command cli_commands[];
extern const int cli_n_commands;

struct cli {
  const cli_command *cmd;
  const char *argv0;
  const char *scenario;           /* as given, or NULL */
  bool default_scenario;          /* none given: the built-in one runs */
  const char *host;
  const char *dlls[16];
  int n_dlls;
  const char *schedule;
  const char *trace_format;
  const char *output;
  const char *then;
  const char *color;              /* auto, always, never */
  const char *help_topic;         /* help COMMAND */
  const char *given[OPT_COUNT];   /* each option's value as typed ("" for flags), or NULL */
  sim_explore_options ex;
  uint64_t steps_max;
  bool protect_always;
  bool exit_code_any;
  int exit_code;                  /* expected, when given */
  bool full;
  bool report_json;               /* explore: --report json */
};

/* Prints "loaderlab: MESSAGE" and a pointer to the help on stderr;
 * returns EXIT_USAGE. */
int cli_usage_error(const cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parses argv[2..] for c->cmd; returns -1 when the command may go on, or
 * an exit status. */
int cli_parse(cli *c, int argc, char **argv);
/* The command named `name`, or NULL. */
const cli_command *cli_command_named(const char *name);
/* The closest of `words` to `typed`, if it is close enough to be a typo. */
const char *cli_did_you_mean(const char *typed, const char *const *words, int n);

/* Help texts (help.c). */
void cli_help_overview(struct strbuf *out);
void cli_help_command(const cli_command *cmd, struct strbuf *out);
void cli_help_markdown(struct strbuf *out);
int cli_help(cli *c);

/* Loads and builds the program the arguments describe; NULL (with the
 * message printed and *status set) on error. */
sim_program *cli_load_program(cli *c, sim_program_spec *spec, int *status);
/* The per-run options: the scenario's, then the command line's. */
void cli_run_options(const cli *c, const sim_program_spec *spec, sim_options *o);
/* Writes text where -o says (all at once), or to stdout. */
int cli_write_output(const char *path, const struct strbuf *text);
/* The command that replays `schedule` of this program, shell-quoted. */
void cli_replay_command(const cli *c, const char *schedule, struct strbuf *b);
/* The arguments that name the program and its run options (" SCENARIO
 * --host F.c --dll ..."), shell-quoted, as replay needs them. */
void cli_program_args(const cli *c, struct strbuf *b);
/* Appends s quoted for a POSIX shell when it needs quoting. */
void cli_shell_quote(struct strbuf *b, const char *s);
/* After a run: notes on stderr for --dll files the run never loaded. */
void cli_check_dlls_loaded(const cli *c, const sim_program *p, const sim_result *res);
/* "1 step", "2 steps". */
const char *cli_plural(uint64_t n, const char *one, const char *many);

/* The line a search that found no bug ends with: its certificate, or its
 * figures (cmd_explore.c; merge prints it too). */
void cli_no_bug_line(const sim_explore_options *o, const sim_explore_result *r, struct strbuf *out);

int cli_list(cli *c);
int cli_run(cli *c);
int cli_explore(cli *c);
int cli_replay(cli *c);
/* loaderlab merge RESULT.json... [--report text|json]: its own parser. */
int cli_merge(int argc, char **argv);

#endif
