/* Footprints: what each step of a run reads and writes, for partial-order
 * reduction (explore/dpor.c searches; explore/dependence.c says which
 * footprints conflict and which calls have a declared footprint).
 *
 * A step is what one thread runs between two scheduling points: the call
 * it was picked at (or the rest of a call it had blocked in) and then its
 * own code up to its next call.  While the strategy asks for footprints
 * (its ops have a step function), the kernel, the loader and the api layer
 * note here every shared thing the running step touches, as a resource
 * (kind, key) read or written:
 *
 *   memory     the simulated program's own reads and writes, which gcc's
 *              -fsanitize=thread instrumentation reports (api/memory.c),
 *              by 4-byte granule (so that two int globals side by side are
 *              two resources), except on the running thread's own
 *              stack; the out-parameters a call writes count as memory too
 *   lock       a critical section or SRW lock (named like memory): written,
 *              unless the step left it byte for byte as it found it (it
 *              took the lock and released it again), which only read it
 *   heap life  a heap block's existence: allocated or freed
 *   object     a kernel object (event, mutex, port, thread, ...)
 *   handle     one slot of the handle table; handles: its free list
 *   threads    thread ids (creation) and the count of live threads
 *   names      the namespace of named objects
 *   modules    the loader's module list, reference counts, atexit table
 *   output     stdout, stderr (the order of output is an outcome)
 *   tls        a TLS index: TlsAlloc and TlsFree write it (they clear it
 *              in every thread), TlsGetValue and TlsSetValue read it (the
 *              value is the caller's own, but whether the index was
 *              cleared under it is not); and the table of indexes in use,
 *              which TlsAlloc and TlsFree write
 *
 * Besides resources a footprint holds the threads the step made ready (a
 * happens-before edge to each one's next step), the ready threads it took
 * out of the ready set (SuspendThread, TerminateThread, process exit), and
 * "global": a step that must be ordered with every other step (mapping or
 * unmapping a DLL, process exit, and every call whose footprint the
 * dependence relation does not declare, so a call added to the simulator
 * later is safe before anyone audits it).
 *
 * Keys stay the same from run to run for the same schedule prefix, because
 * sleep sets compare footprints recorded in different runs: memory on a
 * thread's stack is named by (thread, offset from the top), memory in a
 * heap block by (block number, offset), other memory (the images, the C
 * library) by address, kernel objects by (type, serial number).  Kernel
 * objects, threads and heap blocks get their numbers in the order the run
 * creates them, which the schedule prefix fixes.
 *
 * Virtual time: when no thread is ready and time jumps to the next
 * deadline, the jump is a step of its own, by thread 0 ("the clock").  It
 * can only happen when every thread is blocked, so it comes after every
 * step before it and before every step after it, and no footprint needs to
 * name time.
 *
 * Left out: the simulator's reads of a caller's buffers (names, handle
 * arrays) are not recorded, since the caller wrote them before the call in
 * its own order; and the C library's internal state (stdio buffers of
 * files other than stdout and stderr).
 */
#include "kernel.h"

#include <stdlib.h>
#include <string.h>

sim_fp_fast sim__fp;

/* Memory is named by 4-byte granule. */
#define GRANULE_BITS 2

/* An open-addressing set of 64-bit keys with a value, emptied in O(1) by
 * moving to a new generation. */
typedef struct keyset {
  uint64_t *keys;
  uint32_t *gens;
  int *vals;
  size_t cap, used;
  uint32_t gen;
} keyset;

SIM_HOOK static size_t hash64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  return (size_t)k;
}

static void keyset_clear(keyset *s) {
  s->used = 0;
  if (++s->gen == 0) {
    /* Generations wrapped: really clear once every 4 billion steps. */
    if (s->gens) memset(s->gens, 0, s->cap * sizeof *s->gens);
    s->gen = 1;
  }
}

static void keyset_grow(keyset *s) {
  size_t cap = s->cap ? s->cap * 2 : 256;
  uint64_t *keys = malloc(cap * sizeof *keys);
  uint32_t *gens = calloc(cap, sizeof *gens);
  int *vals = malloc(cap * sizeof *vals);
  sim_assert(keys && gens && vals, "out of memory for a step's footprint");
  for (size_t i = 0; i < s->cap; i++) {
    if (s->gens[i] != s->gen) continue;
    size_t k = hash64(s->keys[i]) & (cap - 1);
    while (gens[k] == 1) k = (k + 1) & (cap - 1);
    keys[k] = s->keys[i];
    vals[k] = s->vals[i];
    gens[k] = 1;
  }
  free(s->keys);
  free(s->gens);
  free(s->vals);
  s->keys = keys;
  s->gens = gens;
  s->vals = vals;
  s->cap = cap;
  s->gen = 1;
}

