/* The text that passes between the grader and its workers.
 *
 * A task (parent to worker, on the worker's stdin) is lines of
 * "KEY VALUE".  A record (worker to parent, on GRADE_RESULT_FD) is
 *
 *     LLGR1 NONCE
 *     KEY LEN
 *     LEN bytes
 *     ...
 *     end
 *
 * The nonce is fresh for every worker and known only to the parent and
 * that worker, so a submission that writes something of its own on the
 * descriptor (a fake passing result, say) produces a stream that does not
 * parse: the scenario fails.  The parser accepts exactly one record and
 * nothing around it.  What the nonce cannot stop is native code that
 * reads it out of the worker's memory; docs/grading.md says so.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grade_internal.h"

void grade_record_begin(struct strbuf *b, const char *nonce) {
  strbuf_printf(b, "LLGR1 %s\n", nonce);
}

void grade_record_add(struct strbuf *b, const char *key, const char *value) {
  size_t n = value ? strlen(value) : 0;
  strbuf_printf(b, "%s %zu\n", key, n);
  if (n) strbuf_append(b, value, n);
  strbuf_puts(b, "\n");
}

void grade_record_addf(struct strbuf *b, const char *key, const char *fmt, ...) {
  struct strbuf v = {0};
  va_list ap;
  va_start(ap, fmt);
  strbuf_vprintf(&v, fmt, ap);
  va_end(ap);
  grade_record_add(b, key, strbuf_str(&v));
  strbuf_free(&v);
}

void grade_record_end(struct strbuf *b) { strbuf_puts(b, "end\n"); }

static void add_field(grade_record *r, const char *key, size_t key_len, const char *value,
                      size_t len) {
  if (r->n == r->cap) {
    r->cap = r->cap ? r->cap * 2 : 16;
    r->fields = realloc(r->fields, (size_t)r->cap * sizeof r->fields[0]);
    if (!r->fields) abort();
  }
  grade_field *f = &r->fields[r->n++];
  f->key = strndup(key, key_len);
  f->value = malloc(len + 1);
  if (!f->key || !f->value) abort();
  memcpy(f->value, value, len);
  f->value[len] = '\0';
  f->len = len;
}

static bool valid_key(const char *k, size_t n) {
  if (n == 0 || n > 64) return false;
  for (size_t i = 0; i < n; i++)
    if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') || k[i] == '-')) return false;
  return true;
}

bool grade_record_parse(const char *data, size_t len, const char *nonce, grade_record *r,
                        struct strbuf *why) {
  memset(r, 0, sizeof *r);
  const char *p = data, *end = data + len;
  char head[64];
  int hn = snprintf(head, sizeof head, "LLGR1 %s\n", nonce);
  if (len < (size_t)hn || memcmp(p, head, (size_t)hn) != 0) {
    strbuf_puts(why, len ? "the channel did not start with the worker's record" : "nothing was reported");
    return false;
  }
  p += hn;
  for (;;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) break;
    if (nl - p == 3 && memcmp(p, "end", 3) == 0) {
      if (nl + 1 != end) {
        strbuf_puts(why, "something followed the worker's record");
        break;
      }
      return true;
    }
    const char *sp = memchr(p, ' ', (size_t)(nl - p));
    if (!sp || !valid_key(p, (size_t)(sp - p))) break;
    char *num_end;
    errno = 0;
    unsigned long long n = strtoull(sp + 1, &num_end, 10);
    if (errno || num_end != nl || sp[1] == '-' || n > (unsigned long long)(end - nl)) break;
    const char *value = nl + 1;
    if ((size_t)(end - value) < n + 1 || value[n] != '\n') break;
    add_field(r, p, (size_t)(sp - p), value, (size_t)n);
    p = value + n + 1;
  }
  if (!why->len) strbuf_puts(why, "the worker's record is cut short or malformed");
  grade_record_free(r);
  return false;
}

const char *grade_record_get(const grade_record *r, const char *key) {
  for (int i = 0; i < r->n; i++)
    if (strcmp(r->fields[i].key, key) == 0) return r->fields[i].value;
  return NULL;
}

void grade_record_free(grade_record *r) {
  for (int i = 0; i < r->n; i++) {
    free(r->fields[i].key);
    free(r->fields[i].value);
  }
  free(r->fields);
  memset(r, 0, sizeof *r);
}

bool grade_write_all(int fd, const char *data, size_t len) {
  while (len) {
    ssize_t n = write(fd, data, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    len -= (size_t)n;
  }
  return true;
}

/* ---- Tasks ------------------------------------------------------------------------- */

bool grade_task_parse(const char *text, grade_task *t, struct strbuf *err) {
  memset(t, 0, sizeof *t);
  const char *p = text;
  while (*p) {
    const char *nl = strchr(p, '\n');
    if (!nl) {
      strbuf_puts(err, "task: the last line has no newline");
      grade_record_free(t);
      return false;
    }
    const char *sp = memchr(p, ' ', (size_t)(nl - p));
    const char *key_end = sp ? sp : nl;
    if (!valid_key(p, (size_t)(key_end - p))) {
      strbuf_printf(err, "task: bad line \"%.*s\"", (int)(nl - p), p);
      grade_record_free(t);
      return false;
    }
    const char *v = sp ? sp + 1 : nl;
    add_field(t, p, (size_t)(key_end - p), v, (size_t)(nl - v));
    p = nl + 1;
  }
  return true;
}

bool grade_task_add(struct strbuf *b, const char *key, const char *value) {
  if (strchr(value, '\n')) return false;
  strbuf_printf(b, "%s %s\n", key, value);
  return true;
}
