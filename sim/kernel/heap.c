/* The heap of a simulated program: malloc/free (through --wrap) and
 * HeapAlloc/HeapFree, tracked per block with the image whose code asked
 * for it, so the simulator can say what a DLL leaves behind when it is
 * unloaded and what is still allocated at process end.
 *
 * Freed blocks stay allocated (poisoned) until the run ends, so a double
 * free is caught for what it is and the run stays deterministic.
 *
 * Blocks come from one region the simulator reserves once, handed out in
 * order from its start in every run, rather than from the C library's
 * allocator, whose addresses depend on everything the process allocated
 * before.  So a block's address depends only on the run's own calls: two
 * runs that allocate the same way put their blocks at the same addresses,
 * which the state cache needs (explore/state_cache.c) and which makes a
 * printed pointer the same in every replay.  New blocks are zeroed, for
 * the same reason (a program reading memory it never wrote gets zeros,
 * not what an earlier run left).  A block given back from the quarantine
 * is reused by the next request of its size.  A run that needs more than
 * the region (or a process whose address space is too small for it, such
 * as the grader's workers) gets its further blocks from the C library:
 * still correct, only no longer at the same addresses from run to run.
 *
 * Left out: separate heaps (HeapCreate), heap flags other than
 * HEAP_ZERO_MEMORY, and the Windows heap's own lock (allocation is never a
 * scheduling point, because no interleaving of heap calls can change what a
 * program observes here).
 */
#include "kernel.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define ALLOC_LIVE 0x11ab11ab11ab11abULL
#define ALLOC_FREED 0xf4eef4eef4eef4eeULL
#define HEAP_BYTES_MAX ((size_t)512 << 20)
#define QUARANTINE_BYTES_MAX ((size_t)64 << 20)

typedef struct sim_alloc sim_alloc;

struct sim_alloc {
  uint64_t magic;
  sim_alloc *next, *prev;
  size_t size;
  const struct sim_image *owner;         /* image whose code allocated it */
  uint64_t serial;                /* heap#N in traces */
  _Alignas(16) unsigned char data[];
};

/* Live and quarantined blocks by user pointer, so free() can tell its own
 * blocks from anything else without reading memory it does not own. */
static sim_alloc **table;
static size_t table_cap, table_used;
static size_t live_bytes;
static sim_alloc *live_head, *freed_head;
static size_t freed_bytes;
static uint64_t serial;

#define TOMBSTONE ((sim_alloc *)1)

/* ---- The region blocks come from ---------------------------------------------- */

/* Reserved, not committed: a run pays only for the pages it touches.  It
 * must leave room in the grader's 1 GiB of address space. */
#define REGION_BYTES ((size_t)256 << 20)
/* Pages beyond this are given back to the system when a run ends. */
#define REGION_KEEP_BYTES ((size_t)64 << 20)
/* Sizes of the blocks given back, by 16-byte class, for reuse. */
#define REUSE_CLASSES 4096

static unsigned char *region;
static size_t region_used, region_high;
static bool region_refused;
static sim_alloc *reuse[REUSE_CLASSES + 1]; /* the last class: every larger size */
static bool reuse_used;

static size_t block_bytes(size_t size) { return (sizeof(sim_alloc) + (size ? size : 1) + 15) & ~(size_t)15; }

static size_t reuse_class(size_t bytes) { return bytes / 16 < REUSE_CLASSES ? bytes / 16 : REUSE_CLASSES; }

static sim_alloc *block_take(size_t size) {
  size_t bytes = block_bytes(size);
  sim_alloc **r = &reuse[reuse_class(bytes)];
  for (sim_alloc **p = r; *p; p = &(*p)->next) {
    if (block_bytes((*p)->size) != bytes) continue;
    sim_alloc *a = *p;
    *p = a->next;
    memset(a, 0, bytes);
    return a;
  }
  if (!region && !region_refused) {
    /* Once per process, outside sim__os (whose calls tests count run by
     * run); if the system refuses, every allocation fails as out of
     * memory would. */
    void *m = mmap(NULL, REGION_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED) region_refused = true;
    else region = m;
  }
  if (!region || bytes > REGION_BYTES - region_used) return calloc(1, bytes);
  sim_alloc *a = (sim_alloc *)(region + region_used);
  region_used += bytes;
  if (region_used > region_high) region_high = region_used;
  memset(a, 0, bytes);
  return a;
}

static bool in_region(const sim_alloc *a) {
  return region && (const unsigned char *)a >= region && (const unsigned char *)a < region + REGION_BYTES;
}

/* A block out of the quarantine, for a later request of its size. */
static void block_give_back(sim_alloc *a) {
  if (!in_region(a)) {
    free(a);
    return;
  }
  sim_alloc **r = &reuse[reuse_class(block_bytes(a->size))];
  a->next = *r;
  *r = a;
  reuse_used = true;
}

static void region_reset(void) {
  if (reuse_used) memset(reuse, 0, sizeof reuse);
  reuse_used = false;
  if (region && region_high > REGION_KEEP_BYTES) {
    (void)madvise(region + REGION_KEEP_BYTES, region_high - REGION_KEEP_BYTES, MADV_DONTNEED);
    region_high = REGION_KEEP_BYTES;
  }
  region_used = 0;
}