/* The value slot of key, inserted with *fresh set if it was not there. */
SIM_HOOK static int *keyset_slot(keyset *s, uint64_t key, bool *fresh) {
  if ((s->used + 1) * 2 > s->cap) keyset_grow(s);
  size_t k = hash64(key) & (s->cap - 1);
  while (s->gens[k] == s->gen) {
    if (s->keys[k] == key) {
      *fresh = false;
      return &s->vals[k];
    }
    k = (k + 1) & (s->cap - 1);
  }
  s->gens[k] = s->gen;
  s->keys[k] = key;
  s->vals[k] = 0;
  s->used++;
  *fresh = true;
  return &s->vals[k];
}

typedef struct heap_block {
  uintptr_t lo, hi;
  uint64_t serial;
} heap_block;

static struct {
  bool recording;                 /* this run records (sim__fp.on also needs a step) */
  bool in_step;                   /* fp holds a step not reported yet */
  bool paused;                    /* steps are reported empty (the strategy knows them) */
  bool all_memory;                /* the program is not instrumented */
  const bool *declared;
  sim_footprint fp;               /* the running step */
  uint64_t *acc;
  int cap_acc;
  int woken[64], disabled[64];
  keyset resources;               /* resource -> index in acc */
  keyset granules;                /* raw granule -> access bits seen (1 read, 2 write) */
  heap_block *heap;               /* live and freed blocks of this run, by address */
  int n_heap, cap_heap;
  struct {                        /* locks the step used, as it found them */
    const void *at;
    uint64_t res;
    unsigned char before[64];
    size_t size;
  } locks[8];
  int n_locks;
} fp;

/* ---- The run and its steps ------------------------------------------------ */

static void step_reset(int tid) {
  fp.fp.tid = tid;
  fp.fp.global = false;
  fp.fp.n_acc = 0;
  fp.fp.n_woken = 0;
  fp.fp.n_disabled = 0;
  fp.n_locks = 0;
  keyset_clear(&fp.resources);
  keyset_clear(&fp.granules);
}

void sim__fp_run_begin(bool on, const bool *declared_calls, bool instrumented) {
  fp.recording = on;
  fp.all_memory = !instrumented;
  fp.declared = declared_calls;
  fp.n_heap = 0;
  fp.in_step = false;
  fp.paused = false;
  sim__fp.on = false;
  sim__fp.stack_lo = 0;
  sim__fp.stack_size = 0;
  step_reset(0);
}

static void report(const sim_decision *next) {
  sim_run *r = sim__current_run;
  fp.in_step = false;
  /* A lock the step left exactly as it found it was only read.  (Not
   * compared after a global step, which may have unmapped its page.) */
  for (int i = 0; i < fp.n_locks && !fp.fp.global; i++) {
    if (memcmp(fp.locks[i].before, fp.locks[i].at, fp.locks[i].size) != 0) continue;
    bool fresh;
    int *at = keyset_slot(&fp.resources, fp.locks[i].res, &fresh);
    sim_assert(!fresh, "a lock the step used is not in its footprint");
    fp.acc[*at] &= ~(uint64_t)1;
  }
  fp.fp.acc = fp.acc;
  if (r->strategy->ops->step) r->strategy->ops->step(r->strategy, &fp.fp, next);
}

void sim__fp_run_end(void) {
  if (!fp.recording) return;
  /* A run the strategy cut short at a decision has no step under way. */
  if (fp.in_step) report(NULL);
  sim__fp.on = false;
  fp.recording = false;
}

void sim__fp_step_end(const sim_decision *next) {
  sim_run *r = sim__current_run;
  if (!fp.recording) return;
  sim__fp.on = false;
  if (fp.in_step) report(next);
  else if (r->strategy->ops->step) r->strategy->ops->step(r->strategy, NULL, next); /* the first */
}

