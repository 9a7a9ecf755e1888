/* The C runtime calls a simulated program makes that the simulator must
 * see.  Programs are linked with --wrap for each of them (program/build.c), so a
 * call to printf in a DLL lands in __wrap_printf here.
 *
 * - Output to stdout and stderr is captured into the run's output, in step
 *   order, and kept apart from the simulator's own report; output to any
 *   other FILE goes to the C library as usual.  Formatting (printf,
 *   snprintf, wprintf and friends) is format.c's, which reads wide strings
 *   as the 16-bit characters the program has and writes them as UTF-8.
 * - malloc and friends go to the tracked heap (kernel/heap.c).
 * - abort and a failed assert end the run with their own verdicts; exit is
 *   ExitProcess after the atexit functions, as the C runtime does it;
 *   _exit ends the process without notifying any DLL.
 * - rand keeps its state per thread, as msvcrt does, so a run stays a pure
 *   function of its schedule.
 *
 * Outside a run (only possible from a DLL constructor) everything goes to
 * the C library unchanged.
 */
#include "api.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


/* Output in a loop is the other common way a program calls into the
 * simulator without a scheduling point: a safe point for the watchdog, and
 * the simulator's own use of the C library (core/fault.c). */
static void output(int stream, const char *data, size_t len) {
  sim_run *r = sim__current_run;
  sig_atomic_t was = sim__simulator_enter();
  sim__watchdog_poll(r->cur, NULL);
  if (len) {
    sim__fp_touch(SIM_RES_OUTPUT, (uint64_t)stream, true);
    strbuf_append(stream == 2 ? &r->result->err : &r->result->out, data, len);
    if (sim__tracing()) sim__trace_output(r->cur, stream, data, len);
  }
  sim__simulator_restore(was);
}

static int stream_of(FILE *f) {
  if (!sim__current_run) return 0;
  if (f == stdout) return 1;
  if (f == stderr) return 2;
  return 0;
}

/* Formats into text (see format.c for why not vsnprintf).  Callers hold
 * sim__simulator_enter: the formatter allocates, and a watchdog interrupt
 * must wait for a safe point instead of jumping out of the middle of
 * malloc. */
static void format_v(struct strbuf *text, const char *fmt, va_list ap, bool wide) {
  va_list copy;
  va_copy(copy, ap);
  if (wide) sim__format_wide(text, (const WCHAR *)fmt, &copy);
  else sim__format(text, fmt, &copy, false);
  va_end(copy);
}

/* Formats into the captured stream. */
static int emit_v(int stream, const char *fmt, va_list ap, bool wide) {
  sig_atomic_t was = sim__simulator_enter();
  struct strbuf text = {0};
  format_v(&text, fmt, ap, wide);
  output(stream, text.data ? text.data : "", text.len);
  int n = (int)text.len;
  strbuf_free(&text);
  sim__simulator_restore(was);
  return n;
}

int __wrap_vfprintf(FILE *f, const char *fmt, va_list ap) {
  int s = stream_of(f);
  if (!s) return vfprintf(f, fmt, ap);
  return emit_v(s, fmt, ap, false);
}

int __wrap_vprintf(const char *fmt, va_list ap) { return __wrap_vfprintf(stdout, fmt, ap); }

int __wrap_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = __wrap_vfprintf(stdout, fmt, ap);
  va_end(ap);
  return n;
}

int __wrap_fprintf(FILE *f, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = __wrap_vfprintf(f, fmt, ap);
  va_end(ap);
  return n;
}

/* ---- Formatting into memory: the same conventions as output ------------------- */

/* Formats into buf (size bytes, SIZE_MAX: unbounded, as sprintf) inside a run. */
static int format_to_buffer(char *buf, size_t size, const char *fmt, va_list ap) {
  sig_atomic_t was = sim__simulator_enter();
  struct strbuf text = {0};
  format_v(&text, fmt, ap, false);
  if (size) {
    size_t n = text.len < size - 1 ? text.len : size - 1;
    if (n) memcpy(buf, text.data, n);
    buf[n] = '\0';
    /* What the step wrote, for partial-order reduction (kernel/footprint.c). */
    sim__fp_memory(buf, n + 1, true);
  }
  int len = (int)text.len;
  strbuf_free(&text);
  sim__simulator_restore(was);
  return len;
}

int __wrap_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) {
  if (!sim__current_run) return vsnprintf(buf, size, fmt, ap);
  return format_to_buffer(buf, size, fmt, ap);
}

