/* The loader model: modules, the loader lock, DllMain notifications,
 * unloading, and process exit.  Follows Windows as docs/design.md states it
 * (Wine's dlls/ntdll/loader.c is the readable reference):
 *
 * - One recursive loader lock; every DllMain call runs with it held.
 * - Loading maps a module, loads its imports first, and sends
 *   DLL_PROCESS_ATTACH (lpReserved NULL for LoadLibrary, non-NULL for the
 *   host's own imports).  DllMain returning FALSE gets DLL_PROCESS_DETACH
 *   and the module is unloaded again.
 * - A new thread takes the loader lock and sends DLL_THREAD_ATTACH to every
 *   attached module in load order (skipping those that disabled thread
 *   calls); an exiting thread takes it again for DLL_THREAD_DETACH in
 *   reverse order, even when every module disabled thread calls.
 * - The last FreeLibrary sends DLL_PROCESS_DETACH and unmaps the module.
 *   Nothing waits for threads still running in it or blocked in a call that
 *   will return into it.  A FreeLibrary nested in another (made by a
 *   DllMain) only counts down; the outermost one detaches every module
 *   left without references, newest first, then unmaps them all.
 * - The modules the executable imports are pinned: FreeLibrary on them
 *   succeeds and does nothing.
 * - ExitProcess takes the loader lock, terminates every other thread where
 *   it stands (no notifications, their locks stay held), then sends
 *   DLL_PROCESS_DETACH with lpReserved non-NULL in reverse load order;
 *   FreeLibrary is then a no-op.
 *
 * Unmapping is real enough to fault: an unloaded image that may still be
 * reached is protected PROT_NONE or has its reached code pages filled with
 * breakpoints (unmap.c), and the return of a call into unloaded code is
 * caught one step before it would fault, so the verdict names the call and
 * the step exactly.
 *
 * Left out: delay-load imports, activation contexts, LoadLibraryEx flags,
 * DLL search paths (modules are found by file name only), and loader
 * callbacks (LdrRegisterDllNotification).
 */
#include "loader.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>


#define HMODULE_BASE 0x7e0000000000ULL
#define HMODULE_STRIDE 0x1000000ULL

HMODULE sim__host_handle(void) { return (HMODULE)(uintptr_t)HMODULE_BASE; }

static HMODULE module_handle(int index) {
  return (HMODULE)(uintptr_t)(HMODULE_BASE + (uint64_t)(index + 1) * HMODULE_STRIDE);
}

sim_module *sim__module_from_handle(HMODULE h) {
  sim_run *r = sim__current_run;
  /* Whoever looks a module up may change it next. */
  sim__fp_touch(SIM_RES_MODULES, 0, true);
  uintptr_t v = (uintptr_t)h;
  if (v <= HMODULE_BASE || (v - HMODULE_BASE) % HMODULE_STRIDE != 0) return NULL;
  uint64_t i = (v - HMODULE_BASE) / HMODULE_STRIDE - 1;
  return i < (uint64_t)r->loader->n_modules ? &r->loader->modules[i] : NULL;
}

void sim__loader_reset(sim_run *r) {
  sim_program *p = r->program;
  r->loader = sim__arena_alloc(&r->arena, sizeof *r->loader);
  sim__image_restore(p->host);
  r->loader->n_modules = p->n_dlls;
  for (int i = 0; i < p->n_dlls; i++) {
    sim_module *m = &r->loader->modules[i];
    m->index = i;
    m->dll = &p->dlls[i];
    m->handle = module_handle(i);
  }
  sim__cs_init(&r->loader_lock);
}

/* Not a module's own invariants only: the kernel's fast path (sim__leave)
 * trusts n_unloaded to be 0 when no unloaded module can be returned into. */
void sim__loader_verify(const sim_run *r) {
  const struct sim_loader_run *l = r->loader;
  sim_assert(l && l->n_modules == r->program->n_dlls, "the run has %d modules for %d DLLs",
             l ? l->n_modules : -1, r->program->n_dlls);
  int unloaded = 0;
  for (int i = 0; i < l->n_modules; i++) {
    const sim_module *m = &l->modules[i];
    sim_assert(m->index == i && m->dll == &r->program->dlls[i], "module %d is not DLL %d", m->index, i);
    /* A FreeLibrary counts a module down to no references and only the
     * outermost one detaches and unmaps it (sim__module_free): a loaded
     * module without references exists only while a FreeLibrary is under
     * way, which is where a run that deadlocks in DLL_PROCESS_DETACH ends.
     * A pinned module keeps whatever count it had. */
    if (m->state == SIM_MOD_LOADED)
      sim_assert((m->refs >= 1 || m->pinned || l->unload_depth > 0) && m->loads >= 1 && m->init_order >= 1,
                 "%s is loaded with %d references after %d loads, outside any FreeLibrary",
                 m->dll->name, m->refs, m->loads);
    else
      sim_assert(m->refs == 0 && !m->attached, "%s is unloaded with %d references%s", m->dll->name,
                 m->refs, m->attached ? " and attached" : "");
    if (m->state == SIM_MOD_UNLOADED && m->loads > 0) unloaded++;
    sim_assert(m->init_order <= l->attach_counter, "%s attached as number %d of %d", m->dll->name,
               m->init_order, l->attach_counter);
  }
  sim_assert(unloaded == r->n_unloaded, "%d modules are unloaded, the kernel counts %d", unloaded,
             r->n_unloaded);
  sim_assert(l->n_atexit >= 0 && l->n_atexit <= l->cap_atexit, "%d atexit functions of room for %d",
             l->n_atexit, l->cap_atexit);
  /* The loader lock is the simulator's own critical section. */
  int owner = (int)(uintptr_t)r->loader_lock.OwningThread;
  sim_assert(owner >= 0 && owner <= r->n_threads, "the loader lock is owned by thread %d of %d", owner,
             r->n_threads);
  sim_assert((owner == 0) == (r->loader_lock.RecursionCount == 0),
             "the loader lock has owner %d and recursion %ld", owner,
             (long)r->loader_lock.RecursionCount);
}

