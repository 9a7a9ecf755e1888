/* The commands (cli_commands) and every help text: `loaderlab --help`,
 * `loaderlab COMMAND --help`, and `loaderlab help --markdown`, which is
 * docs/cli.md (a test checks that the file is this output).  The texts
 * come from the command table here, the option table in options.c and the
 * manifest keywords in the simulator (sim_manifest_keywords), so the help,
 * the manual and the parser cannot drift apart.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "grade.h"

static const char scenario_text[] =
    "SCENARIO is sample/NAME (built in), EXERCISE/SCENARIO (under exercises/), or a folder "
    "with a scenario.txt; `loaderlab list` shows the named ones. Without a scenario or "
    "--host, the built-in sample/driver-unload runs: a driver DLL unloaded while its worker "
    "threads wait on a completion port.";

static const char exit_text[] =
    "0 no bug found, 1 bug found, 2 usage or build error (the message says what was wrong "
    "and what to type instead).";

const cli_command cli_commands[] = {
    {"list", CLI_LIST, "", "show the scenarios loaderlab knows by name",
     "Lists every built-in sample and every exercise scenario with its description. A "
     "scenario whose scenario.txt cannot be read is listed too, with the error, so that a "
     "broken one does not silently disappear.",
     "One line per scenario on the standard output. Exit status 0, or 2 when some scenario "
     "is broken.",
     "loaderlab list  # what can I run?\n",
     cli_list},
    {"run", CLI_RUN, "[SCENARIO] [options]", "run a program once, as it would run alone",
     "Builds the program and runs it once under the default schedule (each thread runs until "
     "it blocks, then the lowest-numbered ready thread goes on), or under a random schedule "
     "with --seed. The program's own output goes to the standard output and standard error "
     "exactly as it wrote it.",
     "loaderlab's report goes to the standard error: the verdict, warnings, what was left at "
     "process end, and the replay command that shows every step of this very run (printed "
     "for every run, a correct one too).",
     "loaderlab run  # the motivating race, default schedule\n"
     "loaderlab run --host prog.c --dll helper.dll=helper.c  # an ad-hoc program\n"
     "loaderlab run sample/driver-unload --seed 7  # one random schedule\n",
     cli_run},
    {"explore", CLI_EXPLORE, "[SCENARIO] [options]", "search many schedules for a bug",
     "Runs the program under many schedules until it finds a bug or runs out of budget. A "
     "bug found is shortened (fewer preemptions, fewer choices) and shown with its verdict, "
     "its trace and the command that replays it. When a run ends with a thread parked in a "
     "DLL that was unloaded, the search goes on looking for the schedule in which that "
     "thread wakes and crashes, and reports the most severe verdict it found, with how many "
     "schedules ended in each verdict.\n\n"
     "On a terminal, a search that lasts more than a second shows a progress line on the "
     "standard error; Ctrl-C stops it and prints what was found so far.",
     "The report goes to the standard output. Exit status 0 when no bug was found, 1 when "
     "one was, 130 when Ctrl-C stopped a search that had found none.",
     "loaderlab explore  # find the motivating race\n"
     "loaderlab explore --strategy dfs --preemption-bound 1  # every schedule with <= 1 preemption\n"
     "loaderlab explore sample/driver-unload --all --schedules 2000  # count verdicts\n",
     cli_explore},
    {"replay", CLI_REPLAY, "[SCENARIO] --schedule S [options]", "replay one schedule, step by step",
     "Runs the program under a schedule that run or explore printed and shows every step: "
     "which thread ran, the call it made and its result, where it blocked and on what, the "
     "loader lock, module loads and unloads, and the verdict. A schedule records only the "
     "choices that differ from the default, with a hash of the whole run, so a replay of an "
     "edited program names the first step that no longer fits.",
     "The trace goes to the standard output or to -o FILE. Exit status 1 when the replayed "
     "run has a bug, 0 when it has none, 2 when the schedule does not fit the program.",
     "loaderlab replay --schedule 1.72.e800d006.72t4a76r  # the trace of a run\n"
     "loaderlab replay --schedule 1.72.e800d006.72t4a76r --trace html -o race.html  # the viewer\n"
     "loaderlab replay --schedule 1.72.e800d006.72t4a76r --trace chrome -o race.json  # for Perfetto\n",
     cli_replay},
    {"help", CLI_HELP, "[COMMAND] [--markdown]", "show the help of loaderlab or of one command",
     "Without a command, the overview; with one, that command's help (the same as "
     "`loaderlab COMMAND --help`); with --markdown, the whole manual as Markdown.",
     "The help on the standard output; exit status 0.", "loaderlab help replay\n", cli_help},
};
const int cli_n_commands = sizeof cli_commands / sizeof cli_commands[0];

/* Appends text wrapped at `width` columns, each line indented by `indent`
 * spaces; a blank line in text ("\n\n") is kept as a paragraph break. */
