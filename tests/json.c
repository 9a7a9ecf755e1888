/* A strict JSON parser for tests (see json.h). */
#include "json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
  const unsigned char *p, *end;
  char *err;
  size_t err_size;
  int depth;
} parser;

static json *fail(parser *ps, const char *what) {
  if (!ps->err[0]) snprintf(ps->err, ps->err_size, "%s", what);
  return NULL;
}

static void skip_ws(parser *ps) {
  while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) ps->p++;
}

static json *new_value(json_type t) {
  json *j = calloc(1, sizeof *j);
  j->type = t;
  return j;
}

static void put(char **buf, size_t *len, size_t *cap, const void *data, size_t n) {
  if (*len + n + 1 > *cap) {
    *cap = (*len + n + 1) * 2;
    *buf = realloc(*buf, *cap);
  }
  memcpy(*buf + *len, data, n);
  *len += n;
  (*buf)[*len] = '\0';
}

static void put_utf8(char **buf, size_t *len, size_t *cap, uint32_t cp) {
  unsigned char u[4];
  size_t n;
  if (cp < 0x80) u[0] = (unsigned char)cp, n = 1;
  else if (cp < 0x800) u[0] = (unsigned char)(0xC0 | (cp >> 6)), u[1] = (unsigned char)(0x80 | (cp & 0x3F)), n = 2;
  else if (cp < 0x10000)
    u[0] = (unsigned char)(0xE0 | (cp >> 12)), u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)),
    u[2] = (unsigned char)(0x80 | (cp & 0x3F)), n = 3;
  else
    u[0] = (unsigned char)(0xF0 | (cp >> 18)), u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F)),
    u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (unsigned char)(0x80 | (cp & 0x3F)), n = 4;
  put(buf, len, cap, u, n);
}

static int hex4(parser *ps, uint32_t *out) {
  if (ps->end - ps->p < 4) return 0;
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) {
    unsigned char c = ps->p[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= c - '0';
    else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
    else return 0;
  }
  ps->p += 4;
  *out = v;
  return 1;
}

static char *parse_string_raw(parser *ps, size_t *out_len) {
  if (ps->p >= ps->end || *ps->p != '"') return (char *)fail(ps, "expected a string");
  ps->p++;
  char *buf = NULL;
  size_t len = 0, cap = 0;
  put(&buf, &len, &cap, "", 0);
  while (ps->p < ps->end && *ps->p != '"') {
    unsigned char c = *ps->p;
    if (c < 0x20) {
      free(buf);
      return (char *)fail(ps, "a control character inside a string");
    }
    if (c == '\\') {
      ps->p++;
      if (ps->p >= ps->end) break;
      unsigned char e = *ps->p++;
      char simple = e == '"' ? '"' : e == '\\' ? '\\' : e == '/' ? '/' : e == 'b' ? '\b' : e == 'f' ? '\f'
                  : e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : 0;
      if (simple) {
        put(&buf, &len, &cap, &simple, 1);
      } else if (e == 'u') {
        uint32_t cp, lo;
        if (!hex4(ps, &cp)) {
          free(buf);
          return (char *)fail(ps, "a bad \\u escape");
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u') {
            free(buf);
            return (char *)fail(ps, "a lone high surrogate");
          }
          ps->p += 2;
          if (!hex4(ps, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
            free(buf);
            return (char *)fail(ps, "a bad low surrogate");
          }
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          free(buf);
          return (char *)fail(ps, "a lone low surrogate");
        }
        put_utf8(&buf, &len, &cap, cp);
      } else {
        free(buf);
        return (char *)fail(ps, "an unknown escape");
      }
      continue;
    }
    /* Raw UTF-8: validate the sequence. */
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (!n || (size_t)(ps->end - ps->p) < n) {
      free(buf);
      return (char *)fail(ps, "a byte that is not UTF-8");
    }
    uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (size_t i = 1; i < n; i++) {
      if ((ps->p[i] & 0xC0) != 0x80) {
        free(buf);
        return (char *)fail(ps, "a broken UTF-8 sequence");
      }
      cp = (cp << 6) | (ps->p[i] & 0x3Fu);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      free(buf);
      return (char *)fail(ps, "an overlong or invalid UTF-8 sequence");
    }
    put(&buf, &len, &cap, ps->p, n);
    ps->p += n;
  }
  if (ps->p >= ps->end) {
    free(buf);
    return (char *)fail(ps, "an unterminated string");
  }
  ps->p++;
  *out_len = len;
  return buf;
}

static json *parse_value(parser *ps);