void sim__loader_end_run(sim_run *r) {
  /* Images stay as they are: a protected image is unprotected by the next
   * load that needs it, which is cheaper than doing it for every run. */
  strbuf_free(&r->loader->misuse_report);
}

/* ---- Finding modules by name ---------------------------------------------------- */

bool sim__module_name_matches(const char *want, const char *have) {
  const char *base = want;
  for (const char *p = want; *p; p++)
    if (*p == '\\' || *p == '/') base = p + 1;
  size_t n = strlen(base);
  size_t h = strlen(have);
  bool has_ext = strchr(base, '.') != NULL;
  if (!has_ext) {
    if (h != n + 4 || strcasecmp(have + n, ".dll") != 0) return false;
    return strncasecmp(base, have, n) == 0;
  }
  return strcasecmp(base, have) == 0;
}

sim_module *sim__module_by_name(const char *name) {
  sim_run *r = sim__current_run;
  sim__fp_touch(SIM_RES_MODULES, 0, true);
  for (int i = 0; i < r->loader->n_modules; i++)
    if (sim__module_name_matches(name, r->loader->modules[i].dll->name)) return &r->loader->modules[i];
  return NULL;
}

/* ---- Access checks ------------------------------------------------------------ */

static __attribute__((noreturn)) void access_violation(sim_thread *t, sim_module *m,
                                                       const char *what, const void *addr) {
  char who[64], unloader[64], code[160];
  struct strbuf d = {0};
  strbuf_printf(&d, "  %s %s %s\n", sim__thread_label(t, who, sizeof who), what,
                sim__describe_code(addr, code, sizeof code));
  strbuf_printf(&d, "  %s was unloaded at step %llu by %s (FreeLibrary: its DLL_PROCESS_DETACH "
                "ran and its image was unmapped)\n",
                m->dll->name, (unsigned long long)m->unloaded_step,
                sim__thread_label(sim__thread_by_id(m->unloaded_by), unloader, sizeof unloader));
  sim__finish_details(SIM_VERDICT_ACCESS_VIOLATION, t, strbuf_take(&d),
                     "%s executed code of %s after it was unloaded (0xC0000005, execute)",
                     sim__thread_label(t, who, sizeof who), m->dll->name);
}

void sim__check_return(sim_thread *t) {
  if (!t->ret_addr) return;
  sim_module *m = sim__unloaded_module_at(t->ret_addr);
  if (m) {
    char what[96];
    snprintf(what, sizeof what, "returned from %s into", sim_api_name(t->api));
    access_violation(t, m, what, t->ret_addr);
  }
  if (t->stale_module) {
    /* Windows maps a reloaded DLL at the same address too, so this thread
     * goes on running, but in a new instance whose static data is fresh. */
    char where[160];
    sim__warn(t, "returned from %s into %s, which was unloaded at step %llu and loaded again "
             "since: it goes on in the new instance, with fresh static data",
             sim_api_name(t->api), sim__describe_code(t->ret_addr, where, sizeof where),
             (unsigned long long)t->stale_unloaded_step);
    t->stale_module = 0;
  }
}

/* A reload: threads still waiting to return into the old instance will
 * return into the new one. */
static void mark_stale_threads(sim_module *m) {
  sim_run *r = sim__current_run;
  for (int i = 0; i < r->n_threads; i++) {
    sim_thread *t = r->threads[i];
    if (t->state == SIM_T_EXITED || !t->ret_addr) continue;
    if (!sim__image_contains(m->dll->image, (uintptr_t)t->ret_addr) || t->stale_module) continue;
    t->stale_module = m->index + 1;
    t->stale_unloaded_step = m->unloaded_step;
  }
}

void sim__check_call(sim_thread *t, void *addr, const char *what) {
  sim_module *m = sim__unloaded_module_at(addr);
  if (m) access_violation(t, m, what, addr);
}

/* ---- DllMain ---------------------------------------------------------------------- */

static const char *reason_name(DWORD reason) {
  switch (reason) {
  case DLL_PROCESS_ATTACH: return "DLL_PROCESS_ATTACH";
  case DLL_PROCESS_DETACH: return "DLL_PROCESS_DETACH";
  case DLL_THREAD_ATTACH: return "DLL_THREAD_ATTACH";
  case DLL_THREAD_DETACH: return "DLL_THREAD_DETACH";
  default: return "?";
  }
}

static BOOL call_dllmain(sim_thread *t, sim_module *m, DWORD reason, void *reserved) {
  typedef BOOL(WINAPI * dllmain_fn)(HINSTANCE, DWORD, LPVOID);
  dllmain_fn entry = (dllmain_fn)m->dll->image->entry_dllmain;
  if (!entry) return TRUE;
  if (sim__tracing()) {
    sim__trace(t, SIM_EV_CALL, NULL, "DllMain(%s, %s, lpReserved=%s)", m->dll->name,
              reason_name(reason), reserved ? "non-NULL" : "NULL");
    if (reason == DLL_PROCESS_DETACH) sim__trace_module_state(m->dll->name, SIM_MODULE_DETACHING);
  }
  sim_module *outer = t->dllmain_module;
  int saved_api = t->api;
  void *saved_ret = t->ret_addr, *saved_sp = t->user_sp;
  t->dllmain_depth++;
  t->dllmain_module = m;
  sim__in_simulator = 0;
  BOOL ok = entry((HINSTANCE)m->handle, reason, reserved);
  sim__in_simulator = 1;
  t->dllmain_depth--;
  t->dllmain_module = outer;
  t->api = saved_api;
  t->ret_addr = saved_ret;
  t->user_sp = saved_sp;
  if (sim__tracing() && reason == DLL_PROCESS_ATTACH) {
    sim__trace(t, SIM_EV_RETURN, ok ? "TRUE" : "FALSE", "DllMain(%s, %s)", m->dll->name,
              reason_name(reason));
    if (ok) sim__trace_module_state(m->dll->name, SIM_MODULE_ATTACHED);
  }
  return ok;
}