static size_t slot_of(const void *p) { return ((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ULL >> 7; }

static void table_grow(void) {
  size_t cap = table_cap ? table_cap * 2 : 1024;
  sim_alloc **t = calloc(cap, sizeof *t);
  sim_assert(t, "out of memory for the heap table");
  for (size_t i = 0; i < table_cap; i++) {
    sim_alloc *a = table[i];
    if (!a || a == TOMBSTONE) continue;
    size_t k = slot_of(a->data) & (cap - 1);
    while (t[k]) k = (k + 1) & (cap - 1);
    t[k] = a;
  }
  free(table);
  table = t;
  table_cap = cap;
}

static void table_put(sim_alloc *a) {
  if ((table_used + 1) * 2 > table_cap) table_grow();
  size_t k = slot_of(a->data) & (table_cap - 1);
  while (table[k] && table[k] != TOMBSTONE) k = (k + 1) & (table_cap - 1);
  table[k] = a;
  table_used++;
}

static sim_alloc **table_find(const void *p) {
  if (!table_cap) return NULL;
  size_t k = slot_of(p) & (table_cap - 1);
  while (table[k]) {
    if (table[k] != TOMBSTONE && table[k]->data == p) return &table[k];
    k = (k + 1) & (table_cap - 1);
  }
  return NULL;
}

static void list_remove(sim_alloc **head, sim_alloc *a) {
  if (a->prev) a->prev->next = a->next;
  else *head = a->next;
  if (a->next) a->next->prev = a->prev;
  a->next = a->prev = NULL;
}

static void list_push(sim_alloc **head, sim_alloc *a) {
  a->prev = NULL;
  a->next = *head;
  if (*head) (*head)->prev = a;
  *head = a;
}

static void *heap_alloc(size_t size, bool zero, void *caller) {
  /* Two allocations that each leave the heap at most half full both
   * succeed in either order; beyond that their order can matter. */
  if (size > HEAP_BYTES_MAX / 2 || live_bytes + size > HEAP_BYTES_MAX / 2) sim__fp_global();
  if (size > HEAP_BYTES_MAX - live_bytes) return NULL;
  sim_alloc *a = block_take(size);
  if (!a) return NULL;
  a->magic = ALLOC_LIVE;
  a->size = size;
  a->owner = sim__current_run->hooks->image_of_address(caller);
  a->serial = ++serial;
  (void)zero; /* every block is zeroed (block_take) */
  list_push(&live_head, a);
  table_put(a);
  live_bytes += size;
  sim__fp_heap_alloc(a->data, size, a->serial);
  return a->data;
}

/* Frees a block; false if p is not a live block of this heap. */
static bool heap_free(void *p, void *caller) {
  (void)caller;
  if (!p) return true;
  sim_alloc **slot = table_find(p);
  if (!slot || (*slot)->magic != ALLOC_LIVE) return false;
  sim_alloc *a = *slot;
  sim__fp_heap_free(p);
  a->magic = ALLOC_FREED;
  list_remove(&live_head, a);
  live_bytes -= a->size;
  memset(a->data, 0xdd, a->size);
  list_push(&freed_head, a);
  freed_bytes += a->size;
  if (freed_bytes > QUARANTINE_BYTES_MAX) {
    /* Give the oldest quarantined blocks back rather than grow forever. */
    sim_alloc *q = freed_head;
    while (q && q->next) q = q->next;
    while (q && freed_bytes > QUARANTINE_BYTES_MAX / 2) {
      sim_alloc *prev = q->prev;
      sim_alloc **s = table_find(q->data);
      if (s) *s = TOMBSTONE;
      freed_bytes -= q->size;
      list_remove(&freed_head, q);
      block_give_back(q);
      q = prev;
    }
  }
  return true;
}

/* Whether p was freed already (for the double-free message). */
bool sim__heap_was_freed(const void *p) {
  sim_alloc **slot = table_find(p);
  return slot && (*slot)->magic == ALLOC_FREED;
}

/* The heap is where a program's loop most often calls into the simulator
 * without a scheduling point, so it is a safe point for a watchdog
 * interrupt, and calls the C library as the simulator (core/fault.c). */
void *sim__heap_alloc(size_t size, bool zero, void *caller) {
  sig_atomic_t was = sim__simulator_enter();
  sim__watchdog_poll(sim__current_run->cur, caller);
  void *p = heap_alloc(size, zero, caller);
  sim__simulator_restore(was);
  return p;
}

bool sim__heap_free(void *p, void *caller) {
  sig_atomic_t was = sim__simulator_enter();
  sim__watchdog_poll(sim__current_run->cur, caller);
  bool ok = heap_free(p, caller);
  sim__simulator_restore(was);
  return ok;
}

void *sim__heap_realloc(void *p, size_t size, void *caller) {
  sig_atomic_t was = sim__simulator_enter();
  sim__watchdog_poll(sim__current_run->cur, caller);
  void *n = NULL;
  if (!p) {
    n = heap_alloc(size, false, caller);
  } else {
    sim_alloc **slot = table_find(p);
    if (slot && (*slot)->magic == ALLOC_LIVE) {
      size_t old = (*slot)->size;
      /* Zeroed: HeapReAlloc with HEAP_ZERO_MEMORY must zero the part that
       * grows, and for realloc and plain HeapReAlloc zeros are as good as
       * any indeterminate value and keep the run independent of what the
       * C library's allocator left in that memory. */
      n = heap_alloc(size, true, caller);
      if (n) {
        memcpy(n, p, old < size ? old : size);
        heap_free(p, caller);
      }
    }
  }
  sim__simulator_restore(was);
  return n;
}

void sim__heap_reset(void) {
  for (int pass = 0; pass < 2; pass++) {
    for (sim_alloc *a = pass ? freed_head : live_head; a;) {
      sim_alloc *next = a->next;
      if (!in_region(a)) free(a);
      a = next;
    }
  }
  region_reset();
  live_head = freed_head = NULL;
  live_bytes = freed_bytes = 0;
  serial = 0;
  if (table) memset(table, 0, table_cap * sizeof *table);
  table_used = 0;
}

size_t sim__heap_live(const struct sim_image *im, size_t *bytes) {
  size_t n = 0, b = 0;
  for (sim_alloc *a = live_head; a; a = a->next) {
    if (im && a->owner != im) continue;
    n++;
    b += a->size;
  }
  if (bytes) *bytes = b;
  return n;
}

const char *sim__heap_describe(const void *addr, char *buf, size_t size) {
  uintptr_t x = (uintptr_t)addr;
  for (int pass = 0; pass < 2; pass++) {
    for (sim_alloc *a = pass ? freed_head : live_head; a; a = a->next) {
      uintptr_t lo = (uintptr_t)a->data;
      if (x < lo || x >= lo + (a->size ? a->size : 1)) continue;
      if (x == lo) snprintf(buf, size, "heap#%llu%s", (unsigned long long)a->serial, pass ? " (freed)" : "");
      else snprintf(buf, size, "heap#%llu+%#lx%s", (unsigned long long)a->serial,
                    (unsigned long)(x - lo), pass ? " (freed)" : "");
      return buf;
    }
  }
  return NULL;
}

void sim__heap_scan(uintptr_t lo, uintptr_t hi, void (*note)(void *ctx, uintptr_t word), void *ctx) {
  for (sim_alloc *a = live_head; a; a = a->next) {
    const uintptr_t *p = (const uintptr_t *)a->data;
    size_t n = a->size / sizeof(uintptr_t);
    for (size_t i = 0; i < n; i++)
      if (p[i] >= lo && p[i] < hi) note(ctx, p[i]);
  }
}

void sim__heap_each_live(const struct sim_image *im,
                        void (*visit)(void *ctx, const void *block, uint64_t serial, size_t size),
                        void *ctx) {
  for (sim_alloc *a = live_head; a; a = a->next)
    if (a->owner == im) visit(ctx, a->data, a->serial, a->size);
}

bool sim__heap_block_live(const void *p, uint64_t serial) {
  sim_alloc **slot = table_find(p);
  return slot && (*slot)->magic == ALLOC_LIVE && (*slot)->serial == serial;
}

void sim__heap_scan_words(const struct sim_image *skip, void (*note)(void *ctx, uintptr_t word),
                         void *ctx) {
  for (sim_alloc *a = live_head; a; a = a->next) {
    if (a->owner == skip) continue;
    const uintptr_t *p = (const uintptr_t *)a->data;
    size_t n = a->size / sizeof(uintptr_t);
    for (size_t i = 0; i < n; i++) note(ctx, p[i]);
  }
}

bool sim__heap_live_block_of(const void *p, const struct sim_image *owner, uint64_t *serial_out) {
  sim_alloc **slot = table_find(p);
  if (!slot || (*slot)->magic != ALLOC_LIVE || (*slot)->owner != owner) return false;
  *serial_out = (*slot)->serial;
  return true;
}

/* The heap's part of a state fingerprint (kernel/fingerprint.c): every
 * block, live or quarantined, with its address, size, owner, number and
 * bytes (a freed block's too: a program may still write to it), as a set,
 * and the counters that decide what later calls do. */
void sim__heap_fingerprint(sim_fingerprint *f) {
  sim__fingerprint_u64(f, serial);
  sim__fingerprint_u64(f, live_bytes);
  sim__fingerprint_u64(f, freed_bytes);
  for (int pass = 0; pass < 2; pass++) {
    for (const sim_alloc *a = pass ? freed_head : live_head; a; a = a->next) {
      sim_fingerprint g;
      sim__fingerprint_init(&g);
      sim__fingerprint_u64(&g, a->magic);
      sim__fingerprint_u64(&g, (uintptr_t)a->data);
      sim__fingerprint_u64(&g, a->size);
      sim__fingerprint_u64(&g, (uintptr_t)a->owner);
      sim__fingerprint_u64(&g, a->serial);
      sim__fingerprint_bytes(&g, a->data, a->size);
      sim__fingerprint_add_element(f, &g);
    }
  }
}
