/* The exit pattern of loaderlab-host: load the DLL, call the export, and end
 * the process with ExitProcess without freeing it.
 *
 * A process exits once, so every cycle is a child process: the host starts
 * itself again with --child-cycle N, the child runs the one cycle and calls
 * ExitProcess(0), and the parent judges the cycle by how the child ended:
 *   - exit code 0: the child got through ExitProcess, "cycle N: ok";
 *   - HOST_EXIT_CRASH: the child's crash guard printed the crash line
 *     (a DLL_PROCESS_DETACH at exit can fault, and the guard still runs);
 *   - any other code: the child ended some other way, reported as a crash
 *     with that status;
 *   - no end, and no CPU time used by the child's main thread, within the
 *     timeout: a hang, typically a DLL_PROCESS_DETACH that waits for a
 *     thread ExitProcess already terminated.  Only the parent can see this
 *     one: ExitProcess terminates every other thread, the child's watchdog
 *     included, before it calls DllMain.
 * A child that cannot be started is tried again (start_child_retrying says
 * why); that is the host's business, not a cycle's verdict.
 *
 * The child inherits the parent's stdout and stderr, so its lines appear in
 * order with the parent's.  A DLL's driver_shutdown is not called here: it
 * comes before a FreeLibrary, and this pattern frees nothing.
 *
 * Left out: arguments containing double quotes (the child's command line
 * quotes each argument and does not escape). */
#include "host.h"

static void append(char *buffer, size_t size, size_t *length, const char *text, BOOL quoted) {
  if (quoted && *length < size - 1) buffer[(*length)++] = '"';
  while (*text && *length < size - 1) buffer[(*length)++] = *text++;
  if (quoted && *length < size - 1) buffer[(*length)++] = '"';
  if (*length < size - 1) buffer[(*length)++] = ' ';
  buffer[*length] = '\0';
}

static void append_number(char *buffer, size_t size, size_t *length, unsigned value) {
  host_line number = {0};
  host_line_unsigned(&number, value);
  append(buffer, size, length, number.text, FALSE);
}

static BOOL start_child(const host_options *options, unsigned cycle, PROCESS_INFORMATION *child) {
  char self[MAX_PATH];
  DWORD self_length = GetModuleFileNameA(NULL, self, sizeof self);
  if (self_length == 0 || self_length == sizeof self) return FALSE;

  char command[3 * MAX_PATH];
  size_t length = 0;
  append(command, sizeof command, &length, self, TRUE);
  append(command, sizeof command, &length, "exit", FALSE);
  append(command, sizeof command, &length, options->dll_path, TRUE);
  append(command, sizeof command, &length, "--export", FALSE);
  append(command, sizeof command, &length, options->export_name, TRUE);
  append(command, sizeof command, &length, "--linger-ms", FALSE);
  append_number(command, sizeof command, &length, options->linger_ms);
  append(command, sizeof command, &length, "--child-cycle", FALSE);
  append_number(command, sizeof command, &length, cycle);

  /* Standard handles reach the child only if they are inheritable and named
   * in STARTUPINFO; a missing stdin (CI) is passed on as missing. */
  STARTUPINFOA startup = {.cb = sizeof startup, .dwFlags = STARTF_USESTDHANDLES};
  startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
  startup.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
  startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
  HANDLE standard[] = {startup.hStdInput, startup.hStdOutput, startup.hStdError};
  for (int i = 0; i < 3; i++)
    if (standard[i] && standard[i] != INVALID_HANDLE_VALUE)
      SetHandleInformation(standard[i], HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
  return CreateProcessA(self, command, NULL, NULL, TRUE, 0, NULL, NULL, &startup, child);
}

/* Starting a process under Wine fails now and then for Wine's own reasons,
 * before any code of the DLL runs: measured once in a `make check` on a
 * loaded machine, CreateProcess gave ERROR_INTERNAL_ERROR (1359) at cycle
 * 110 of 200, which Wine returns when the new process ended before it had
 * finished starting.  That says nothing about the DLL, so a failed start is
 * tried again, after a pause that grows; only when every attempt fails does
 * the run end, as the host's own setup error (exit code 1, "cannot start a
 * child process"), never as a verdict on the DLL. */
enum { START_ATTEMPTS = 5, START_RETRY_PAUSE_MS = 200 };

static BOOL start_child_retrying(const host_options *options, unsigned cycle,
                                 PROCESS_INFORMATION *child) {
  for (unsigned attempt = 1;; attempt++) {
    if (start_child(options, cycle, child)) return TRUE;
    if (attempt == START_ATTEMPTS) return FALSE;
    DWORD error = GetLastError();
    Sleep(START_RETRY_PAUSE_MS * attempt);
    SetLastError(error);
  }
}

int host_run_exit(const host_options *options) {
  for (unsigned cycle = 1; cycle <= options->cycles; cycle++) {
    host_begin_cycle(cycle);
    host_set_stage("starting the child process");
    PROCESS_INFORMATION child;
    if (!start_child_retrying(options, cycle, &child)) {
      DWORD error = GetLastError();
      host_line what = {0};
      host_line_text(&what, "cannot start a child process for the exit pattern in ");
      host_line_unsigned(&what, START_ATTEMPTS);
      host_line_text(&what, " attempts, so the DLL never ran");
      return host_fail_setup(&what, error);
    }
    host_set_child_process(child.hProcess, child.hThread);
    host_set_stage("the child process (load, call, ExitProcess)");
    WaitForSingleObject(child.hProcess, INFINITE);
    DWORD status = 0;
    GetExitCodeProcess(child.hProcess, &status);
    host_set_child_process(NULL, NULL);
    CloseHandle(child.hThread);
    CloseHandle(child.hProcess);

    if (status == HOST_EXIT_OK) {
      host_report_ok(cycle);
    } else if (status == HOST_EXIT_CRASH) {
      host_end_run(NULL, HOST_VERDICT_CRASH);
    } else if (status == HOST_EXIT_SETUP) {
      /* The child printed its error line; the parent adds the summary. */
      return host_fail_setup(NULL, status);
    } else {
      host_line line = {0};
      host_line_cycle(&line);
      host_line_text(&line, "crash ");
      host_line_hex(&line, status, 8);
      host_line_text(&line, " (the child process ended with this status)");
      host_end_run(&line, HOST_VERDICT_CRASH);
    }
  }
  return host_finish();
}

int host_run_exit_child(const host_options *options) {
  host_begin_cycle(options->child_cycle);
  HMODULE module;
  host_export_fn query;
  host_shutdown_fn shutdown; /* not called: nothing is freed, the process ends */
  if (!host_load_dll(options, &module, &query, &shutdown)) return HOST_EXIT_SETUP;
  host_set_stage(options->export_name);
  query("SELECT 1");
  host_linger(options);
  host_set_stage("ExitProcess");
  /* Without FreeLibrary: the DLL sees DLL_PROCESS_DETACH with lpReserved
   * non-NULL, after every other thread of the process is gone. */
  ExitProcess(HOST_EXIT_OK);
}