void sim__dllmain_misuse(sim_thread *t, const char *fmt, ...) {
  sim_run *r = sim__current_run;
  char who[64], where[160];
  struct strbuf msg = {0};
  va_list ap;
  va_start(ap, fmt);
  strbuf_vprintf(&msg, fmt, ap);
  va_end(ap);
  sim__warn(t, "%s inside DllMain of %s", strbuf_str(&msg),
           t->dllmain_module ? t->dllmain_module->dll->name : "?");
  if (!r->loader->misuse_report.len) {
    r->loader->misuse_step = r->step;
    r->loader->misuse_tid = t->id;
  }
  strbuf_printf(&r->loader->misuse_report, "  step %llu: %s %s inside DllMain of %s, called from %s\n",
                (unsigned long long)r->step, sim__thread_label(t, who, sizeof who),
                strbuf_str(&msg), t->dllmain_module ? t->dllmain_module->dll->name : "?",
                sim__describe_code(t->ret_addr, where, sizeof where));
  strbuf_free(&msg);
}

/* ---- Loading ------------------------------------------------------------------------- */

/* Loads m (and its imports) if needed and takes a reference.  Returns
 * false if its DllMain (or an import's) failed.  Loader lock held.
 * reserved is non-NULL for the modules the executable imports, which
 * Windows pins: they stay until the process ends, whatever FreeLibrary
 * does (Wine: process_attach sets their LoadCount to -1). */
static bool load(sim_thread *t, sim_module *m, void *reserved) {
  sim_run *r = sim__current_run;
  sim__fp_touch(SIM_RES_MODULES, 0, true);
  /* Mapping an image changes what every thread's code can reach. */
  if (m->state != SIM_MOD_LOADED) sim__fp_global();
  if (m->state == SIM_MOD_LOADED) {
    if (m->pinned) return true;
    m->refs++;
    /* Freed inside an outer FreeLibrary and already detached, but not yet
     * unmapped: the same image is attached again (as Wine's process_attach
     * does for a module that lost its attached flag). */
    if (!m->attached && m->refs == 1 && r->loader->unload_depth > 0) {
      if (!call_dllmain(t, m, DLL_PROCESS_ATTACH, reserved)) {
        call_dllmain(t, m, DLL_PROCESS_DETACH, reserved);
        sim__module_free(t, m);
        return false;
      }
      m->attached = true;
    }
    return true;
  }
  for (int i = 0; i < m->dll->n_imports; i++) {
    if (!load(t, &r->loader->modules[m->dll->imports[i]], reserved)) {
      for (int k = 0; k < i; k++) sim__module_free(t, &r->loader->modules[m->dll->imports[k]]);
      return false;
    }
  }
  sim_image *im = m->dll->image;
  if (!sim__image_unprotect(im))
    sim__finish(SIM_VERDICT_LIMIT, t, "cannot give the pages of %s back to load it again (mprotect "
                "failed: %s): the system refused the simulator memory protection", m->dll->name,
                strerror(errno));
  sim__image_heal_code(im);
  sim__image_restore(im);
  if (m->loads > 0 && m->state == SIM_MOD_UNLOADED) {
    r->n_unloaded--;
    mark_stale_threads(m);
  }
  m->state = SIM_MOD_LOADED;
  m->refs = 1;
  m->loads++;
  m->pinned = reserved != NULL;
  m->thread_calls_disabled = false;
  m->loaded_step = r->step;
  m->init_order = ++r->loader->attach_counter;
  if (sim__tracing()) {
    sim__trace_note(t, SIM_EV_NOTE, "%s mapped", m->dll->name);
    sim__trace_module_state(m->dll->name, SIM_MODULE_MAPPED);
  }
  bool attached = call_dllmain(t, m, DLL_PROCESS_ATTACH, reserved);
  sim__fp_touch(SIM_RES_MODULES, 0, true);
  if (!attached) {
    /* A DllMain that refuses gets DLL_PROCESS_DETACH at once, and the
     * module goes as FreeLibrary would take it. */
    call_dllmain(t, m, DLL_PROCESS_DETACH, reserved);
    sim__run_atexit(t, m->dll->image);
    m->attached = false;
    m->pinned = false;
    sim__module_free(t, m);
    return false;
  }
  m->attached = true;
  return true;
}

bool sim__module_load(sim_thread *t, sim_module *m) { return load(t, m, NULL); }

void sim__loader_process_start(sim_thread *t) {
  sim_run *r = sim__current_run;
  sim__fp_global();
  sim_program *p = r->program;
  if (!p->n_host_imports) return;
  sim__cs_enter(t, &r->loader_lock);
  for (int i = 0; i < p->n_host_imports; i++) {
    sim_module *m = &r->loader->modules[p->host_imports[i]];
    if (!load(t, m, (void *)1)) {
      sim__cs_leave(t, &r->loader_lock);
      sim__finish(SIM_VERDICT_CRASH, t,
                 "the process could not start: DllMain of %s returned FALSE "
                 "(STATUS_DLL_INIT_FAILED, 0xC0000142)",
                 m->dll->name);
    }
  }
  sim__cs_leave(t, &r->loader_lock);
}

/* ---- Unloading --------------------------------------------------------------------------- */

/* What a module leaves behind when it is unloaded: threads still running
 * its code, handles it opened, memory it allocated.  A handle or a block
 * it hands to the host is not a leak if the host closes or frees it later,
 * so each is only a candidate at unload, and a leak if it is still there
 * when the process ends.
 *
 * A DLL is blamed only for what it lost.  A handle or block that memory
 * outside the DLL still refers to when it is unloaded (the host's data, a
 * stack of a thread that does not run the DLL's code, another module's
 * data, a heap block the DLL did not allocate) was handed over: the thread
 * handle a DLL function returned, say.  If it is still open or allocated
 * at the end, that is the host's doing, and a warning, not a verdict
 * against the DLL.  The scan is conservative: any word equal to a
 * handle's value or to a block's start counts as a reference. */
typedef struct leak_candidate {
  int module;                     /* index */
  uint64_t unload_step;
  int unloaded_by;
  int tid;                        /* thread, or 0 */
  int handle_index;               /* handle slot, or -1 */
  sim_object *object;
  const void *block;              /* heap block, or NULL */
  uint64_t block_serial;
  size_t block_size;
  bool handed_over;               /* referred to from outside the DLL at unload */
} leak_candidate;

