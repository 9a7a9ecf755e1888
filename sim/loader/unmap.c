/* Unmapping an unloaded DLL so that a stale access faults for real, at
 * the cost of as few system calls as keeps the verdicts exact.
 *
 * What exact means: under `--protect always` (SIM_PROTECT_ALWAYS) the
 * whole image of an unloaded DLL is made PROT_NONE, so every later access
 * to it faults, and the fault is reported as an access violation naming
 * the module.  The default policy (SIM_PROTECT_SCAN) must end every run
 * with the same verdict at the same step, while paying for protection
 * (one mprotect to take the pages away and one per segment to give them
 * back, several microseconds each here) only when something could touch
 * the image.
 *
 * A simulated program can reach an image only through a pointer it holds,
 * and it can hold one only where this scan looks: the stacks of its
 * threads above their current call (programs are compiled at -O0, so a
 * pointer kept across a call lives in the caller's frame), the static data
 * of the host and of every loaded DLL, the heap, and what the simulator
 * keeps on the program's behalf (thread routines and parameters, TLS
 * values, the locks a thread holds or waits for, completion keys and
 * OVERLAPPED pointers of queued packets and pending I/O, bytes in transit
 * in a pipe).  Each word found is sorted into one of three cases:
 *
 * - Nothing points into the image: nothing can touch it, and unloading
 *   costs no system call (the common case: a DLL that stopped its threads).
 * - Only code pointers (return addresses, function pointers): C can only
 *   call through them, so filling the pages they point into with breakpoint
 *   instructions (a memory write) makes every call, jump or return into the
 *   module trap at its first instruction there.  No other code of the
 *   module can run without first running one of those pages.  (A return
 *   into the module is caught even earlier, at the end of the call, by
 *   sim__check_return.)
 * - Any data pointer: from one pointer into its data, pointer arithmetic
 *   reaches every byte of the image (the next page of a large array, a
 *   neighbouring variable, a table walked in a loop), so the whole image
 *   is protected, as `--protect always` does.  That is one mprotect for the
 *   span (the gaps between segments are already PROT_NONE), and one per
 *   segment at the next load: about what protecting only the pages the
 *   pointers point into cost, and that design missed the array read one
 *   page further on.
 *
 * Left out: a pointer the program hides (xor-ed, split in halves, written
 * to a file, stored at an unaligned address of a packed structure) is not
 * seen, and a read of a poisoned code page through a function pointer
 * converted to a data pointer (which ISO C does not define) reads
 * breakpoints instead of faulting; `--protect always` catches both.
 */
#include "loader.h"

#include <string.h>

/* What the scan found for one image. */
typedef struct reach {
  const sim_image *im;
  uintptr_t lo, hi;               /* the image's span */
  bool data;                      /* some word points at something other than an instruction */
  bool code_overflow;             /* more code pages than SIM_POISONED_PAGES_MAX */
  uintptr_t code_pages[SIM_POISONED_PAGES_MAX];
  int n_code_pages;
} reach;

static void note_word(void *ctx, uintptr_t w) {
  reach *s = ctx;
  if (w < s->lo || w >= s->hi || s->data) return;
  if (!sim__image_is_code(s->im, w)) {
    s->data = true;
    return;
  }
  uintptr_t page = w & ~(uintptr_t)4095;
  for (int i = 0; i < s->n_code_pages; i++)
    if (s->code_pages[i] == page) return;
  if (s->n_code_pages == SIM_POISONED_PAGES_MAX) {
    s->code_overflow = true;
    return;
  }
  s->code_pages[s->n_code_pages++] = page;
}

/* A conservative scan reads whole stack frames, including the redzones
 * ASan puts between the simulator's own locals; they are not bugs here. */
__attribute__((no_sanitize_address)) static void scan_range(reach *s, const void *lo, const void *hi) {
  const uintptr_t *p = (const uintptr_t *)(((uintptr_t)lo + 7) & ~(uintptr_t)7);
  const uintptr_t *end = (const uintptr_t *)((uintptr_t)hi & ~(uintptr_t)7);
  for (; p < end && !s->data; p++)
    if (*p >= s->lo && *p < s->hi) note_word(s, *p);
}

/* The static data of an image, segment by segment (the pages between
 * segments are not mapped readable). */
static void scan_data(reach *s, const sim_image *im) {
  for (int i = 0; i < im->n_segs && !s->data; i++)
    if (im->segs[i].data) scan_range(s, (void *)im->segs[i].start, (void *)im->segs[i].end);
}

static void scan(const sim_image *im, reach *s) {
  sim_run *r = sim__current_run;
  memset(s, 0, sizeof *s);
  s->im = im;
  s->lo = im->lo;
  s->hi = im->hi;
  /* Each thread's stack is scanned from the frame of the simulated call it
   * is in: below that lie only the simulator's own frames, whose locals
   * (this scan's among them) say nothing about what the program can reach. */
  for (int i = 0; i < r->n_threads && !s->data; i++) {
    sim_thread *t = r->threads[i];
    if (t->state == SIM_T_EXITED) continue;
    note_word(s, (uintptr_t)t->start);
    note_word(s, (uintptr_t)t->param);
    scan_range(s, t->tls, t->tls + TLS_MINIMUM_AVAILABLE);
    if (t->tls_expansion) scan_range(s, t->tls_expansion, t->tls_expansion + SIM_TLS_EXPANSION_SLOTS);
    for (int k = 0; k < t->n_held; k++) note_word(s, (uintptr_t)t->held[k].lock);
    if (t->state == SIM_T_BLOCKED) note_word(s, (uintptr_t)t->wait.lock);
    if (!t->stack) continue;
    const char *top = (const char *)t->stack->lo + t->stack->size;
    const char *sp = t->user_sp;
    if (!sp || sp < (const char *)t->stack->lo || sp > top) continue;
    scan_range(s, sp, top);
  }
  scan_data(s, r->program->host);
  for (int i = 0; i < r->loader->n_modules && !s->data; i++) {
    sim_image *other = r->loader->modules[i].dll->image;
    if (other == im || r->loader->modules[i].state != SIM_MOD_LOADED) continue;
    scan_data(s, other);
  }
  if (!s->data) sim__heap_scan(im->lo, im->hi, note_word, s);
  if (!s->data) sim__ports_scan(im->lo, im->hi, note_word, s);
}

void sim__unmap(sim_thread *t, sim_module *m) {
  sim_run *r = sim__current_run;
  sim_image *im = m->dll->image;
  sim_assert(m->state == SIM_MOD_UNLOADED, "unmapping %s, which is loaded", m->dll->name);
  sim_assert(!im->is_protected && im->n_poisoned == 0,
             "%s is unmapped twice without a load in between", m->dll->name);
  bool whole = r->opt.protect == SIM_PROTECT_ALWAYS;
  if (!whole) {
    static reach s; /* large; one unload at a time */
    scan(im, &s);
    whole = s.data || s.code_overflow;
    for (int i = 0; i < s.n_code_pages && !whole; i++)
      whole = !sim__image_poison_code_page(im, s.code_pages[i]);
  }
  if (!whole) return;
  sim__image_heal_code(im); /* protection covers what was poisoned */
  if (!sim__image_protect(im))
    sim__finish(SIM_VERDICT_LIMIT, t, "cannot protect the pages of %s after its unload (mprotect "
                "failed): the system refused the simulator memory protection", m->dll->name);
}
