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

/* The length of the valid UTF-8 sequence at p (at most n bytes), or 0. */
static size_t utf8_length(const unsigned char *p, size_t n) {
  size_t len;
  uint32_t cp;
  if (p[0] < 0x80) return 1;
  if ((p[0] & 0xE0) == 0xC0) len = 2, cp = p[0] & 0x1F;
  else if ((p[0] & 0xF0) == 0xE0) len = 3, cp = p[0] & 0x0F;
  else if ((p[0] & 0xF8) == 0xF0) len = 4, cp = p[0] & 0x07;
  else return 0;
  if (len > n) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  /* Overlong forms, surrogates and code points past Unicode are not UTF-8. */
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
    return 0;
  return len;
}

void strbuf_json_bytes(struct strbuf *b, const char *data, size_t len) {
  const unsigned char *p = (const unsigned char *)data, *end = p + len;
  strbuf_append(b, "\"", 1);
  while (p < end) {
    unsigned char c = *p;
    switch (c) {
    case '"': strbuf_append(b, "\\\"", 2); p++; continue;
    case '\\': strbuf_append(b, "\\\\", 2); p++; continue;
    case '\n': strbuf_append(b, "\\n", 2); p++; continue;
    case '\r': strbuf_append(b, "\\r", 2); p++; continue;
    case '\t': strbuf_append(b, "\\t", 2); p++; continue;
    default: break;
    }
    if (c < 0x20 || c == 0x7F) {
      strbuf_printf(b, "\\u%04x", c);
      p++;
      continue;
    }
    size_t n = utf8_length(p, (size_t)(end - p));
    if (n == 0) {
      /* A byte that is not UTF-8: the replacement character, so that the
       * document stays valid JSON whatever the program printed. */
      strbuf_append(b, "\\ufffd", 6);
      p++;
      continue;
    }
    strbuf_append(b, (const char *)p, n);
    p += n;
  }
  strbuf_append(b, "\"", 1);
}

void strbuf_json_string(struct strbuf *b, const char *s) { strbuf_json_bytes(b, s ? s : "", s ? strlen(s) : 0); }

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
