/* Stacks for simulated threads: mapped once, kept in a pool and reused by
 * later threads and runs, so creating a thread costs no system call.  Each
 * stack has a guard page below it; overflowing into it faults, and the
 * crash handler reports a stack overflow in that thread. */
#include "core.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

enum { STACK_SIZE = 256 * 1024 };

static struct sim_stack *pool;

struct sim_stack *sim__stack_get(void) {
  struct sim_stack *s = pool;
  if (s) {
    pool = s->next;
    return s;
  }
  size_t guard = (size_t)sysconf(_SC_PAGESIZE);
  void *mem = sim__os->mmap(NULL, STACK_SIZE + guard, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mem == MAP_FAILED) return NULL;
  if (sim__os->mprotect(mem, guard, PROT_NONE) != 0) {
    int why = errno;
    sim__os->munmap(mem, STACK_SIZE + guard);
    errno = why;
    return NULL;
  }
  s = malloc(sizeof *s);
  if (!s) {
    sim__os->munmap(mem, STACK_SIZE + guard);
    errno = ENOMEM;
    return NULL;
  }
  s->guard = mem;
  s->lo = (char *)mem + guard;
  s->size = STACK_SIZE;
  s->next = NULL;
  return s;
}

void sim__stack_put(struct sim_stack *s) {
  s->next = pool;
  pool = s;
}
