/* The operating-system calls the simulator makes while programs run, in
 * one table (sim_os in loaderlab.h), as SQLite's VFS keeps its own: the
 * tests put a table in front of it that fails the Nth call, to see the
 * resource-limit verdict a real shortage would give.
 *
 * In the table: mapping and unmapping thread stacks, and changing the
 * protection of stacks' guard pages and of images (unloading, reloading,
 * and making code writable when an image is opened, which falls back to
 * protection if refused).  Left out: reading an image's file and
 * compiling, where a failure is an error message, not a verdict. */
#include "core.h"

#include <sys/mman.h>

static void *os_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  return mmap(addr, len, prot, flags, fd, off);
}

static int os_munmap(void *addr, size_t len) { return munmap(addr, len); }

static int os_mprotect(void *addr, size_t len, int prot) { return mprotect(addr, len, prot); }

static const sim_os real_os = {os_mmap, os_munmap, os_mprotect};

const sim_os *sim__os = &real_os;

const sim_os *sim_os_default(void) { return &real_os; }

void sim_os_use(const sim_os *os) { sim__os = os ? os : &real_os; }