/* Each candidate, with its object named by type and number rather than by
 * where the run's arena put it. */
void sim__leak_candidates_fingerprint(const sim_run *r, sim_fingerprint *f) {
  const leak_candidate *c = r->loader->leak_candidates;
  sim__fingerprint_u64(f, (uint64_t)r->loader->n_leak_candidates);
  for (int i = 0; i < r->loader->n_leak_candidates; i++) {
    sim__fingerprint_u64(f, (uint64_t)c[i].module);
    sim__fingerprint_u64(f, (uint64_t)c[i].unloaded_by);
    sim__fingerprint_u64(f, (uint64_t)c[i].tid);
    sim__fingerprint_u64(f, (uint64_t)(uint32_t)c[i].handle_index);
    sim__fingerprint_u64(f, c[i].object ? (uint64_t)c[i].object->type << 32 | (uint32_t)c[i].object->serial : 0);
    sim__fingerprint_u64(f, (uintptr_t)c[i].block);
    sim__fingerprint_u64(f, c[i].block_serial);
    sim__fingerprint_u64(f, c[i].block_size);
    sim__fingerprint_u64(f, c[i].handed_over);
  }
}

static void add_candidate(leak_candidate c) {
  sim_run *r = sim__current_run;
  /* Left behind by an earlier unload already: report it once, there. */
  for (int i = 0; i < r->loader->n_leak_candidates; i++) {
    const leak_candidate *o = &((const leak_candidate *)r->loader->leak_candidates)[i];
    if ((c.tid && o->tid == c.tid) || (c.object && o->object == c.object) ||
        (c.block && o->block_serial == c.block_serial && o->block == c.block))
      return;
  }
  if (r->loader->n_leak_candidates == r->loader->cap_leak_candidates) {
    int cap = r->loader->cap_leak_candidates ? r->loader->cap_leak_candidates * 2 : 16;
    leak_candidate *n = sim__arena_alloc(&r->arena, (size_t)cap * sizeof *n);
    if (r->loader->n_leak_candidates) memcpy(n, r->loader->leak_candidates, (size_t)r->loader->n_leak_candidates * sizeof *n);
    r->loader->leak_candidates = n;
    r->loader->cap_leak_candidates = cap;
  }
  ((leak_candidate *)r->loader->leak_candidates)[r->loader->n_leak_candidates++] = c;
}

static void note_block(void *ctx, const void *block, uint64_t serial, size_t size) {
  leak_candidate c = *(const leak_candidate *)ctx;
  c.block = block;
  c.block_serial = serial;
  c.block_size = size;
  add_candidate(c);
}

/* The candidates of one unload, for the scan of what was handed over. */
typedef struct handover_scan {
  leak_candidate *c;
  int n;
  const sim_image *im;
  /* Whether a word equal to a handle value counts.  Handle values are small
   * integers (4, 8, 0xc...), which stale words of any stack frame equal by
   * chance, so only words of data, the heap and TLS slots count for them;
   * a block's address does not occur by chance and counts anywhere. */
  bool handles;
} handover_scan;

static void note_handover(void *ctx, uintptr_t word) {
  handover_scan *h = ctx;
  if (!word) return;
  uint64_t serial;
  bool block = sim__heap_live_block_of((const void *)word, h->im, &serial);
  for (int i = 0; i < h->n; i++) {
    leak_candidate *c = &h->c[i];
    if (h->handles && c->object && (uintptr_t)sim__handle_of_slot(c->handle_index) == word)
      c->handed_over = true;
    if (block && c->block == (const void *)word && c->block_serial == serial) c->handed_over = true;
  }
}

/* A conservative scan reads whole stack frames (see scan_range). */
__attribute__((no_sanitize_address)) static void scan_words(handover_scan *h, const void *lo,
                                                            const void *hi) {
  const uintptr_t *p = (const uintptr_t *)(((uintptr_t)lo + 7) & ~(uintptr_t)7);
  const uintptr_t *end = (const uintptr_t *)((uintptr_t)hi & ~(uintptr_t)7);
  for (; p < end; p++) note_handover(h, *p);
}

/* The static data of an image, segment by segment. */
static void scan_image_data(handover_scan *h, const sim_image *im) {
  for (int i = 0; i < im->n_segs; i++) {
    if (!im->segs[i].data) continue;
    uintptr_t lo = im->segs[i].own_lo, hi = im->segs[i].own_hi;
    /* The dynamic section (tags such as 4 and 0xc, beside the program's
     * variables in the same segment) is the linker's, so its words name no
     * handle. */
    uintptr_t rlo = im->dynamic_lo > lo ? im->dynamic_lo : lo, rhi = im->dynamic_hi < hi ? im->dynamic_hi : hi;
    if (rlo >= rhi) {
      scan_words(h, (void *)lo, (void *)hi);
      continue;
    }
    scan_words(h, (void *)lo, (void *)rlo);
    h->handles = false;
    scan_words(h, (void *)rlo, (void *)rhi);
    h->handles = true;
    scan_words(h, (void *)rhi, (void *)hi);
  }
}

/* Marks the candidates c[0..n) that memory outside module m refers to. */
static void mark_handed_over(sim_module *m, leak_candidate *c, int n) {
  sim_run *r = sim__current_run;
  sim_image *im = m->dll->image;
  handover_scan h = {c, n, im, true};
  scan_image_data(&h, r->program->host);
  for (int i = 0; i < r->loader->n_modules; i++) {
    sim_module *o = &r->loader->modules[i];
    if (o == m || o->state != SIM_MOD_LOADED) continue;
    scan_image_data(&h, o->dll->image);
  }
  for (int i = 0; i < r->n_threads; i++) {
    sim_thread *t = r->threads[i];
    if (t->state == SIM_T_EXITED || (t->start && sim__image_contains(im, (uintptr_t)t->start)))
      continue;
    scan_words(&h, t->tls, t->tls + TLS_MINIMUM_AVAILABLE);
    if (t->tls_expansion) scan_words(&h, t->tls_expansion, t->tls_expansion + SIM_TLS_EXPANSION_SLOTS);
    if (!t->stack || !t->user_sp) continue;
    const char *top = (const char *)t->stack->lo + t->stack->size;
    if ((const char *)t->user_sp < (const char *)t->stack->lo || (const char *)t->user_sp > top) continue;
    h.handles = false;
    scan_words(&h, t->user_sp, top);
    h.handles = true;
  }
  sim__heap_scan_words(im, note_handover, &h);
}