void sim__fp_step_begin(const sim_thread *t) {
  if (!fp.recording) return;
  fp.in_step = true;
  step_reset(t->id);
  sim__fp.stack_lo = t->stack ? (uintptr_t)t->stack->lo : 0;
  sim__fp.stack_size = t->stack ? t->stack->size : 0;
  sim__fp.on = !fp.paused;
  /* The call it runs (or resumes): a call without a declared footprint
   * makes the whole step global. */
  sim__fp_call(t->api);
  /* A program built without the memory instrumentation: any step may
   * write any of its memory. */
  if (fp.all_memory && sim__fp.on) sim__fp_touch_slow(SIM_RES(SIM_RES_MEMORY, 3ULL << 54), true);
}

void sim__fp_clock_begin(void) {
  if (!fp.recording) return;
  sim__fp.on = false;
  if (fp.in_step) report(NULL);
  fp.in_step = true;
  step_reset(0);
  sim__fp.stack_lo = 0;
  sim__fp.stack_size = 0;
  sim__fp.on = !fp.paused;
}

void sim__fp_pause(bool paused) { fp.paused = paused; }

/* ---- What a step touches --------------------------------------------------- */

SIM_HOOK void sim__fp_touch_slow(uint64_t res, bool write) {
  bool fresh;
  int *at = keyset_slot(&fp.resources, res, &fresh);
  if (fresh) {
    if (fp.fp.n_acc == fp.cap_acc) {
      fp.cap_acc = fp.cap_acc ? fp.cap_acc * 2 : 256;
      fp.acc = realloc(fp.acc, (size_t)fp.cap_acc * sizeof *fp.acc);
      sim_assert(fp.acc, "out of memory for a step's footprint");
    }
    *at = fp.fp.n_acc;
    fp.acc[fp.fp.n_acc++] = res << 1 | (write ? 1 : 0);
  } else if (write) {
    fp.acc[*at] |= 1;
  }
}

