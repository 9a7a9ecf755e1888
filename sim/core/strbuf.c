/* Growable strings.  Out of memory is a programmer-visible abort: the
 * simulator cannot report anything sensible without memory. */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reserve(struct strbuf *b, size_t extra) {
  size_t need = b->len + extra + 1;
  if (need <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need) cap *= 2;
  char *p = realloc(b->data, cap);
  sim_assert(p, "out of memory for a string of %zu bytes", cap);
  b->data = p;
  b->cap = cap;
}

void strbuf_append(struct strbuf *b, const char *data, size_t len) {
  reserve(b, len);
  if (len) memcpy(b->data + b->len, data, len);
  b->len += len;
  b->data[b->len] = '\0';
}

void strbuf_puts(struct strbuf *b, const char *s) { strbuf_append(b, s, strlen(s)); }

void strbuf_vprintf(struct strbuf *b, const char *fmt, va_list ap) {
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (n < 0) return;
  reserve(b, (size_t)n);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void strbuf_printf(struct strbuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  strbuf_vprintf(b, fmt, ap);
  va_end(ap);
}

void strbuf_json_string(struct strbuf *b, const char *s) {
  strbuf_append(b, "\"", 1);
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    switch (c) {
    case '"': strbuf_append(b, "\\\"", 2); break;
    case '\\': strbuf_append(b, "\\\\", 2); break;
    case '\n': strbuf_append(b, "\\n", 2); break;
    case '\r': strbuf_append(b, "\\r", 2); break;
    case '\t': strbuf_append(b, "\\t", 2); break;
    default:
      if (c < 0x20) strbuf_printf(b, "\\u%04x", c);
      else strbuf_append(b, (const char *)&c, 1);
    }
  }
  strbuf_append(b, "\"", 1);
}

void strbuf_reset(struct strbuf *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}

void strbuf_free(struct strbuf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

char *strbuf_take(struct strbuf *b) {
  if (!b->data) reserve(b, 0), b->data[0] = '\0';
  char *s = b->data;
  b->data = NULL;
  b->len = b->cap = 0;
  return s;
}

const char *strbuf_str(const struct strbuf *b) { return b->data ? b->data : ""; }