static void note_leaks(sim_thread *t, sim_module *m) {
  sim_run *r = sim__current_run;
  sim_image *im = m->dll->image;
  int first = r->loader->n_leak_candidates;
  leak_candidate base = {m->index, r->step, t->id, 0, -1, NULL, NULL, 0, 0, false};
  for (int i = 0; i < r->n_threads; i++) {
    sim_thread *o = r->threads[i];
    if (o->state == SIM_T_EXITED || o == t || !o->start || o->exiting) continue;
    if (!sim__image_contains(im, (uintptr_t)o->start)) continue;
    leak_candidate c = base;
    c.tid = o->id;
    add_candidate(c);
  }
  for (int i = 0; i < sim__handle_slots(); i++) {
    sim_object *o = sim__handle_slot(i);
    if (!o || !o->created_at) continue;
    if (!sim__image_contains(im, (uintptr_t)o->created_at)) continue;
    leak_candidate c = base;
    c.handle_index = i;
    c.object = o;
    add_candidate(c);
  }
  sim__heap_each_live(im, note_block, &base);
  leak_candidate *cs = r->loader->leak_candidates;
  if (r->loader->n_leak_candidates > first)
    mark_handed_over(m, cs + first, r->loader->n_leak_candidates - first);
}

/* Whether what c names is still there at process end. */
static bool still_there(const leak_candidate *c) {
  if (c->tid) return sim__thread_by_id(c->tid)->killed_at_exit;
  if (c->object) return sim__handle_slot(c->handle_index) == c->object;
  return sim__heap_block_live(c->block, c->block_serial);
}

/* At process end: a warning for each handle, and for the blocks, a DLL
 * handed to the host that the host never closed or freed. */
static void warn_handed_over(void) {
  sim_run *r = sim__current_run;
  const leak_candidate *cs = r->loader->leak_candidates;
  char buf[160];
  for (int i = 0; i < r->loader->n_leak_candidates; i++) {
    const leak_candidate *c = &cs[i];
    if (!c->handed_over || !c->object || !still_there(c)) continue;
    sim__warn(r->cur, "ends the process with handle %#lx (%s) open: %s opened it and handed it "
             "over before it was unloaded, and nobody closed it",
             (unsigned long)(uintptr_t)sim__handle_of_slot(c->handle_index),
             sim__object_label(c->object, buf, sizeof buf), r->loader->modules[c->module].dll->name);
  }
  for (int mod = 0; mod < r->loader->n_modules; mod++) {
    size_t blocks = 0, bytes = 0;
    for (int i = 0; i < r->loader->n_leak_candidates; i++) {
      const leak_candidate *c = &cs[i];
      if (c->module != mod || !c->handed_over || !c->block || !still_there(c)) continue;
      blocks++;
      bytes += c->block_size;
    }
    if (blocks)
      sim__warn(r->cur, "ends the process with %zu heap block%s (%zu bytes) allocated: %s "
               "allocated %s and handed %s over before it was unloaded, and nobody freed %s",
               blocks, blocks == 1 ? "" : "s", bytes, r->loader->modules[mod].dll->name,
               blocks == 1 ? "it" : "them", blocks == 1 ? "it" : "them", blocks == 1 ? "it" : "them");
  }
}

/* What a leaked thread was doing when the process ended, and what would
 * have happened had it gone on: a thread that never ran would start in the
 * unloaded code, and one parked in a call that returns into it would
 * return there; both are the access violation this run was one wake-up
 * away from (*latent).  ExitProcess leaves a terminated thread's call and
 * wait as they were, so they can still be read here. */
typedef struct latent_crash {
  sim_verdict_kind kind;          /* SIM_VERDICT_ACCESS_VIOLATION, or OK */
  int tid;                        /* the first thread that would crash */
  uint64_t from_step;             /* the unload after which it would */
} latent_crash;

static void note_latent(latent_crash *latent, const sim_thread *o, uint64_t unload_step) {
  if (latent->kind != SIM_VERDICT_OK) return;
  latent->kind = SIM_VERDICT_ACCESS_VIOLATION;
  latent->tid = o->id;
  latent->from_step = unload_step;
}

static void describe_leaked_thread(const sim_thread *o, uint64_t unload_step, struct strbuf *out,
                                   latent_crash *latent) {
  char buf[160], where[160];
  sim_module *start_m = sim__module_of_address((void *)o->start);
  if (o->phase == SIM_PHASE_START) {
    strbuf_printf(out, "created to run %s, never ran a step",
                  sim__describe_code((void *)o->start, buf, sizeof buf));
    if (start_m && start_m->state == SIM_MOD_UNLOADED) {
      strbuf_printf(out, ": had it been scheduled, it would have started in the unloaded %s "
                    "(an access violation)", start_m->dll->name);
      note_latent(latent, o, unload_step);
    }
    return;
  }
  strbuf_printf(out, "started at %s", sim__describe_code((void *)o->start, buf, sizeof buf));
  sim_module *ret_m = o->ret_addr ? sim__unloaded_module_at(o->ret_addr) : NULL;
  if (o->wait.kind != SIM_WAIT_NONE) {
    /* ExitProcess unlinked the wait, so only the call is left to name. */
    strbuf_printf(out, ", blocked in %s", sim_api_name(o->api));
  } else if (o->api >= 0 && o->phase == SIM_PHASE_RETURN) {
    strbuf_printf(out, ", ready to return from %s", sim_api_name(o->api));
  } else if (o->api >= 0) {
    strbuf_printf(out, ", at %s", sim_api_name(o->api));
  }
  if (ret_m) {
    strbuf_printf(out, ": when it %s, it returns into %s, which is unloaded (an access violation)",
                  o->wait.kind != SIM_WAIT_NONE ? "wakes" : "runs",
                  sim__describe_code(o->ret_addr, where, sizeof where));
    note_latent(latent, o, unload_step);
  } else {
    strbuf_puts(out, ", still running its code");
  }
}

