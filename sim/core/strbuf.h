/* A growable byte string, used for output capture, reports and traces. */
#ifndef SIM_STRBUF_H
#define SIM_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
  char *data;    /* NUL-terminated when non-NULL */
  size_t len;
  size_t cap;
};

void strbuf_append(struct strbuf *b, const char *data, size_t len);
void strbuf_puts(struct strbuf *b, const char *s);
void strbuf_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *b, const char *fmt, va_list ap);
/* Appends s as a JSON string literal, quotes included. */
void strbuf_json_string(struct strbuf *b, const char *s);
void strbuf_reset(struct strbuf *b);
void strbuf_free(struct strbuf *b);
/* Returns the contents (never NULL) and leaves b empty; caller frees. */
char *strbuf_take(struct strbuf *b);
/* The contents as a string, "" when empty. */
const char *strbuf_str(const struct strbuf *b);

#endif
