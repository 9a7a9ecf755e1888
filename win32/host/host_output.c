/* loaderlab-host's output: verdict lines, the summary line, and the counts
 * behind it.
 *
 * Lines are formatted by hand into a fixed buffer and written with one
 * WriteFile each, unbuffered, under one lock.  Unbuffered, because the run
 * may end at any moment with TerminateProcess and nothing buffered would be
 * flushed; by hand, because the crash guard formats its line on a thread
 * that just faulted, possibly while the faulting code held a C runtime lock.
 * Lines end in "\n" only: WriteFile does no text-mode translation, so unlike
 * printf output under Wine there is no CR to strip.
 *
 * Left out: wide characters (a DLL path is printed as the bytes given). */
#include "host.h"

static CRITICAL_SECTION output_lock;
static BOOL summary_enabled = TRUE;
static volatile LONG cycles_ok;
static volatile LONG cycles_crashed;
static volatile LONG cycles_hung;

void host_line_text(host_line *line, const char *text) {
  while (*text && line->length < sizeof line->text - 1) line->text[line->length++] = *text++;
  line->text[line->length] = '\0';
}

void host_line_unsigned(host_line *line, unsigned long long value) {
  char digits[24];
  unsigned count = 0;
  do {
    digits[count++] = (char)('0' + value % 10);
    value /= 10;
  } while (value);
  char text[24];
  for (unsigned i = 0; i < count; i++) text[i] = digits[count - 1 - i];
  text[count] = '\0';
  host_line_text(line, text);
}

/* Prints "0x" and at least digits_min upper-case hex digits, the way
 * Windows prints NTSTATUS codes (0xC0000005) and addresses. */
void host_line_hex(host_line *line, unsigned long long value, unsigned digits_min) {
  char digits[17];
  unsigned count = 0;
  do {
    digits[count++] = "0123456789ABCDEF"[value & 15];
    value >>= 4;
  } while (value || count < digits_min);
  char text[20] = "0x";
  for (unsigned i = 0; i < count; i++) text[2 + i] = digits[count - 1 - i];
  text[2 + count] = '\0';
  host_line_text(line, text);
}

void host_output_init(void) { InitializeCriticalSection(&output_lock); }

void host_output_without_summary(void) { summary_enabled = FALSE; }

static void write_line(const host_line *line, BOOL to_stderr) {
  HANDLE out = GetStdHandle(to_stderr ? STD_ERROR_HANDLE : STD_OUTPUT_HANDLE);
  char text[sizeof line->text + 1];
  unsigned length = 0;
  for (; length < line->length; length++) text[length] = line->text[length];
  text[length++] = '\n';
  DWORD written;
  WriteFile(out, text, length, &written, NULL);
}

void host_print(const host_line *line, BOOL to_stderr) {
  EnterCriticalSection(&output_lock);
  write_line(line, to_stderr);
  LeaveCriticalSection(&output_lock);
}

static void write_summary(void) {
  if (!summary_enabled) return;
  host_line line = {0};
  host_line_text(&line, "cycles: ");
  host_line_unsigned(&line, host_cycles_begun());
  host_line_text(&line, " ok: ");
  host_line_unsigned(&line, (unsigned long long)cycles_ok);
  host_line_text(&line, " crash: ");
  host_line_unsigned(&line, (unsigned long long)cycles_crashed);
  host_line_text(&line, " hang: ");
  host_line_unsigned(&line, (unsigned long long)cycles_hung);
  write_line(&line, FALSE);
}

void host_report_ok(unsigned cycle) {
  host_line line = {0};
  host_line_text(&line, "cycle ");
  host_line_unsigned(&line, cycle);
  host_line_text(&line, ": ok");
  /* Counted and marked done under the lock, so a crash reported by another
   * thread sees either both or neither. */
  EnterCriticalSection(&output_lock);
  write_line(&line, FALSE);
  InterlockedIncrement(&cycles_ok);
  host_end_cycle();
  LeaveCriticalSection(&output_lock);
}

/* Reached only when every cycle was ok: a crash or a hang ends the process
 * in host_end_run, and a setup failure returns through host_fail_setup. */
int host_finish(void) {
  host_watchdog_stop();
  EnterCriticalSection(&output_lock);
  write_summary();
  LeaveCriticalSection(&output_lock);
  return HOST_EXIT_OK;
}

int host_fail_setup(const host_line *what, DWORD error) {
  host_watchdog_stop();
  host_line line = {0};
  if (what) {
    host_line_cycle(&line);
    host_line_text(&line, "error: ");
    host_line_text(&line, what->text);
    host_line_text(&line, " (error ");
    host_line_unsigned(&line, error);
    host_line_text(&line, ")");
  }
  EnterCriticalSection(&output_lock);
  if (what) write_line(&line, FALSE);
  write_summary();
  LeaveCriticalSection(&output_lock);
  return HOST_EXIT_SETUP;
}

int host_fail_setup_text(const char *what, DWORD error) {
  host_line line = {0};
  host_line_text(&line, what);
  return host_fail_setup(&line, error);
}

DECLSPEC_NORETURN void host_end_run(const host_line *line, host_verdict verdict) {
  /* Entered and never left: whichever thread ends the run first is the only
   * one that prints from here on.  A second faulting thread waits here until
   * TerminateProcess takes it away. */
  EnterCriticalSection(&output_lock);
  if (line) write_line(line, FALSE);
  InterlockedIncrement(verdict == HOST_VERDICT_CRASH ? &cycles_crashed : &cycles_hung);
  write_summary();
  HANDLE child = host_child_process();
  if (child) TerminateProcess(child, HOST_EXIT_HANG);
  TerminateProcess(GetCurrentProcess(), verdict == HOST_VERDICT_CRASH ? HOST_EXIT_CRASH : HOST_EXIT_HANG);
  /* TerminateProcess on the current process does not return. */
  for (;;) Sleep(INFINITE);
}