/* Leaked threads of one unload, grouped by what they were doing, so that a
 * thousand threads make one line. */
static void report_thread_group(struct strbuf *out, int *tids, int n, uint64_t unload_step,
                                latent_crash *latent) {
  char who[64];
  int *group = calloc((size_t)n + 1, sizeof *group); /* 0: not yet described */
  sim_assert(group, "out of memory");
  int lines = 0;
  for (int i = 0; i < n; i++) {
    if (group[i]) continue;
    if (lines == 8) {
      int rest = 0;
      for (int k = i; k < n; k++) rest += !group[k];
      strbuf_printf(out, "  and %d more thread%s, each doing something else\n", rest, rest == 1 ? "" : "s");
      for (int k = i; k < n; k++) {
        if (group[k]) continue;
        struct strbuf skip = {0};
        describe_leaked_thread(sim__thread_by_id(tids[k]), unload_step, &skip, latent);
        strbuf_free(&skip);
      }
      break;
    }
    lines++;
    group[i] = i + 1;
    struct strbuf d = {0};
    describe_leaked_thread(sim__thread_by_id(tids[i]), unload_step, &d, latent);
    int same = 1;
    for (int k = i + 1; k < n; k++) {
      if (group[k]) continue;
      struct strbuf e = {0};
      describe_leaked_thread(sim__thread_by_id(tids[k]), unload_step, &e, latent);
      if (strcmp(strbuf_str(&d), strbuf_str(&e)) == 0) {
        group[k] = i + 1;
        same++;
      }
      strbuf_free(&e);
    }
    if (same == 1) {
      strbuf_printf(out, "  %s, %s\n", sim__thread_label(sim__thread_by_id(tids[i]), who, sizeof who),
                    strbuf_str(&d));
    } else {
      strbuf_printf(out, "  %d threads (%d", same, tids[i]);
      int shown = 1;
      for (int k = i + 1; k < n && shown < 4; k++)
        if (group[k] == i + 1) {
          strbuf_printf(out, ", %d", tids[k]);
          shown++;
        }
      strbuf_printf(out, "%s), each %s\n", same > shown ? ", ..." : "", strbuf_str(&d));
    }
    strbuf_free(&d);
  }
  free(group);
}

/* At process end: the candidates still leaking, grouped by unload, as the
 * details of a leak-at-unload verdict (empty if nothing leaked). */
static void report_leaks(struct strbuf *out, uint64_t *step, int *tid, latent_crash *latent) {
  sim_run *r = sim__current_run;
  const leak_candidate *cs = r->loader->leak_candidates;
  char who[64], buf[160];
  uint64_t group = 0;
  size_t blocks = 0, bytes = 0;
  int *tids = sim__arena_alloc(&r->arena, (size_t)(r->loader->n_leak_candidates + 1) * sizeof *tids);
  int n_tids = 0, handles = 0, handles_shown = 0;
  for (int i = 0; i <= r->loader->n_leak_candidates; i++) {
    const leak_candidate *c = i < r->loader->n_leak_candidates ? &cs[i] : NULL;
    /* What it handed to the host is the host's (warn_handed_over). */
    bool leaking = c && !c->handed_over && still_there(c);
    bool new_group = c && leaking && c->unload_step != group;
    if (n_tids && (!c || new_group || (leaking && !c->tid))) {
      report_thread_group(out, tids, n_tids, group, latent);
      n_tids = 0;
    }
    if (handles > handles_shown && (!c || new_group)) {
      strbuf_printf(out, "  and %d more handle%s opened by its code, never closed\n", handles - handles_shown,
                    handles - handles_shown == 1 ? "" : "s");
    }
    if (blocks && (!c || new_group || (leaking && !c->block))) {
      strbuf_printf(out, "  %zu heap block%s (%zu bytes) allocated by its code, never freed\n", blocks,
                    blocks == 1 ? "" : "s", bytes);
      blocks = bytes = 0;
    }
    if (!c) break;
    if (!leaking) continue;
    if (new_group) {
      group = c->unload_step;
      handles = handles_shown = 0;
      if (!out->len) {
        *step = c->unload_step;
        *tid = c->unloaded_by;
      }
      strbuf_printf(out, "%s, unloaded at step %llu by %s, left behind:\n", r->loader->modules[c->module].dll->name,
                    (unsigned long long)c->unload_step,
                    sim__thread_label(sim__thread_by_id(c->unloaded_by), who, sizeof who));
    }
    if (c->tid) {
      tids[n_tids++] = c->tid;
    } else if (c->object) {
      handles++;
      if (handles <= 8) {
        handles_shown++;
        strbuf_printf(out, "  handle %#lx (%s), opened by its code, never closed\n",
                      (unsigned long)(uintptr_t)sim__handle_of_slot(c->handle_index),
                      sim__object_label(c->object, buf, sizeof buf));
      }
    } else {
      blocks++;
      bytes += c->block_size;
    }
  }
}

/* Unmaps m, whose DLL_PROCESS_DETACH (if it was attached) has run. */
static void unmap(sim_thread *t, sim_module *m) {
  sim_run *r = sim__current_run;
  sim_assert(m->state == SIM_MOD_LOADED && m->refs == 0, "unmapping %s, which is %s with %d references",
             m->dll->name, m->state == SIM_MOD_LOADED ? "loaded" : "unloaded", m->refs);
  sim__fp_touch(SIM_RES_MODULES, 0, true);
  /* Unmapping changes what every thread's code can reach, and the leak
   * check reads every thread, handle and heap block. */
  sim__fp_global();
  m->attached = false;
  m->state = SIM_MOD_UNLOADED;
  m->refs = 0;
  m->unloaded_step = r->step;
  m->unloaded_by = t->id;
  r->n_unloaded++;
  if (r->opt.leaks_at_unload) note_leaks(t, m);
  if (sim__tracing()) {
    sim__trace_note(t, SIM_EV_NOTE, "%s unmapped", m->dll->name);
    sim__trace_module_state(m->dll->name, SIM_MODULE_UNMAPPED);
  }
  sim__unmap(t, m);
}