int __wrap_snprintf(char *buf, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = __wrap_vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

int __wrap_vsprintf(char *buf, const char *fmt, va_list ap) {
  if (!sim__current_run) return vsprintf(buf, fmt, ap);
  return format_to_buffer(buf, SIZE_MAX, fmt, ap);
}

int __wrap_sprintf(char *buf, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = __wrap_vsprintf(buf, fmt, ap);
  va_end(ap);
  return n;
}

/* ---- Wide-character output ------------------------------------------------------
 * The program's wchar_t is 16 bits (UTF-16), so these never reach the C
 * library, whose wide functions expect 32-bit characters and would also
 * switch the stream to wide orientation, after which narrow output to it
 * fails.  The capture is UTF-8. */

int __wrap_vfwprintf(FILE *f, const WCHAR *fmt, va_list ap) {
  int s = stream_of(f);
  if (!s) {
    /* Not captured (a file): format as for the capture, write bytes. */
    sig_atomic_t was = sim__simulator_enter();
    struct strbuf text = {0};
    format_v(&text, (const char *)fmt, ap, true);
    size_t n = text.len ? fwrite(text.data, 1, text.len, f) : 0;
    strbuf_free(&text);
    sim__simulator_restore(was);
    return (int)n;
  }
  return emit_v(s, (const char *)fmt, ap, true);
}

int __wrap_vwprintf(const WCHAR *fmt, va_list ap) { return __wrap_vfwprintf(stdout, fmt, ap); }

int __wrap_wprintf(const WCHAR *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = __wrap_vfwprintf(stdout, fmt, ap);
  va_end(ap);
  return n;
}

int __wrap_fwprintf(FILE *f, const WCHAR *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = __wrap_vfwprintf(f, fmt, ap);
  va_end(ap);
  return n;
}

/* Writes max UTF-16 units of w (max < 0: up to its 0) as UTF-8. */
static void put_wide(FILE *f, const WCHAR *w, long max) {
  sig_atomic_t was = sim__simulator_enter();
  struct strbuf text = {0};
  sim__utf16_append(&text, w, max);
  int s = stream_of(f);
  if (s) output(s, text.data ? text.data : "", text.len);
  else if (text.len) fwrite(text.data, 1, text.len, f);
  strbuf_free(&text);
  sim__simulator_restore(was);
}

int __wrap_fputws(const WCHAR *w, FILE *f) {
  put_wide(f, w, -1);
  return 1;
}

/* wchar_t arrives promoted to int; the result is the character written. */
unsigned __wrap_fputwc(int c, FILE *f) {
  WCHAR w[2] = {(WCHAR)c, 0};
  if (w[0]) put_wide(f, w, 1);
  else if (stream_of(f)) output(stream_of(f), "", 1);
  else fputc(0, f);
  return (unsigned)(WCHAR)c;
}

unsigned __wrap_putwc(int c, FILE *f) { return __wrap_fputwc(c, f); }
unsigned __wrap_putwchar(int c) { return __wrap_fputwc(c, stdout); }

int __wrap_fputs(const char *s, FILE *f) {
  int st = stream_of(f);
  if (!st) return fputs(s, f);
  output(st, s, strlen(s));
  return 1;
}

int __wrap_puts(const char *s) {
  if (!sim__current_run) return puts(s);
  output(1, s, strlen(s));
  output(1, "\n", 1);
  return 1;
}

int __wrap_fputc(int c, FILE *f) {
  int st = stream_of(f);
  if (!st) return fputc(c, f);
  char ch = (char)c;
  output(st, &ch, 1);
  return (unsigned char)c;
}

int __wrap_putc(int c, FILE *f) { return __wrap_fputc(c, f); }
int __wrap_putchar(int c) { return __wrap_fputc(c, stdout); }

size_t __wrap_fwrite(const void *p, size_t size, size_t n, FILE *f) {
  int st = stream_of(f);
  if (!st) return fwrite(p, size, n, f);
  output(st, p, size * n);
  return n;
}

int __wrap_fflush(FILE *f) {
  if (!f || stream_of(f)) return 0; /* captured output is never buffered */
  return fflush(f);
}

void __wrap_perror(const char *s) {
  if (!sim__current_run) {
    perror(s);
    return;
  }
  const char *msg = strerror(errno);
  if (s && *s) {
    output(2, s, strlen(s));
    output(2, ": ", 2);
  }
  output(2, msg, strlen(msg));
  output(2, "\n", 1);
}

/* ---- Heap ---------------------------------------------------------------------- */

void *__wrap_malloc(size_t n) {
  if (!sim__current_run) return malloc(n);
  return sim__heap_alloc(n, false, __builtin_return_address(0));
}

void *__wrap_calloc(size_t n, size_t size) {
  if (!sim__current_run) return calloc(n, size);
  if (size && n > SIZE_MAX / size) return NULL;
  return sim__heap_alloc(n * size, true, __builtin_return_address(0));
}

void *__wrap_realloc(void *p, size_t n) {
  if (!sim__current_run) return realloc(p, n);
  if (p && n == 0) {
    /* The Windows CRT documents realloc(p, 0) as freeing p and returning
     * NULL; a zero-byte block left behind would show up as a leak. */
    if (!sim__heap_free(p, __builtin_return_address(0)))
      sim__crt_bad_free(p, __builtin_return_address(0), "realloc");
    return NULL;
  }
  void *q = sim__heap_realloc(p, n, __builtin_return_address(0));
  if (!q && p && n) sim__crt_bad_free(p, __builtin_return_address(0), "realloc");
  return q;
}

void __wrap_free(void *p) {
  if (!sim__current_run) {
    free(p);
    return;
  }
  if (!sim__heap_free(p, __builtin_return_address(0)))
    sim__crt_bad_free(p, __builtin_return_address(0), "free");
}

char *__wrap_strdup(const char *s) {
  if (!sim__current_run) return strdup(s);
  size_t n = strlen(s) + 1;
  char *p = sim__heap_alloc(n, false, __builtin_return_address(0));
  if (p) memcpy(p, s, n);
  return p;
}

char *__wrap_strndup(const char *s, size_t max) {
  if (!sim__current_run) return strndup(s, max);
  size_t n = strnlen(s, max);
  char *p = sim__heap_alloc(n + 1, false, __builtin_return_address(0));
  if (p) {
    memcpy(p, s, n);
    p[n] = '\0';
  }
  return p;
}

void sim__crt_bad_free(void *p, void *caller, const char *what) {
  sim_run *r = sim__current_run;
  char where[160];
  if (sim__heap_was_freed(p))
    sim__finish(SIM_VERDICT_CRASH, r->cur,
               "%s of a block that was already freed (double free, at %s): the Windows heap "
               "reports heap corruption, 0xC0000374",
               what, sim__describe_code(caller, where, sizeof where));
  sim__finish(SIM_VERDICT_CRASH, r->cur,
             "%s of %p, which is not a heap block (at %s): the Windows heap reports heap "
             "corruption, 0xC0000374",
             what, p, sim__describe_code(caller, where, sizeof where));
}

/* ---- Ending ---------------------------------------------------------------------- */

void __wrap_abort(void) {
  if (!sim__current_run) abort();
  sim_run *r = sim__current_run;
  char where[160];
  /* abort is noreturn, so the call is often the last instruction of its
   * function and the return address is already the next function's first
   * byte; one byte back is inside the call, in the function that called. */
  sim__finish(SIM_VERDICT_ABORT, r->cur, "abort() was called at %s",
             sim__describe_code((char *)__builtin_return_address(0) - 1, where, sizeof where));
}

void __wrap___assert_fail(const char *expr, const char *file, unsigned line, const char *func) {
  if (!sim__current_run) {
    fprintf(stderr, "%s:%u: %s: Assertion `%s' failed.\n", file, line, func, expr);
    abort();
  }
  const char *base = strrchr(file, '/');
  sim__finish(SIM_VERDICT_ASSERTION, sim__current_run->cur, "Assertion failed: %s, file %s, line %u (in %s)",
             expr, base ? base + 1 : file, line, func);
}

void __wrap_exit(int code) {
  if (!sim__current_run) exit(code);
  sim_thread *t = sim__enter(SIM_API_exit, __builtin_return_address(0), __builtin_frame_address(0));
  if (sim__tracing()) sim__trace(t, SIM_EV_CALL, NULL, "exit(%d)", code);
  sim__run_atexit(t, sim__current_run->program->host);
  sim__process_exit(t, code);
}

void __wrap__exit(int code) {
  if (!sim__current_run) _exit(code);
  sim_run *r = sim__current_run;
  r->result->exited = true;
  r->exit_code = code;
  sim__finish(SIM_VERDICT_OK, r->cur, "_exit(%d): the process ended without notifying its DLLs", code);
}

int __wrap_atexit(void (*fn)(void)) {
  if (!sim__current_run) return atexit(fn);
  sig_atomic_t was = sim__simulator_enter();
  sim__atexit_register(fn, sim__image_of_address(__builtin_return_address(0)));
  sim__simulator_restore(was);
  return 0;
}

/* ---- rand ---------------------------------------------------------------------------- */

int __wrap_rand(void) {
  if (!sim__current_run) return rand();
  sim_thread *t = sim__current_run->cur;
  t->rand_state = t->rand_state * 214013u + 2531011u;
  return (int)((t->rand_state >> 16) & 0x7fff);
}

void __wrap_srand(unsigned seed) {
  if (!sim__current_run) {
    srand(seed);
    return;
  }
  sim__current_run->cur->rand_state = seed;
}
