/* The crash guard: turns a fault in any thread of the host process (the
 * host's own, or one the DLL started) into one clean verdict line,
 *
 *   cycle 7: crash 0xC0000005 at 0x25B7713B5 (execute 0x25B7713B5, in
 *   unmapped memory where driver.dll was loaded at 0x25B770000)
 *
 * followed by the summary, and ends the process with HOST_EXIT_CRASH.
 *
 * A vectored handler sees the fault first, on the faulting thread, before
 * any frame-based handler and before the stack is unwound.  That matters
 * here: a thread that returned into an unloaded DLL has a stack the unwinder
 * cannot walk, and without the handler Windows (or Wine) would print its own
 * report and, under Wine, start winedbg.  The unhandled-exception filter
 * catches what the vectored handler lets through (exceptions raised on
 * purpose with RaiseException that nobody handles).
 *
 * Left out: DLLs that rely on structured exception handling.  The vectored
 * handler treats every first-chance access violation as fatal, which is
 * right for the kit's plain C DLLs and would misjudge a DLL that catches its
 * own faults with __try/__except. */
#include "host.h"

static BOOL is_fatal(DWORD code) {
  switch (code) {
  case EXCEPTION_ACCESS_VIOLATION:
  case EXCEPTION_IN_PAGE_ERROR:
  case EXCEPTION_ILLEGAL_INSTRUCTION:
  case EXCEPTION_PRIV_INSTRUCTION:
  case EXCEPTION_STACK_OVERFLOW:
  case EXCEPTION_INT_DIVIDE_BY_ZERO:
  case EXCEPTION_DATATYPE_MISALIGNMENT:
    return TRUE;
  default:
    return FALSE;
  }
}

static const char *access_kind(ULONG_PTR kind) {
  switch (kind) {
  case 0: return "read ";
  case 1: return "write ";
  case 8: return "execute ";
  default: return "access ";
  }
}

DECLSPEC_NORETURN static void end_with_crash(const EXCEPTION_RECORD *record) {
  host_line line = {0};
  host_line_cycle(&line);
  host_line_text(&line, "crash ");
  host_line_hex(&line, record->ExceptionCode, 8);
  host_line_text(&line, " at ");
  host_line_hex(&line, (ULONG_PTR)record->ExceptionAddress, 1);
  if ((record->ExceptionCode == EXCEPTION_ACCESS_VIOLATION ||
       record->ExceptionCode == EXCEPTION_IN_PAGE_ERROR) &&
      record->NumberParameters >= 2) {
    /* For an access violation the record says what the instruction tried to
     * do (read, write or execute) and to which address. */
    host_line_text(&line, " (");
    host_line_text(&line, access_kind(record->ExceptionInformation[0]));
    host_line_hex(&line, record->ExceptionInformation[1], 1);
    host_line_where(&line, record->ExceptionInformation[1]);
    host_line_text(&line, ")");
  } else {
    host_line_where(&line, (ULONG_PTR)record->ExceptionAddress);
  }
  host_end_run(&line, HOST_VERDICT_CRASH);
}

static LONG CALLBACK crash_vectored_handler(EXCEPTION_POINTERS *info) {
  if (!is_fatal(info->ExceptionRecord->ExceptionCode)) return EXCEPTION_CONTINUE_SEARCH;
  end_with_crash(info->ExceptionRecord);
}

static LONG WINAPI crash_unhandled_filter(EXCEPTION_POINTERS *info) {
  end_with_crash(info->ExceptionRecord);
}

void host_guard_install(void) {
  /* First in the chain, so no other vectored handler runs before it. */
  AddVectoredExceptionHandler(1, crash_vectored_handler);
  SetUnhandledExceptionFilter(crash_unhandled_filter);
  /* No "program has stopped working" dialog if all else fails. */
  SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
}