/* The first block that ends above a. */
SIM_HOOK static int heap_lower(uintptr_t a) {
  int lo = 0, hi = fp.n_heap;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (fp.heap[mid].hi <= a) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

SIM_HOOK static const heap_block *heap_find(uintptr_t a) {
  int at = heap_lower(a);
  return at < fp.n_heap && fp.heap[at].lo <= a ? &fp.heap[at] : NULL;
}

/* The stable name of the granule holding address a. */
static uint64_t granule_name(uintptr_t a, int kind, uint64_t *heap_serial);

SIM_HOOK static void touch_granule(uintptr_t a, bool write) {
  uint64_t serial;
  sim__fp_touch_slow(granule_name(a, SIM_RES_MEMORY, &serial), write);
  /* Using a block reads its existence: a free is ordered with it. */
  if (serial) sim__fp_touch_slow(SIM_RES(SIM_RES_HEAP_LIFE, serial), false);
}

SIM_HOOK void sim__fp_memory_slow(uintptr_t addr, size_t size, bool write) {
  if (!size) return;
  int bit = write ? 2 : 1;
  for (uintptr_t g = addr >> GRANULE_BITS, last = (addr + size - 1) >> GRANULE_BITS; g <= last; g++) {
    bool fresh;
    int *seen = keyset_slot(&fp.granules, g, &fresh);
    if (*seen & bit) continue;
    *seen |= bit;
    uintptr_t a = g << GRANULE_BITS < addr ? addr : g << GRANULE_BITS;
    touch_granule(a, write);
  }
}

/* The stable name of the granule holding address a, as a resource of the
 * given kind (SIM_RES_MEMORY or SIM_RES_LOCK). */
SIM_HOOK static uint64_t granule_name(uintptr_t a, int kind, uint64_t *heap_serial) {
  sim_run *r = sim__current_run;
  *heap_serial = 0;
  for (int i = 0; i < r->n_threads; i++) {
    const sim_thread *t = r->threads[i];
    if (!t->stack) continue;
    uintptr_t lo = (uintptr_t)t->stack->lo, top = lo + t->stack->size;
    if (a < lo || a >= top) continue;
    return SIM_RES(kind, (1ULL << 54) | ((uint64_t)t->id << 24) | ((top - a) >> GRANULE_BITS));
  }
  const heap_block *b = heap_find(a);
  if (b) {
    uint64_t off = (a - b->lo) >> GRANULE_BITS;
    if (off > 0xFFFFFF) off = 0xFFFFFF;
    *heap_serial = b->serial;
    return SIM_RES(kind, (2ULL << 54) | (b->serial << 24) | off);
  }
  return SIM_RES(kind, a >> GRANULE_BITS);
}

void sim__fp_lock_slow(const void *lock, size_t size) {
  for (int i = 0; i < fp.n_locks; i++)
    if (fp.locks[i].at == lock) return;
  uint64_t serial;
  uint64_t res = granule_name((uintptr_t)lock, SIM_RES_LOCK, &serial);
  sim__fp_touch_slow(res, true);
  if (serial) sim__fp_touch_slow(SIM_RES(SIM_RES_HEAP_LIFE, serial), false);
  if (fp.n_locks == (int)(sizeof fp.locks / sizeof fp.locks[0]) || size > sizeof fp.locks[0].before)
    return; /* stays a write */
  fp.locks[fp.n_locks].at = lock;
  fp.locks[fp.n_locks].res = res;
  fp.locks[fp.n_locks].size = size;
  memcpy(fp.locks[fp.n_locks].before, lock, size);
  fp.n_locks++;
}

void sim__fp_object_slow(const sim_object *o, bool write) {
  sim__fp_touch_slow(SIM_RES(SIM_RES_OBJECT, (uint64_t)o->type << 32 | (uint32_t)o->serial), write);
}

void sim__fp_global(void) {
  if (sim__fp.on) fp.fp.global = true;
}

void sim__fp_call(int api) {
  if (!sim__fp.on) return;
  if (api < 0 || api >= SIM_API_COUNT || !fp.declared || !fp.declared[api]) fp.fp.global = true;
}

void sim__fp_wake(const sim_thread *t) {
  if (!sim__fp.on) return;
  if (fp.fp.n_woken == (int)(sizeof fp.woken / sizeof fp.woken[0])) {
    fp.fp.global = true; /* too many to list: order it with everything */
    return;
  }
  fp.woken[fp.fp.n_woken++] = t->id;
  fp.fp.woken = fp.woken;
  /* Waking a thread hands it a result and changes its state. */
  sim__fp_object(t->object, true);
}

void sim__fp_disable(const sim_thread *t) {
  if (!sim__fp.on) return;
  if (fp.fp.n_disabled == (int)(sizeof fp.disabled / sizeof fp.disabled[0])) {
    fp.fp.global = true;
    return;
  }
  fp.disabled[fp.fp.n_disabled++] = t->id;
  fp.fp.disabled = fp.disabled;
  sim__fp_object(t->object, true);
}

/* ---- Where heap blocks are -------------------------------------------------- */

void sim__fp_heap_alloc(const void *p, size_t size, uint64_t serial) {
  if (!fp.recording || !p) return;
  uintptr_t lo = (uintptr_t)p, hi = lo + (size ? size : 1);
  /* Blocks are kept (quarantined) until the run ends, so addresses are
   * unique; a block given back to the C library early may have its
   * address reused, and then the newer block replaces the older. */
  int at = heap_lower(lo);
  int end = at;
  while (end < fp.n_heap && fp.heap[end].lo < hi) end++;
  if (end > at) {
    memmove(&fp.heap[at], &fp.heap[end], (size_t)(fp.n_heap - end) * sizeof fp.heap[0]);
    fp.n_heap -= end - at;
  }
  if (fp.n_heap == fp.cap_heap) {
    fp.cap_heap = fp.cap_heap ? fp.cap_heap * 2 : 256;
    fp.heap = realloc(fp.heap, (size_t)fp.cap_heap * sizeof *fp.heap);
    sim_assert(fp.heap, "out of memory for the heap's footprint map");
  }
  memmove(&fp.heap[at + 1], &fp.heap[at], (size_t)(fp.n_heap - at) * sizeof fp.heap[0]);
  fp.heap[at] = (heap_block){lo, hi, serial};
  fp.n_heap++;
  sim__fp_touch(SIM_RES_HEAP_LIFE, serial, true);
}

void sim__fp_heap_free(const void *p) {
  if (!sim__fp.on || !p) return;
  const heap_block *b = heap_find((uintptr_t)p);
  if (b) sim__fp_touch_slow(SIM_RES(SIM_RES_HEAP_LIFE, b->serial), true);
}