/* Drops one reference to m; at zero, m's own references to the modules it
 * imports go too (Wine: MODULE_DecRefCount).  Nothing is detached here. */
static void deref(sim_module *m) {
  sim_run *r = sim__current_run;
  sim__fp_touch(SIM_RES_MODULES, 0, true);
  if (m->state != SIM_MOD_LOADED || m->pinned || m->refs <= 0) return;
  if (--m->refs > 0) return;
  for (int i = 0; i < m->dll->n_imports; i++) deref(&r->loader->modules[m->dll->imports[i]]);
}

/* The attached module nobody references any more that was initialised
 * last, or NULL. */
static sim_module *last_unreferenced_attached(void) {
  sim_run *r = sim__current_run;
  sim_module *last = NULL;
  for (int i = 0; i < r->loader->n_modules; i++) {
    sim_module *m = &r->loader->modules[i];
    if (m->state != SIM_MOD_LOADED || !m->attached || m->refs > 0 || m->pinned) continue;
    if (!last || m->init_order > last->init_order) last = m;
  }
  return last;
}

void sim__module_free(sim_thread *t, sim_module *m) {
  sim_run *r = sim__current_run;
  struct sim_loader_run *L = r->loader;
  L->unload_depth++;
  deref(m);
  if (L->unload_depth == 1) {
    /* The outermost unload: detach every module left without references,
     * newest first, looking again after each DllMain (it may have freed or
     * loaded modules itself); then unmap them all.  A FreeLibrary made by
     * one of these DllMain calls only counted down: the module it freed is
     * detached here, after the DllMain that freed it, and stays mapped,
     * callable, until then (Wine: LdrUnloadDll and process_detach). */
    for (sim_module *d; (d = last_unreferenced_attached());) {
      d->attached = false;
      call_dllmain(t, d, DLL_PROCESS_DETACH, NULL);
      sim__run_atexit(t, d->dll->image);
    }
    for (int order = L->attach_counter; order >= 1; order--) {
      for (int i = 0; i < L->n_modules; i++) {
        sim_module *u = &L->modules[i];
        if (u->init_order == order && u->state == SIM_MOD_LOADED && u->refs == 0 && !u->pinned)
          unmap(t, u);
      }
    }
    for (int i = 0; i < L->n_modules; i++)
      sim_assert(L->modules[i].state != SIM_MOD_LOADED || L->modules[i].refs > 0 || L->modules[i].pinned,
                 "the outermost FreeLibrary left %s mapped without references", L->modules[i].dll->name);
  }
  L->unload_depth--;
}

/* ---- Threads ----------------------------------------------------------------------------- */

void sim__thread_attach_notify(sim_thread *t) {
  sim_run *r = sim__current_run;
  sim__cs_enter(t, &r->loader_lock);
  for (int order = 1; order <= r->loader->attach_counter; order++) {
    for (int i = 0; i < r->loader->n_modules; i++) {
      /* Read again in every step: DllMain may have yielded meanwhile. */
      sim__fp_touch(SIM_RES_MODULES, 0, false);
      sim_module *m = &r->loader->modules[i];
      if (m->init_order != order || !m->attached || m->thread_calls_disabled) continue;
      call_dllmain(t, m, DLL_THREAD_ATTACH, NULL);
    }
  }
  sim__cs_leave(t, &r->loader_lock);
}

void sim__thread_detach_notify(sim_thread *t) {
  sim_run *r = sim__current_run;
  sim__cs_enter(t, &r->loader_lock);
  for (int order = r->loader->attach_counter; order >= 1; order--) {
    for (int i = 0; i < r->loader->n_modules; i++) {
      sim__fp_touch(SIM_RES_MODULES, 0, false);
      sim_module *m = &r->loader->modules[i];
      if (m->init_order != order || !m->attached || m->thread_calls_disabled) continue;
      call_dllmain(t, m, DLL_THREAD_DETACH, NULL);
    }
  }
  sim__cs_leave(t, &r->loader_lock);
}

/* ---- Process exit ------------------------------------------------------------------------- */

void sim__main_returned(sim_thread *t, int code) {
  t->api = SIM_API_ProcessExit;
  t->phase = SIM_PHASE_CALL;
  t->ret_addr = NULL;
  sim__yield_point(t);
  if (sim__tracing()) sim__trace(t, SIM_EV_CALL, NULL, "main returns %d: the C runtime calls ExitProcess(%d)", code, code);
  sim__run_atexit(t, sim__current_run->program->host);
  sim__process_exit(t, code);
}

void sim__process_exit(sim_thread *t, int code) {
  sim_run *r = sim__current_run;
  /* Ends every other thread where it stands. */
  sim__fp_global();
  if (r->loader->process_exiting) {
    /* ExitProcess from DllMain during exit: Windows ends the process now. */
    r->result->exited = true;
    r->exit_code = code;
    sim__finish(SIM_VERDICT_OK, t, "the process exited with code %d", code);
  }
  sim__cs_enter(t, &r->loader_lock);
  r->loader->process_exiting = true;
  r->loader->exit_code = code;
  r->loader->exiting_thread = t;
  r->loader->killed_at_exit = sim__arena_alloc(&r->arena, (size_t)r->n_threads * sizeof(sim_thread *));
  for (int i = 0; i < r->n_threads; i++) {
    sim_thread *o = r->threads[i];
    if (o == t || o->state == SIM_T_EXITED) continue;
    r->loader->killed_at_exit[r->loader->n_killed_at_exit++] = o;
    o->killed_at_exit = true;
    if (sim__tracing()) {
      char who[64];
      sim__trace_note(t, SIM_EV_NOTE, "ExitProcess terminates %s", sim__thread_label(o, who, sizeof who));
    }
    sim__thread_kill(o, (DWORD)code);
  }
  for (int order = r->loader->attach_counter; order >= 1; order--) {
    for (int i = 0; i < r->loader->n_modules; i++) {
      sim_module *m = &r->loader->modules[i];
      if (m->init_order != order || !m->attached) continue;
      call_dllmain(t, m, DLL_PROCESS_DETACH, (void *)1);
      r->loader->exit_atexit = m->dll->image;
      sim__run_atexit(t, m->dll->image);
      r->loader->exit_atexit = NULL;
      m->attached = false;
    }
  }
  sim__cs_leave(t, &r->loader_lock);
  r->result->exited = true;
  r->exit_code = code;
  sim__end_of_process_verdicts();
  sim__finish(SIM_VERDICT_OK, t, "the process exited with code %d", code);
}

