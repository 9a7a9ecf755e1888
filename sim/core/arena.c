/* Bump allocation in chunks.  One chunk is kept across resets so a typical
 * run allocates with no call into malloc at all. */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_chunk {
  struct arena_chunk *next;
  size_t size, used;
  _Alignas(16) unsigned char data[];
};

enum { CHUNK_MIN = 64 * 1024 };

void *sim__arena_alloc(struct arena *a, size_t size) {
  size = (size + 15) & ~(size_t)15;
  struct arena_chunk *c = a->chunks;
  if (!c || c->size - c->used < size) {
    size_t want = size > CHUNK_MIN ? size : CHUNK_MIN;
    if (c && c->size * 2 > want) want = c->size * 2;
    c = malloc(sizeof *c + want);
    sim_assert(c, "out of memory for the run's arena (%zu bytes)", want);
    c->size = want;
    c->used = 0;
    c->next = a->chunks;
    a->chunks = c;
  }
  void *p = c->data + c->used;
  c->used += size;
  a->used_total += size;
  memset(p, 0, size);
  return p;
}

char *sim__arena_strdup(struct arena *a, const char *s) {
  size_t n = strlen(s) + 1;
  char *p = sim__arena_alloc(a, n);
  memcpy(p, s, n);
  return p;
}

char *sim__arena_vprintf(struct arena *a, const char *fmt, va_list ap) {
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (n < 0) n = 0;
  char *p = sim__arena_alloc(a, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}


void sim__arena_reset(struct arena *a) {
  struct arena_chunk *c = a->chunks;
  if (!c) return;
  /* Keep the newest chunk: chunks double, so it is the biggest, and the
   * next run of the same program fits in it without calling malloc. */
  struct arena_chunk *keep = c;
  for (struct arena_chunk *n = c->next; n;) {
    struct arena_chunk *next = n->next;
    free(n);
    n = next;
  }
  keep->next = NULL;
  keep->used = 0;
  a->chunks = keep;
  a->used_total = 0;
}

void sim__arena_free(struct arena *a) {
  for (struct arena_chunk *c = a->chunks; c;) {
    struct arena_chunk *next = c->next;
    free(c);
    c = next;
  }
  a->chunks = NULL;
  a->used_total = 0;
}
