/* A strict JSON reader (see json_check.h). */
#include "json_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
  const char *p, *end;
  char *err;
  size_t err_size;
  bool failed;
} parser;

static void fail(parser *ps, const char *what) {
  if (!ps->failed) snprintf(ps->err, ps->err_size, "%s at byte %ld", what, (long)(ps->end - ps->p));
  ps->failed = true;
}

static void ws(parser *ps) {
  while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) ps->p++;
}

static jval *make(jtype t) {
  jval *v = calloc(1, sizeof *v);
  if (!v) abort();
  v->t = t;
  return v;
}

static void append(char **buf, size_t *len, size_t *cap, const char *s, size_t n) {
  if (*len + n + 1 > *cap) {
    *cap = (*len + n + 1) * 2;
    *buf = realloc(*buf, *cap);
    if (!*buf) abort();
  }
  memcpy(*buf + *len, s, n);
  *len += n;
  (*buf)[*len] = '\0';
}

static int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static void put_utf8(char **buf, size_t *len, size_t *cap, unsigned cp) {
  char u[4];
  size_t n;
  if (cp < 0x80) u[0] = (char)cp, n = 1;
  else if (cp < 0x800) u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
  else if (cp < 0x10000)
    u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
  else
    u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
  append(buf, len, cap, u, n);
}

/* Length of a valid UTF-8 sequence at p, or 0. */
static size_t utf8(const unsigned char *p, size_t n) {
  unsigned c = p[0];
  size_t len;
  unsigned min, cp;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) len = 2, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF) len = 3, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4) len = 4, min = 0x10000;
  else return 0;
  if (n < len) return 0;
  cp = c & (0x7F >> len);
  for (size_t i = 1; i < len; i++) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

static char *string(parser *ps) {
  if (ps->p >= ps->end || *ps->p != '"') {
    fail(ps, "expected a string");
    return NULL;
  }
  ps->p++;
  char *buf = NULL;
  size_t len = 0, cap = 0;
  append(&buf, &len, &cap, "", 0);
  while (ps->p < ps->end && *ps->p != '"') {
    unsigned char c = (unsigned char)*ps->p;
    if (c < 0x20) {
      fail(ps, "a raw control character in a string");
      free(buf);
      return NULL;
    }
    if (c == '\\') {
      ps->p++;
      if (ps->p >= ps->end) break;
      char e = *ps->p++;
      switch (e) {
      case '"': append(&buf, &len, &cap, "\"", 1); break;
      case '\\': append(&buf, &len, &cap, "\\", 1); break;
      case '/': append(&buf, &len, &cap, "/", 1); break;
      case 'b': append(&buf, &len, &cap, "\b", 1); break;
      case 'f': append(&buf, &len, &cap, "\f", 1); break;
      case 'n': append(&buf, &len, &cap, "\n", 1); break;
      case 'r': append(&buf, &len, &cap, "\r", 1); break;
      case 't': append(&buf, &len, &cap, "\t", 1); break;
      case 'u': {
        unsigned cp = 0;
        for (int i = 0; i < 4; i++) {
          int h = ps->p < ps->end ? hex(*ps->p++) : -1;
          if (h < 0) {
            fail(ps, "a bad \\u escape");
            free(buf);
            return NULL;
          }
          cp = cp * 16 + (unsigned)h;
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
          fail(ps, "a surrogate \\u escape (the grader never writes one)");
          free(buf);
          return NULL;
        }
        put_utf8(&buf, &len, &cap, cp);
        break;
      }
      default:
        fail(ps, "a bad escape");
        free(buf);
        return NULL;
      }
      continue;
    }
    size_t n = utf8((const unsigned char *)ps->p, (size_t)(ps->end - ps->p));
    if (!n) {
      fail(ps, "invalid UTF-8 in a string");
      free(buf);
      return NULL;
    }
    append(&buf, &len, &cap, ps->p, n);
    ps->p += n;
  }
  if (ps->p >= ps->end) {
    fail(ps, "an unterminated string");
    free(buf);
    return NULL;
  }
  ps->p++;
  return buf;
}

static jval *value(parser *ps, int depth);

static jval *number(parser *ps) {
  const char *start = ps->p;
  if (ps->p < ps->end && *ps->p == '-') ps->p++;
  if (ps->p < ps->end && *ps->p == '0') ps->p++;
  else if (ps->p < ps->end && *ps->p >= '1' && *ps->p <= '9')
    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
  else {
    fail(ps, "a bad number");
    return NULL;
  }
  if (ps->p < ps->end && *ps->p == '.') {
    ps->p++;
    if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9') {
      fail(ps, "a bad fraction");
      return NULL;
    }
    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
  }
  if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
    ps->p++;
    if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-')) ps->p++;
    if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9') {
      fail(ps, "a bad exponent");
      return NULL;
    }
    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
  }
  char tmp[64];
  size_t n = (size_t)(ps->p - start);
  if (n >= sizeof tmp) n = sizeof tmp - 1;
  memcpy(tmp, start, n);
  tmp[n] = '\0';
  jval *v = make(J_NUM);
  v->n = strtod(tmp, NULL);
  return v;
}

