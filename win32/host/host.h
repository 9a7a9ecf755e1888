/* Shared declarations of loaderlab-host: its options, its exit codes, the
 * verdict lines it prints, and the small amount of process-wide state that
 * the crash guard and the watchdog read from other threads.
 *
 * Everything the crash guard and the watchdog call must be safe to call from
 * a thread that faulted or while another thread is stuck holding the loader
 * lock: no C runtime stdio, no heap, nothing that loads a DLL.  That is why
 * output goes through host_line and WriteFile rather than printf. */
#ifndef LOADERLAB_HOST_H
#define LOADERLAB_HOST_H

#include <windows.h>

/* Exit codes; the top comment of loaderlab_host.c explains each. */
enum host_exit_code {
  HOST_EXIT_OK = 0,
  HOST_EXIT_SETUP = 1,
  HOST_EXIT_USAGE = 2,
  HOST_EXIT_CRASH = 3,
  HOST_EXIT_HANG = 4,
};

typedef struct host_options {
  const char *pattern;     /* "churn", "rapid", "threads" or "exit" */
  const char *dll_path;    /* as given; LoadLibraryA searches the exe's folder first */
  const char *export_name; /* an int (*)(const char *) export, driver_query by default */
  unsigned cycles;         /* how many cycles to run */
  unsigned timeout_ms;     /* how long one cycle may take before it is a hang */
  unsigned linger_ms;      /* how long the main thread sleeps after its call */
  unsigned child_cycle;    /* exit pattern: in the child process, the one cycle it runs */
} host_options;

/* The export convention of the kit's driver DLLs: a query, and optionally a
 * shutdown that the host calls before it frees the DLL (the protocol of
 * the exercises' hosts, exercises/common/driver_query.h). */
typedef int (*host_export_fn)(const char *sql);
typedef void (*host_shutdown_fn)(void);
#define HOST_SHUTDOWN_EXPORT "driver_shutdown"

/* ---- Output (host_output.c) ----------------------------------------- */

/* A line built without the C runtime, so the crash guard can build one too. */
typedef struct host_line {
  char text[400];
  unsigned length;
} host_line;

void host_line_text(host_line *line, const char *text);
void host_line_unsigned(host_line *line, unsigned long long value);
void host_line_hex(host_line *line, unsigned long long value, unsigned digits_min);

void host_output_init(void);
/* For the exit pattern's child process, whose parent prints the summary. */
void host_output_without_summary(void);
/* Writes the line and a newline to stdout, or to stderr when to_stderr. */
void host_print(const host_line *line, BOOL to_stderr);
/* Prints "cycle N: ok" and counts it. */
void host_report_ok(unsigned cycle);
/* Prints the summary line and returns the exit code for a completed run. */
int host_finish(void);
/* Prints "cycle N: error: <what> (error <code>)" (unless what is NULL: a
 * child process printed it), the summary, and returns HOST_EXIT_SETUP for
 * the caller to exit with. */
int host_fail_setup(const host_line *what, DWORD error);
/* host_fail_setup for a message that is one piece of text. */
int host_fail_setup_text(const char *what, DWORD error);

typedef enum host_verdict { HOST_VERDICT_CRASH, HOST_VERDICT_HANG } host_verdict;
/* Ends the run from any thread: prints the verdict line (if any), counts the
 * verdict, prints the summary, ends the child process of the exit pattern if
 * one is running, and terminates this process with the verdict's exit code.
 * Nothing printed by another thread can follow. */
DECLSPEC_NORETURN void host_end_run(const host_line *line, host_verdict verdict);

/* ---- The run in progress (host_run.c) ------------------------------- */

/* Starts cycle `cycle`: records it for verdict lines and kicks the watchdog. */
void host_begin_cycle(unsigned cycle);
/* Marks the current cycle reported, so a later crash is reported as "after". */
void host_end_cycle(void);
/* Names what the main thread is doing now ("FreeLibrary", ...), for hang lines. */
void host_set_stage(const char *stage);
/* Starts a verdict line: "cycle N: " or "after cycle N: ". */
void host_line_cycle(host_line *line);
const char *host_stage(void);
unsigned host_cycles_begun(void);

/* Remembers where the DLL is mapped, so a crash can say whether the faulting
 * address lies in it.  host_note_freed checks whether it is still mapped. */
void host_note_loaded(HMODULE module, const char *dll_path);
void host_note_freed(void);
/* Appends " (in <dll>, loaded at 0x...)" or similar for a faulting address. */
void host_line_where(host_line *line, ULONG_PTR address);

/* The exit pattern's child process, ended by host_end_run on a hang, and its
 * main thread, whose CPU time the watchdog counts as progress.  Both NULL
 * between children; the caller closes the handles only after clearing them. */
void host_set_child_process(HANDLE process, HANDLE main_thread);
HANDLE host_child_process(void);
/* The CPU time (100 ns units) this process and the current child's main
 * thread have used so far: what the watchdog compares to tell a process
 * that is stuck from one that is merely slow. */
ULONGLONG host_cpu_time_used(void);

/* ---- Crash guard and watchdog (host_guard.c, host_watchdog.c) ------- */

void host_guard_install(void);
/* Starts the watchdog thread; a cycle that makes no progress for timeout_ms
 * (no new cycle, and not a moment of CPU time used) ends the run with a
 * hang verdict. */
BOOL host_watchdog_start(unsigned timeout_ms);
void host_watchdog_kick(void);
void host_watchdog_stop(void);

/* ---- Patterns (host_patterns.c, host_threads.c, host_exit.c) -------- */

/* LoadLibrary and GetProcAddress for one cycle; on failure prints the error
 * line and the summary, and returns FALSE (exit with HOST_EXIT_SETUP).
 * *shutdown is the DLL's driver_shutdown, or NULL when it has none (a DLL
 * need not have one). */
BOOL host_load_dll(const host_options *options, HMODULE *module, host_export_fn *query,
                   host_shutdown_fn *shutdown);
/* Sleeps --linger-ms after the main thread's call, if asked to. */
void host_linger(const host_options *options);
/* The end of a churn or threads cycle: --linger-ms, driver_shutdown when the
 * DLL has one, FreeLibrary, and "cycle N: ok". */
void host_shut_down_and_free(const host_options *options, unsigned cycle, HMODULE module,
                             host_shutdown_fn shutdown);

int host_run_churn(const host_options *options);
int host_run_rapid(const host_options *options);
int host_run_threads(const host_options *options);
int host_run_exit(const host_options *options);
/* One exit cycle, in the child process the exit pattern starts. */
int host_run_exit_child(const host_options *options);

#endif