static void wrap(struct strbuf *out, const char *text, int indent, int width) {
  const char *p = text;
  while (*p) {
    int col = 0;
    bool first = true;
    while (*p && !(p[0] == '\n' && p[1] == '\n')) {
      while (*p == ' ' || *p == '\n') p++;
      size_t w = strcspn(p, " \n");
      if (!w) break;
      if (!first && col + 1 + (int)w > width - indent) {
        strbuf_puts(out, "\n");
        col = 0;
        first = true;
      }
      if (first) strbuf_printf(out, "%*s", indent, "");
      else strbuf_puts(out, " "), col++;
      strbuf_append(out, p, w);
      col += (int)w;
      first = false;
      p += w;
    }
    strbuf_puts(out, "\n");
    if (*p) {
      strbuf_puts(out, "\n");
      p += 2;
    }
  }
}

static void option_heading(const cli_option *o, struct strbuf *out) {
  if (o->alias) strbuf_printf(out, "%s, ", o->alias);
  strbuf_puts(out, o->name);
  if (o->value) strbuf_printf(out, " %s", o->value);
}

void cli_help_overview(struct strbuf *out) {
  strbuf_puts(out, "loaderlab: a deterministic simulator of the bugs of Windows DLLs that own\n"
                   "threads, locks or completion ports and are loaded, unloaded or torn down at\n"
                   "process exit.\n\nusage:\n");
  for (int i = 0; i < cli_n_commands; i++) {
    const cli_command *c = &cli_commands[i];
    char head[80];
    snprintf(head, sizeof head, "loaderlab %s %s", c->name, c->synopsis);
    if (strlen(head) > 44) strbuf_printf(out, "  %s\n  %-44s %s\n", head, "", c->summary);
    else strbuf_printf(out, "  %-44s %s\n", head, c->summary);
  }
  strbuf_printf(out, "  %s\n  %-44s %s\n", "loaderlab merge RESULT.json... [--report text|json]", "",
                "combine the results of a sharded explore (docs/scale.md)");
  strbuf_printf(out, "  %-46s %s\n", "loaderlab hint EXERCISE [N]",
                "print an exercise's hint N (the first by default)");
  strbuf_puts(out, "\n");
  strbuf_puts(out, grade_usage_text);
  strbuf_puts(out, "\n");
  wrap(out, scenario_text, 0, 78);
  strbuf_puts(out, "\n");
  struct strbuf status = {0};
  strbuf_printf(&status, "exit status: %s", exit_text);
  wrap(out, strbuf_str(&status), 0, 78);
  strbuf_free(&status);
  strbuf_puts(out, "\n`loaderlab COMMAND --help` lists a command's options; docs/cli.md is the\n"
                   "whole manual.\n");
}

void cli_help_command(const cli_command *cmd, struct strbuf *out) {
  strbuf_printf(out, "usage: loaderlab %s %s\n\n", cmd->name, cmd->synopsis);
  wrap(out, cmd->description, 0, 78);
  bool any = false;
  for (int i = 0; i < OPT_COUNT; i++) {
    const cli_option *o = &cli_options[i];
    if (!(o->commands & cmd->bit)) continue;
    if (!any) strbuf_puts(out, "\noptions:\n");
    any = true;
    strbuf_puts(out, "  ");
    option_heading(o, out);
    strbuf_puts(out, "\n");
    wrap(out, o->help, 6, 78);
  }
  if (cmd->bit & (CLI_RUN | CLI_EXPLORE | CLI_REPLAY)) {
    strbuf_puts(out, "\n");
    wrap(out, scenario_text, 0, 78);
  }
  strbuf_puts(out, "\noutput:\n");
  wrap(out, cmd->output, 2, 78);
  strbuf_puts(out, "\nexamples:\n");
  for (const char *p = cmd->examples; *p;) {
    size_t n = strcspn(p, "\n");
    strbuf_printf(out, "  %.*s\n", (int)n, p);
    p += n + (p[n] == '\n');
  }
}