static json *parse_number(parser *ps) {
  const unsigned char *s = ps->p;
  if (ps->p < ps->end && *ps->p == '-') ps->p++;
  if (ps->p >= ps->end) return fail(ps, "a bad number");
  if (*ps->p == '0') ps->p++;
  else if (*ps->p >= '1' && *ps->p <= '9') while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
  else return fail(ps, "a bad number");
  if (ps->p < ps->end && *ps->p == '.') {
    ps->p++;
    if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9') return fail(ps, "a bad fraction");
    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
  }
  if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
    ps->p++;
    if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-')) ps->p++;
    if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9') return fail(ps, "a bad exponent");
    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
  }
  char tmp[64];
  size_t n = (size_t)(ps->p - s) < sizeof tmp - 1 ? (size_t)(ps->p - s) : sizeof tmp - 1;
  memcpy(tmp, s, n);
  tmp[n] = '\0';
  json *j = new_value(JSON_NUMBER);
  j->number = strtod(tmp, NULL);
  return j;
}

static bool literal(parser *ps, const char *word) {
  size_t n = strlen(word);
  if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0) return false;
  ps->p += n;
  return true;
}

static void push(json *j, char *key, json *v) {
  j->items = realloc(j->items, (size_t)(j->n + 1) * sizeof *j->items);
  j->items[j->n] = v;
  if (j->type == JSON_OBJECT) {
    j->keys = realloc(j->keys, (size_t)(j->n + 1) * sizeof *j->keys);
    j->keys[j->n] = key;
  }
  j->n++;
}

static json *parse_value(parser *ps) {
  if (++ps->depth > 200) return fail(ps, "nesting too deep");
  skip_ws(ps);
  if (ps->p >= ps->end) return fail(ps, "unexpected end");
  json *j = NULL;
  unsigned char c = *ps->p;
  if (c == '{' || c == '[') {
    bool obj = c == '{';
    ps->p++;
    j = new_value(obj ? JSON_OBJECT : JSON_ARRAY);
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == (obj ? '}' : ']')) {
      ps->p++;
    } else {
      for (;;) {
        char *key = NULL;
        if (obj) {
          skip_ws(ps);
          size_t kl;
          key = parse_string_raw(ps, &kl);
          if (!key) goto bad;
          skip_ws(ps);
          if (ps->p >= ps->end || *ps->p != ':') {
            free(key);
            fail(ps, "expected ':'");
            goto bad;
          }
          ps->p++;
        }
        json *v = parse_value(ps);
        if (!v) {
          free(key);
          goto bad;
        }
        push(j, key, v);
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
          ps->p++;
          continue;
        }
        if (ps->p < ps->end && *ps->p == (obj ? '}' : ']')) {
          ps->p++;
          break;
        }
        fail(ps, obj ? "expected ',' or '}'" : "expected ',' or ']'");
        goto bad;
      }
    }
  } else if (c == '"') {
    j = new_value(JSON_STRING);
    j->string = parse_string_raw(ps, &j->length);
    if (!j->string) goto bad;
  } else if (c == '-' || (c >= '0' && c <= '9')) {
    j = parse_number(ps);
  } else if (literal(ps, "true") || literal(ps, "false")) {
    j = new_value(JSON_BOOL);
    j->boolean = ps->p[-1] == 'e' && ps->p[-2] == 'u';
  } else if (literal(ps, "null")) {
    j = new_value(JSON_NULL);
  } else {
    return fail(ps, "unexpected character");
  }
  ps->depth--;
  return j;
bad:
  json_free(j);
  return NULL;
}

json *json_parse(const char *text, size_t len, char *err, size_t err_size) {
  parser ps = {(const unsigned char *)text, (const unsigned char *)text + len, err, err_size, 0};
  err[0] = '\0';
  const unsigned char *start = ps.p;
  json *j = parse_value(&ps);
  if (j) {
    skip_ws(&ps);
    if (ps.p != ps.end) {
      json_free(j);
      j = NULL;
      snprintf(err, err_size, "text after the document at byte %zu", (size_t)(ps.p - start));
    }
  } else {
    char tail[64];
    snprintf(tail, sizeof tail, " (byte %zu)", (size_t)(ps.p - start));
    strncat(err, tail, err_size - strlen(err) - 1);
  }
  return j;
}

void json_free(json *j) {
  if (!j) return;
  for (int i = 0; i < j->n; i++) {
    json_free(j->items[i]);
    if (j->keys) free(j->keys[i]);
  }
  free(j->items);
  free(j->keys);
  free(j->string);
  free(j);
}

const json *json_get(const json *obj, const char *key) {
  if (!obj || obj->type != JSON_OBJECT) return NULL;
  for (int i = 0; i < obj->n; i++)
    if (strcmp(obj->keys[i], key) == 0) return obj->items[i];
  return NULL;
}

const char *json_get_str(const json *obj, const char *key) {
  const json *v = json_get(obj, key);
  return v && v->type == JSON_STRING ? v->string : NULL;
}