static void add_item(jval *v, char *key, jval *item) {
  v->items = realloc(v->items, (size_t)(v->n_items + 1) * sizeof *v->items);
  if (!v->items) abort();
  if (v->t == J_OBJ) {
    v->keys = realloc(v->keys, (size_t)(v->n_items + 1) * sizeof *v->keys);
    if (!v->keys) abort();
    v->keys[v->n_items] = key;
  }
  v->items[v->n_items++] = item;
}

static bool literal(parser *ps, const char *word) {
  size_t n = strlen(word);
  if ((size_t)(ps->end - ps->p) >= n && memcmp(ps->p, word, n) == 0) {
    ps->p += n;
    return true;
  }
  return false;
}

static jval *value(parser *ps, int depth) {
  if (depth > 64) {
    fail(ps, "nested too deeply");
    return NULL;
  }
  ws(ps);
  if (ps->p >= ps->end) {
    fail(ps, "expected a value");
    return NULL;
  }
  char c = *ps->p;
  if (c == '{' || c == '[') {
    bool obj = c == '{';
    jval *v = make(obj ? J_OBJ : J_ARR);
    ps->p++;
    ws(ps);
    if (ps->p < ps->end && *ps->p == (obj ? '}' : ']')) {
      ps->p++;
      return v;
    }
    for (;;) {
      char *key = NULL;
      if (obj) {
        ws(ps);
        key = string(ps);
        if (!key) break;
        for (int i = 0; i < v->n_items; i++)
          if (strcmp(v->keys[i], key) == 0) fail(ps, "a duplicate key");
        ws(ps);
        if (ps->p >= ps->end || *ps->p != ':') {
          fail(ps, "expected ':'");
          free(key);
          break;
        }
        ps->p++;
      }
      jval *item = value(ps, depth + 1);
      if (!item) {
        free(key);
        break;
      }
      add_item(v, key, item);
      ws(ps);
      if (ps->p < ps->end && *ps->p == ',') {
        ps->p++;
        continue;
      }
      if (ps->p < ps->end && *ps->p == (obj ? '}' : ']')) {
        ps->p++;
        return v;
      }
      fail(ps, obj ? "expected ',' or '}'" : "expected ',' or ']'");
      break;
    }
    json_free(v);
    return NULL;
  }
  if (c == '"') {
    char *s = string(ps);
    if (!s) return NULL;
    jval *v = make(J_STR);
    v->s = s;
    return v;
  }
  if (literal(ps, "true") || literal(ps, "false")) {
    jval *v = make(J_BOOL);
    v->b = ps->p[-1] == 'e' && ps->p[-2] == 'u';
    return v;
  }
  if (literal(ps, "null")) return make(J_NULL);
  return number(ps);
}

jval *json_parse(const char *text, size_t len, char *err, size_t err_size) {
  parser ps = {text, text + len, err, err_size, false};
  jval *v = value(&ps, 0);
  if (v && !ps.failed) {
    ws(&ps);
    if (ps.p != ps.end) fail(&ps, "something after the document");
  }
  if (ps.failed) {
    json_free(v);
    return NULL;
  }
  return v;
}

const jval *json_get(const jval *obj, const char *key) {
  if (!obj || obj->t != J_OBJ) return NULL;
  for (int i = 0; i < obj->n_items; i++)
    if (strcmp(obj->keys[i], key) == 0) return obj->items[i];
  return NULL;
}

void json_free(jval *v) {
  if (!v) return;
  for (int i = 0; i < v->n_items; i++) {
    json_free(v->items[i]);
    if (v->keys) free(v->keys[i]);
  }
  free(v->items);
  free(v->keys);
  free(v->s);
  free(v);
}

bool json_keys_within(const jval *obj, const char *const *allowed, const char **unknown) {
  for (int i = 0; obj && obj->t == J_OBJ && i < obj->n_items; i++) {
    bool ok = false;
    for (const char *const *a = allowed; *a; a++)
      if (strcmp(*a, obj->keys[i]) == 0) ok = true;
    if (!ok) {
      if (unknown) *unknown = obj->keys[i];
      return false;
    }
  }
  return true;
}