static void markdown_examples(const char *examples, struct strbuf *out) {
  strbuf_puts(out, "```sh\n");
  strbuf_puts(out, examples);
  strbuf_puts(out, "```\n");
}

void cli_help_markdown(struct strbuf *out) {
  strbuf_puts(out,
              "<!-- Generated by `loaderlab help --markdown` from the tables in sim/cli/ and "
              "sim/program/program.c; do not edit.\n     Regenerate with "
              "`build/default/sim/loaderlab help --markdown > docs/cli.md` "
              "(test_cli checks that they agree). -->\n"
              "# The loaderlab command line\n\n");
  for (int i = 0; i < cli_n_commands; i++) {
    const cli_command *c = &cli_commands[i];
    strbuf_printf(out, "- [`loaderlab %s`](#loaderlab-%s): %s\n", c->name, c->name, c->summary);
  }
  strbuf_printf(out, "\n%s\n\nExit status: %s\n", scenario_text, exit_text);
  for (int i = 0; i < cli_n_commands; i++) {
    const cli_command *c = &cli_commands[i];
    strbuf_printf(out, "\n## loaderlab %s\n\n```\nloaderlab %s %s\n```\n\n", c->name, c->name, c->synopsis);
    for (const char *p = c->description; *p;) {
      const char *brk = strstr(p, "\n\n");
      size_t n = brk ? (size_t)(brk - p) : strlen(p);
      strbuf_printf(out, "%.*s\n\n", (int)n, p);
      p += n + (brk ? 2 : 0);
    }
    bool any = false;
    for (int k = 0; k < OPT_COUNT; k++) {
      const cli_option *o = &cli_options[k];
      if (!(o->commands & c->bit)) continue;
      if (!any) strbuf_puts(out, "| option | meaning |\n| --- | --- |\n");
      any = true;
      strbuf_puts(out, "| `");
      option_heading(o, out);
      strbuf_puts(out, "` | ");
      for (const char *h = o->help; *h; h++) {
        if (*h == '|') strbuf_puts(out, "\\|");
        else strbuf_append(out, h, 1);
      }
      strbuf_puts(out, " |\n");
    }
    if (any) strbuf_puts(out, "\n");
    strbuf_printf(out, "Output: %s\n\n", c->output);
    markdown_examples(c->examples, out);
  }
  strbuf_puts(out, "\n## scenario.txt\n\nA scenario is a folder with a `scenario.txt`: one keyword "
                   "per line, then its words; `#` starts a comment; paths are relative to the "
                   "folder.\n\n| keyword | meaning |\n| --- | --- |\n");
  for (int i = 0; i < sim_manifest_n_keywords; i++) {
    const sim_manifest_keyword *k = &sim_manifest_keywords[i];
    strbuf_printf(out, "| `%s` | %s%s |\n", k->syntax, k->meaning,
                  k->for_tests ? " (Read by the test suite, not by loaderlab.)" : "");
  }
  strbuf_puts(out, "\n## Environment\n\n"
                   "| variable | meaning |\n| --- | --- |\n"
                   "| `LOADERLAB_CACHE_DIR` | where built programs are cached (default "
                   "`~/.cache/loaderlab`) |\n"
                   "| `CC` | the C compiler that builds simulated programs (default `cc`) |\n"
                   "| `NO_COLOR` | when set (to anything), no colour even on a terminal |\n"
                   "| `LOADERLAB_STATS` | when set, internal counters of the simulator on exit |\n");
}

int cli_help(cli *c) {
  struct strbuf out = {0};
  if (c->given[OPT_MARKDOWN]) {
    cli_help_markdown(&out);
  } else if (c->help_topic) {
    const cli_command *cmd = cli_command_named(c->help_topic);
    if (!cmd) {
      strbuf_free(&out);
      return cli_usage_error(c, "help %s: no such command (the commands are list, run, explore, "
                             "replay and help)", c->help_topic);
    }
    cli_help_command(cmd, &out);
  } else {
    cli_help_overview(&out);
  }
  fwrite(out.data, 1, out.len, stdout);
  strbuf_free(&out);
  return EXIT_OK;
}
