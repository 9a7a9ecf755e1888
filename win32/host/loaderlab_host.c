/* loaderlab-host: loads a DLL and drives it through a loading pattern many
 * times against the real Windows loader (or Wine's), reporting one verdict
 * line per cycle and a summary.
 *
 *   loaderlab-host <pattern> <dll> [--cycles N] [--timeout-ms T] [--export NAME]
 *                  [--linger-ms L]
 *
 * Patterns (host_patterns.c, host_threads.c, host_exit.c say exactly what a
 * cycle does):
 *   churn    LoadLibrary, call the export, FreeLibrary; repeat (a connection pool)
 *   rapid    churn with work in flight: a second thread holds its own reference
 *            and calls the export while the first thread frees the DLL
 *   threads  churn with a thread starting and exiting (DLL_THREAD_ATTACH and
 *            _DETACH) while the main thread calls the export again and again
 *   exit     load, call the export, ExitProcess without freeing (one child
 *            process per cycle)
 *
 * The export is `int NAME(const char *sql)`, driver_query by default.  When
 * the DLL also exports `void driver_shutdown(void)`, churn, rapid and
 * threads call it once per cycle, after the last query and before the
 * FreeLibrary that unloads the DLL (the protocol of the exercises' hosts,
 * exercises/common/driver_query.h); exit does not, as it frees nothing.
 *
 * --cycles defaults to 10; --timeout-ms (default 10000) is how long one
 * cycle may go without progress (no new cycle, and no CPU time used by the
 * process or, in exit, by the child's main thread) before it is a hang; a
 * cycle that is slow on a busy machine still uses CPU time, so it is never
 * called one (host_watchdog.c).  --linger-ms (default
 * 0) makes the main thread sleep that long after its call, before the
 * shutdown, FreeLibrary or ExitProcess: time for the threads the DLL
 * started to get going, as a program that uses the DLL for a while gives
 * them.
 *
 * Output, on stdout, one line per cycle and a summary:
 *   cycle 1: ok
 *   cycle 2: crash 0xC0000005 at 0x25B7713B5 (execute 0x25B7713B5, in ...)
 *   cycles: 2 ok: 1 crash: 1 hang: 0
 * A crash (in any thread: the host's or one the DLL started) or a hang ends
 * the run at once: the process state after either is not worth continuing
 * with.  "after cycle N: crash ..." is a crash that struck once cycle N had
 * reported ok, before the next cycle began.
 *
 * Exit codes:
 *   0  every cycle was ok
 *   1  setup failed: the DLL did not load, lacks the export, or a thread or
 *      child process could not be started (the line says which)
 *   2  bad arguments (a message on stderr)
 *   3  a cycle crashed
 *   4  a cycle hung
 * Under Wine a process that dies of an access violation the host could not
 * report exits with 5 (the low byte of 0xC0000005); Windows gives 0xC0000005.
 *
 * Left out: DLLs with other export signatures, and loading more than one
 * DLL.  Internal option: --child-cycle N makes the exit pattern run just
 * cycle N in this process (the parent starts its children that way). */
#include "host.h"

#include <stdlib.h>
#include <string.h>

static void print_error(const char *first, const char *second) {
  host_line line = {0};
  host_line_text(&line, "loaderlab-host: ");
  host_line_text(&line, first);
  host_line_text(&line, second);
  host_print(&line, TRUE);
}

static int usage(const char *problem, const char *detail) {
  if (problem) print_error(problem, detail);
  static const char *const lines[] = {
      "usage: loaderlab-host <pattern> <dll> [--cycles N] [--timeout-ms T] [--export NAME]",
      "                      [--linger-ms L]",
      "  churn    LoadLibrary, call the export, FreeLibrary; repeat",
      "  rapid    churn with a second thread calling the export while the DLL is freed",
      "  threads  churn with a thread starting and exiting while the export is called again and again",
      "  exit     load, call the export, ExitProcess without freeing (a child process per cycle)",
      "The export is int NAME(const char *sql), driver_query by default.",
      "A DLL that also exports void driver_shutdown(void) gets it called before each unload",
      "  (not in exit).  --linger-ms: sleep after the call, before freeing or exiting.",
      "Exit codes: 0 all cycles ok, 1 setup failed, 2 bad arguments, 3 crash, 4 hang.",
  };
  for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
    host_line line = {0};
    host_line_text(&line, lines[i]);
    host_print(&line, problem != NULL);
  }
  return problem ? HOST_EXIT_USAGE : HOST_EXIT_OK;
}

