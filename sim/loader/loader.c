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
 *   will return into it.
 * - ExitProcess takes the loader lock, terminates every other thread where
 *   it stands (no notifications, their locks stay held), then sends
 *   DLL_PROCESS_DETACH with lpReserved non-NULL in reverse load order;
 *   FreeLibrary is then a no-op.
 *
 * Unmapping is real enough to fault: an unloaded image whose code or data
 * may still be reached is protected PROT_NONE (see should_protect), and
 * the return of a call into unloaded code is caught one step before it
 * would fault, so the verdict names the call and the step exactly.
 *
 * Left out: delay-load imports, activation contexts, LoadLibraryEx flags,
 * DLL search paths (modules are found by file name only), and loader
 * callbacks (LdrRegisterDllNotification).
 */
#include "loader.h"

#include <ctype.h>
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

void sim__loader_end_run(sim_run *r) {
  /* Images stay as they are: a protected image is unprotected by the next
   * load that needs it, which is cheaper than doing it for every run. */
  strbuf_free(&r->loader->misuse_report);
}

/* ---- Finding modules by name ---------------------------------------------------- */

/* "driver", "DRIVER.DLL", "C:\\x\\driver.dll" all name driver.dll. */
static bool name_matches(const char *want, const char *have) {
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
    if (name_matches(name, r->loader->modules[i].dll->name)) return &r->loader->modules[i];
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
  if (sim__tracing())
    sim__trace(t, SIM_EV_CALL, NULL, "DllMain(%s, %s, lpReserved=%s)", m->dll->name,
              reason_name(reason), reserved ? "non-NULL" : "NULL");
  sim_module *outer = t->dllmain_module;
  int saved_api = t->api;
  void *saved_ret = t->ret_addr, *saved_sp = t->user_sp;
  t->dllmain_depth++;
  t->dllmain_module = m;
  BOOL ok = entry((HINSTANCE)m->handle, reason, reserved);
  t->dllmain_depth--;
  t->dllmain_module = outer;
  t->api = saved_api;
  t->ret_addr = saved_ret;
  t->user_sp = saved_sp;
  if (sim__tracing() && reason == DLL_PROCESS_ATTACH)
    sim__trace(t, SIM_EV_RETURN, ok ? "TRUE" : "FALSE", "DllMain(%s, %s)", m->dll->name,
              reason_name(reason));
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

static void unload(sim_thread *t, sim_module *m, bool send_detach);

/* Loads m (and its imports) if needed and takes a reference.  Returns
 * false if its DllMain (or an import's) failed.  Loader lock held. */
static bool load(sim_thread *t, sim_module *m, void *reserved) {
  sim_run *r = sim__current_run;
  sim__fp_touch(SIM_RES_MODULES, 0, true);
  /* Mapping an image changes what every thread's code can reach. */
  if (m->state != SIM_MOD_LOADED) sim__fp_global();
  if (m->state == SIM_MOD_LOADED) {
    m->refs++;
    return true;
  }
  for (int i = 0; i < m->dll->n_imports; i++) {
    if (!load(t, &r->loader->modules[m->dll->imports[i]], reserved)) {
      for (int k = 0; k < i; k++) sim__module_release(t, &r->loader->modules[m->dll->imports[k]]);
      return false;
    }
  }
  sim_image *im = m->dll->image;
  if (im->is_protected) sim__image_unprotect(im);
  sim__image_heal_code(im);
  sim__image_restore(im);
  if (m->loads > 0 && m->state == SIM_MOD_UNLOADED) {
    r->n_unloaded--;
    mark_stale_threads(m);
  }
  m->state = SIM_MOD_LOADED;
  m->refs = 1;
  m->loads++;
  m->pinned = false;
  m->thread_calls_disabled = false;
  m->loaded_step = r->step;
  m->init_order = ++r->loader->attach_counter;
  if (sim__tracing()) sim__trace_note(t, SIM_EV_NOTE, "%s mapped", m->dll->name);
  bool attached = call_dllmain(t, m, DLL_PROCESS_ATTACH, reserved);
  sim__fp_touch(SIM_RES_MODULES, 0, true);
  if (!attached) {
    m->attached = true; /* so that the failure path sends DLL_PROCESS_DETACH */
    unload(t, m, true);
    for (int i = 0; i < m->dll->n_imports; i++) sim__module_release(t, &r->loader->modules[m->dll->imports[i]]);
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

/* Conservative reachability: which pages of im could code still reach?
 * Only through a pointer: a return address or saved register on some
 * thread's stack, a function or data pointer in another image's data, on
 * the heap, or held by the simulator for the program (thread routines and
 * parameters, completion keys, TLS values).  Protecting costs a system call
 * per range and per direction (several microseconds each here), so only the
 * pages such a word points into are protected: touching any of them faults,
 * and the rest of the image cannot be reached without first going through
 * one of them. */
typedef struct page_set {
  uintptr_t lo, hi;               /* the image's span */
  uintptr_t code_lo, code_hi;     /* its instructions */
  uintptr_t pages[16];            /* sorted */
  bool data[16];                  /* some pointer into the page is not a code pointer */
  int n;
  bool all;                       /* too many pages: protect the whole image */
} page_set;

static void note_word(void *ctx, uintptr_t w) {
  page_set *s = ctx;
  if (w < s->lo || w >= s->hi || s->all) return;
  uintptr_t page = w & ~(uintptr_t)4095;
  bool data = w < s->code_lo || w >= s->code_hi;
  int i = 0;
  while (i < s->n && s->pages[i] < page) i++;
  if (i < s->n && s->pages[i] == page) {
    s->data[i] |= data;
    return;
  }
  if (s->n == 16) {
    s->all = true;
    return;
  }
  memmove(&s->pages[i + 1], &s->pages[i], (size_t)(s->n - i) * sizeof s->pages[0]);
  memmove(&s->data[i + 1], &s->data[i], (size_t)(s->n - i) * sizeof s->data[0]);
  s->pages[i] = page;
  s->data[i] = data;
  s->n++;
}

/* A conservative scan reads whole stack frames, including the redzones
 * ASan puts between the simulator's own locals; they are not bugs here. */
__attribute__((no_sanitize_address)) static void scan_range(page_set *s, const void *lo,
                                                            const void *hi) {
  const uintptr_t *p = (const uintptr_t *)(((uintptr_t)lo + 7) & ~(uintptr_t)7);
  const uintptr_t *end = (const uintptr_t *)((uintptr_t)hi & ~(uintptr_t)7);
  for (; p < end; p++)
    if (*p >= s->lo && *p < s->hi) note_word(s, *p);
}

static void reachable_pages(const sim_image *im, page_set *s) {
  sim_run *r = sim__current_run;
  s->lo = im->lo;
  s->hi = im->hi;
  s->code_lo = im->code_lo;
  s->code_hi = im->code_hi;
  /* Each thread's stack is scanned from the frame of the simulated call it
   * is in: below that lie only the simulator's own frames, whose locals
   * (this scan's among them) say nothing about what the program can reach.
   * Simulated programs are compiled at -O0, so a pointer the caller keeps
   * across the call lives in its frame, not in a callee-saved register. */
  for (int i = 0; i < r->n_threads; i++) {
    sim_thread *t = r->threads[i];
    if (t->state == SIM_T_EXITED) continue;
    note_word(s, (uintptr_t)t->start);
    note_word(s, (uintptr_t)t->param);
    scan_range(s, t->tls, t->tls + TLS_MINIMUM_AVAILABLE);
    if (!t->stack) continue;
    const char *top = (const char *)t->stack->lo + t->stack->size;
    const char *sp = t->user_sp;
    if (!sp || sp < (const char *)t->stack->lo || sp > top) continue;
    scan_range(s, sp, top);
  }
  sim_program *p = r->program;
  scan_range(s, (void *)p->host->data_lo, (void *)p->host->data_hi);
  for (int i = 0; i < r->loader->n_modules; i++) {
    sim_image *other = r->loader->modules[i].dll->image;
    if (other == im || r->loader->modules[i].state != SIM_MOD_LOADED) continue;
    scan_range(s, (void *)other->data_lo, (void *)other->data_hi);
  }
  sim__heap_scan(im->lo, im->hi, note_word, s);
  sim__ports_scan(im->lo, im->hi, note_word, s);
}

/* What a module leaves behind when it is unloaded: threads still running
 * its code, handles it opened, memory it allocated.  A handle or a block
 * it hands to the host is not a leak if the host closes or frees it later,
 * so each is only a candidate at unload, and a leak if it is still there
 * when the process ends. */
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
} leak_candidate;

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

static void note_leaks(sim_thread *t, sim_module *m) {
  sim_run *r = sim__current_run;
  sim_image *im = m->dll->image;
  leak_candidate base = {m->index, r->step, t->id, 0, -1, NULL, NULL, 0, 0};
  for (int i = 0; i < r->n_threads; i++) {
    sim_thread *o = r->threads[i];
    if (o->state == SIM_T_EXITED || o == t || !o->start || o->exiting) continue;
    if (!sim__image_contains(im, (uintptr_t)o->start)) continue;
    leak_candidate c = base;
    c.tid = o->id;
    add_candidate(c);
  }
  for (int i = 0; i < r->n_handles; i++) {
    sim_object *o = r->handles[i];
    if ((uintptr_t)o < 4096 || !o->created_at) continue;
    if (!sim__image_contains(im, (uintptr_t)o->created_at)) continue;
    leak_candidate c = base;
    c.handle_index = i;
    c.object = o;
    add_candidate(c);
  }
  sim__heap_each_live(im, note_block, &base);
}

/* At process end: the candidates still leaking, grouped by unload, as the
 * details of a leak-at-unload verdict (empty if nothing leaked). */
static void report_leaks(struct strbuf *out, uint64_t *step, int *tid) {
  sim_run *r = sim__current_run;
  const leak_candidate *cs = r->loader->leak_candidates;
  char who[64], buf[160];
  uint64_t group = 0;
  size_t blocks = 0, bytes = 0;
  for (int i = 0; i <= r->loader->n_leak_candidates; i++) {
    const leak_candidate *c = i < r->loader->n_leak_candidates ? &cs[i] : NULL;
    if (blocks && (!c || c->unload_step != group || !c->block)) {
      strbuf_printf(out, "  %zu heap block%s (%zu bytes) allocated by its code, never freed\n", blocks,
                    blocks == 1 ? "" : "s", bytes);
      blocks = bytes = 0;
    }
    if (!c) break;
    bool leaking;
    if (c->tid) leaking = sim__thread_by_id(c->tid)->killed_at_exit;
    else if (c->object) leaking = r->handles[c->handle_index] == c->object;
    else leaking = sim__heap_block_live(c->block, c->block_serial);
    if (!leaking) continue;
    if (c->unload_step != group) {
      group = c->unload_step;
      if (!out->len) {
        *step = c->unload_step;
        *tid = c->unloaded_by;
      }
      strbuf_printf(out, "%s, unloaded at step %llu by %s, left behind:\n", r->loader->modules[c->module].dll->name,
                    (unsigned long long)c->unload_step,
                    sim__thread_label(sim__thread_by_id(c->unloaded_by), who, sizeof who));
    }
    if (c->tid) {
      sim_thread *o = sim__thread_by_id(c->tid);
      strbuf_printf(out, "  %s, started at %s, still running its code\n", sim__thread_label(o, who, sizeof who),
                    sim__describe_code((void *)o->start, buf, sizeof buf));
    } else if (c->object) {
      strbuf_printf(out, "  handle %#x (%s), opened by its code, never closed\n", (c->handle_index + 1) * 4,
                    sim__object_label(c->object, buf, sizeof buf));
    } else {
      blocks++;
      bytes += c->block_size;
    }
  }
}

static void unload(sim_thread *t, sim_module *m, bool send_detach) {
  sim_run *r = sim__current_run;
  sim__fp_touch(SIM_RES_MODULES, 0, true);
  if (send_detach && m->attached) {
    call_dllmain(t, m, DLL_PROCESS_DETACH, NULL);
    sim__run_atexit(t, m->dll->image);
  }
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
  if (sim__tracing()) sim__trace_note(t, SIM_EV_NOTE, "%s unmapped", m->dll->name);
  sim_image *im = m->dll->image;
  bool ok = true;
  if (r->opt.protect == SIM_PROTECT_ALWAYS) {
    ok = sim__image_protect(im);
  } else {
    /* Code pages reached only through code pointers (return addresses,
     * function pointers) are filled with breakpoints, which costs a memory
     * write; pages reached through data pointers are protected. */
    static page_set s;
    memset(&s, 0, sizeof s);
    reachable_pages(im, &s);
    uintptr_t guard[16];
    int n_guard = 0;
    for (int i = 0; i < s.n && !s.all; i++)
      if (s.data[i] || !sim__image_poison_code_page(im, s.pages[i])) guard[n_guard++] = s.pages[i];
    if (s.all) ok = sim__image_protect(im);
    else if (n_guard) ok = sim__image_protect_pages(im, guard, n_guard);
  }
  if (!ok)
    sim__finish(SIM_VERDICT_LIMIT, t, "cannot protect the pages of %s (mprotect failed)",
               m->dll->name);
}

/* Drops one reference; unloads at zero (and then drops its imports). */
void sim__module_release(sim_thread *t, sim_module *m) {
  sim_run *r = sim__current_run;
  sim__fp_touch(SIM_RES_MODULES, 0, true);
  if (m->state != SIM_MOD_LOADED || m->pinned) return;
  if (--m->refs > 0) return;
  unload(t, m, true);
  for (int i = 0; i < m->dll->n_imports; i++) sim__module_release(t, &r->loader->modules[m->dll->imports[i]]);
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
      sim__run_atexit(t, m->dll->image);
      m->attached = false;
    }
  }
  sim__cs_leave(t, &r->loader_lock);
  r->result->exited = true;
  r->exit_code = code;
  sim__end_of_process_verdicts();
  sim__finish(SIM_VERDICT_OK, t, "the process exited with code %d", code);
}

void sim__end_of_process_verdicts(void) {
  sim_run *r = sim__current_run;
  sim__fp_global();
  if (r->loader->misuse_report.len)
    sim__finish_details(SIM_VERDICT_DLLMAIN_MISUSE, sim__thread_by_id(r->loader->misuse_tid),
                       strdup(r->loader->misuse_report.data),
                       "DllMain did what Microsoft's DllMain guidance forbids under the loader lock");
  struct strbuf leaks = {0};
  report_leaks(&leaks, &r->loader->leak_step, &r->loader->leak_tid);
  if (leaks.len)
    sim__finish_details(SIM_VERDICT_LEAK_AT_UNLOAD, sim__thread_by_id(r->loader->leak_tid), strbuf_take(&leaks),
                       "a DLL was unloaded while its threads, handles or memory were still in use");
}