/* Whether image im registered atexit functions that have not run. */
static bool has_atexit(const sim_image *im) {
  sim_run *r = sim__current_run;
  for (int i = 0; i < r->loader->n_atexit; i++)
    if (r->loader->atexit_fns[i].image == im) return true;
  return false;
}

/* "g_lock (a.dll), held by thread 2, which ExitProcess terminated". */
static void describe_orphaned_lock(void *lock, int kind, struct strbuf *out) {
  char what[128], who[64];
  strbuf_puts(out, sim__lock_label(lock, kind, what, sizeof what));
  int owner = kind == SIM_WAIT_CS ? (int)(uintptr_t)((CRITICAL_SECTION *)lock)->OwningThread
                                  : sim__srw_exclusive_owner(lock);
  sim_thread *o = sim__thread_by_id(owner);
  if (!o) {
    strbuf_puts(out, kind == SIM_WAIT_CS ? "" : ", held shared or wanted by a waiting writer");
    return;
  }
  strbuf_printf(out, ", held by %s, which %s", sim__thread_label(o, who, sizeof who),
                o->killed_at_exit ? "ExitProcess terminated while it held it"
                                  : "ended without releasing it");
}

void sim__lock_wait_at_exit(sim_thread *t, void *lock, int kind) {
  sim_run *r = sim__current_run;
  struct sim_loader_run *L = r->loader;
  if (!L->process_exiting || t != L->exiting_thread || lock == &r->loader_lock) return;
  /* Every other thread is gone, so nobody can release the lock.  Windows
   * Vista and later end the process here for a critical section, and
   * Windows 7 and later for an SRW lock (Raymond Chen, "During process
   * termination, the gates are now electrified" and "... slim
   * reader/writer locks are now also electrified"); Windows XP, and Wine,
   * let the caller into a critical section instead. */
  char where[160], who[64];
  struct strbuf lockd = {0}, d = {0};
  describe_orphaned_lock(lock, kind, &lockd);
  const char *fn = sim_api_name(t->api);
  strbuf_printf(&d, "  %s called %s(%s) at %s\n", sim__thread_label(t, who, sizeof who), fn,
                strbuf_str(&lockd), sim__describe_code(t->ret_addr, where, sizeof where));
  strbuf_puts(&d, "  during process exit nobody can release it: Windows ends the process there\n");
  strbuf_puts(&d, "never ran:\n");
  sim_module *cur = t->dllmain_module;
  if (cur) strbuf_printf(&d, "  the rest of DLL_PROCESS_DETACH of %s\n", cur->dll->name);
  if (L->exit_atexit) {
    strbuf_printf(&d, "  the rest of the atexit functions of %s\n", L->exit_atexit->name);
  } else if (cur && has_atexit(cur->dll->image)) {
    strbuf_printf(&d, "  the atexit functions of %s\n", cur->dll->name);
  }
  for (int order = L->attach_counter; order >= 1; order--) {
    for (int i = 0; i < L->n_modules; i++) {
      sim_module *m = &L->modules[i];
      if (m->init_order != order || !m->attached || m == cur) continue;
      if (L->exit_atexit == m->dll->image) continue;
      strbuf_printf(&d, "  DLL_PROCESS_DETACH of %s%s\n", m->dll->name,
                    has_atexit(m->dll->image) ? ", and its atexit functions" : "");
    }
  }
  if (sim__tracing())
    sim__trace_note(t, SIM_EV_NOTE, "%s(%s) during process exit: Windows ends the process here",
                   fn, strbuf_str(&lockd));
  r->result->exited = true;
  r->exit_code = L->exit_code;
  const char *in = cur ? cur->dll->name : L->exit_atexit ? L->exit_atexit->name : NULL;
  char context[160] = "";
  if (cur) snprintf(context, sizeof context, " in DLL_PROCESS_DETACH of %s", in);
  else if (in) snprintf(context, sizeof context, " in an atexit function of %s", in);
  strbuf_free(&lockd);
  sim__finish_details(SIM_VERDICT_EXIT_CUT_SHORT, t, strbuf_take(&d),
                     "the process ended at %s%s: the lock it waits for can never be released "
                     "during process exit, so the clean-up after it never ran",
                     fn, context);
}

void sim__end_of_process_verdicts(void) {
  sim_run *r = sim__current_run;
  sim__fp_global();
  struct strbuf leaks = {0};
  latent_crash latent = {SIM_VERDICT_OK, 0, 0};
  report_leaks(&leaks, &r->loader->leak_step, &r->loader->leak_tid, &latent);
  r->result->verdict.latent = latent.kind;
  r->result->verdict.latent_tid = latent.tid;
  r->result->verdict.latent_from_step = latent.from_step;
  if (r->loader->misuse_report.len) {
    strbuf_free(&leaks);
    sim__finish_details(SIM_VERDICT_DLLMAIN_MISUSE, sim__thread_by_id(r->loader->misuse_tid),
                       strdup(r->loader->misuse_report.data),
                       "DllMain did what Microsoft's DllMain guidance forbids under the loader lock");
  }
  warn_handed_over();
  if (leaks.len)
    sim__finish_details(SIM_VERDICT_LEAK_AT_UNLOAD, sim__thread_by_id(r->loader->leak_tid), strbuf_take(&leaks),
                       "a DLL was unloaded while its threads, handles or memory were still in use");
}