/* A whole decimal number in [minimum, maximum], or FALSE. */
static BOOL parse_count(const char *text, unsigned minimum, unsigned maximum, unsigned *value) {
  if (!text || *text < '0' || *text > '9') return FALSE;
  char *end;
  unsigned long parsed = strtoul(text, &end, 10);
  if (*end || parsed < minimum || parsed > maximum) return FALSE;
  *value = (unsigned)parsed;
  return TRUE;
}

/* Returns -1 when the options are good, else the exit code to end with. */
static int parse_options(int argc, char **argv, host_options *options) {
  *options = (host_options){.export_name = "driver_query", .cycles = 10, .timeout_ms = 10000};
  if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) return usage(NULL, NULL);
  if (argc < 3) return usage("expected a pattern and a DLL", "");
  options->pattern = argv[1];
  options->dll_path = argv[2];
  if (strcmp(options->pattern, "churn") && strcmp(options->pattern, "rapid") &&
      strcmp(options->pattern, "threads") && strcmp(options->pattern, "exit"))
    return usage("unknown pattern: ", options->pattern);
  if (!*options->dll_path || options->dll_path[0] == '-') return usage("expected a DLL, got: ", options->dll_path);
  for (int i = 3; i < argc; i++) {
    const char *name = argv[i];
    const char *value = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(name, "--cycles")) {
      if (!parse_count(value, 1, 100000000, &options->cycles))
        return usage("--cycles needs a whole number from 1 to 100000000", "");
    } else if (!strcmp(name, "--timeout-ms")) {
      if (!parse_count(value, 1, 86400000, &options->timeout_ms))
        return usage("--timeout-ms needs a whole number of milliseconds from 1 to 86400000", "");
    } else if (!strcmp(name, "--linger-ms")) {
      if (!parse_count(value, 0, 86400000, &options->linger_ms))
        return usage("--linger-ms needs a whole number of milliseconds from 0 to 86400000", "");
    } else if (!strcmp(name, "--export")) {
      if (!value || !*value) return usage("--export needs the name of an exported function", "");
      options->export_name = value;
    } else if (!strcmp(name, "--child-cycle")) {
      if (!parse_count(value, 1, 100000000, &options->child_cycle))
        return usage("--child-cycle needs a cycle number", "");
    } else {
      return usage("unknown option: ", name);
    }
    i++;
  }
  if (options->child_cycle && strcmp(options->pattern, "exit"))
    return usage("--child-cycle belongs to the exit pattern", "");
  return -1;
}

int main(int argc, char **argv) {
  host_output_init();
  host_options options;
  int early_exit = parse_options(argc, argv, &options);
  if (early_exit >= 0) return early_exit;

  host_guard_install();
  if (options.child_cycle) {
    /* The exit pattern's child: its parent prints the summary and watches
     * for hangs (ExitProcess would take a watchdog thread away anyway). */
    host_output_without_summary();
    return host_run_exit_child(&options);
  }
  if (!host_watchdog_start(options.timeout_ms)) {
    print_error("cannot start the watchdog thread", "");
    return HOST_EXIT_SETUP;
  }
  if (!strcmp(options.pattern, "churn")) return host_run_churn(&options);
  if (!strcmp(options.pattern, "rapid")) return host_run_rapid(&options);
  if (!strcmp(options.pattern, "threads")) return host_run_threads(&options);
  return host_run_exit(&options);
}
