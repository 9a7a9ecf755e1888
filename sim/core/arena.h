/* A bump allocator for everything that lives exactly as long as one run:
 * kernel objects, thread records, trace strings.  Resetting it is how a run
 * forgets its state, so nothing allocated here may be freed one by one. */
#ifndef SIM_ARENA_H
#define SIM_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;

struct arena {
  struct arena_chunk *chunks;   /* newest first */
  size_t used_total;
};

void *arena_alloc(struct arena *a, size_t size);        /* zeroed, 16-aligned */
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);
/* Forgets every allocation; keeps the first chunk for the next run. */
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

#endif
