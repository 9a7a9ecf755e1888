/* Stacks for simulated threads: mapped on demand, kept in a pool and reused
 * by later threads and runs of the same size, so creating a thread mostly
 * costs no system call.  A thread's stack has the size Windows would
 * reserve for it (the caller works that out), and a guard region below it;
 * running into the guard faults, and the crash handler reports a stack
 * overflow in that thread.  The memory is reserved, not committed
 * (MAP_NORESERVE): a thread pays only for the pages it touches, so
 * thousands of 1 MiB stacks are cheap.  A stack that is reused keeps what
 * its last thread left in it, as a thread's uninitialised locals hold
 * whatever is there on Windows too; a program sees it only through
 * undefined behaviour.
 *
 * The guard is 64 KiB rather than a page because compilers on Linux do not
 * probe large frames as Windows compilers do (__chkstk): a frame of a few
 * kilobytes must still land in the guard, not in whatever lies below. */
#include "core.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

enum { GUARD_SIZE = 64 * 1024 };

static struct sim_stack *pool;

struct sim_stack *sim__stack_get(size_t size) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size = (size + page - 1) & ~(page - 1);
  /* The oldest stack of the size, not the one put back last: which stack
   * a new thread gets then depends only on which stacks the live threads
   * use, not on the order in which earlier threads ended nor on how many
   * stacks earlier runs needed, so that two runs that differ only in that
   * reach the same state (explore/state_cache.c). */
  struct sim_stack **best = NULL;
  for (struct sim_stack **p = &pool; *p; p = &(*p)->next)
    if ((*p)->size == size && (!best || (*p)->serial < (*best)->serial)) best = p;
  if (best) {
    struct sim_stack *s = *best;
    *best = s->next;
    s->next = NULL;
    return s;
  }
  void *mem = sim__os->mmap(NULL, size + GUARD_SIZE, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mem == MAP_FAILED) return NULL;
  if (sim__os->mprotect(mem, GUARD_SIZE, PROT_NONE) != 0) {
    int why = errno;
    sim__os->munmap(mem, size + GUARD_SIZE);
    errno = why;
    return NULL;
  }
  struct sim_stack *s = malloc(sizeof *s);
  if (!s) {
    sim__os->munmap(mem, size + GUARD_SIZE);
    errno = ENOMEM;
    return NULL;
  }
  static unsigned long made;
  s->serial = ++made;
  s->guard = mem;
  s->guard_size = GUARD_SIZE;
  s->lo = (char *)mem + GUARD_SIZE;
  s->size = size;
  s->next = NULL;
  s->used_low = UINTPTR_MAX; /* fresh from mmap: zeros */
  return s;
}

void sim__stack_put(struct sim_stack *s) {
  s->next = pool;
  pool = s;
}
