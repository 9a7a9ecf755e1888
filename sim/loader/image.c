/* Loading images, their symbols, data snapshots and page protection (see
 * image.h).  Each shared object is dlopen'ed once per process and never
 * closed while the simulator runs: "unloading" a DLL in a run is the
 * loader's business (protection and snapshots), not dlclose's, because a
 * dlclose/dlopen pair per simulated unload would cost far more than the
 * race it shows. */
#include "image.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static uintptr_t page_size(void) {
  static uintptr_t ps;
  if (!ps) ps = (uintptr_t)sysconf(_SC_PAGESIZE);
  return ps;
}

struct phdr_search {
  uintptr_t base;
  sim_image *im;
  bool found;
  bool has_tls;
};

static int on_phdr(struct dl_phdr_info *info, size_t size, void *data) {
  struct phdr_search *s = data;
  (void)size;
  if (info->dlpi_addr != s->base) return 0;
  sim_image *im = s->im;
  uintptr_t ps = page_size();
  im->lo = UINTPTR_MAX;
  im->hi = 0;
  im->segs = calloc(info->dlpi_phnum ? info->dlpi_phnum : 1, sizeof *im->segs);
  sim_assert(im->segs, "out of memory for the segments of %s", im->name);
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type == PT_TLS) s->has_tls = true;
    if (ph->p_type == PT_DYNAMIC) {
      im->dynamic_lo = s->base + ph->p_vaddr;
      im->dynamic_hi = im->dynamic_lo + ph->p_memsz;
    }
    if (ph->p_type != PT_LOAD) continue;
    uintptr_t start = s->base + ph->p_vaddr;
    uintptr_t end = start + ph->p_memsz;
    sim_segment *seg = &im->segs[im->n_segs++];
    seg->start = start & ~(ps - 1);
    seg->end = (end + ps - 1) & ~(ps - 1);
    seg->own_lo = start;
    seg->own_hi = end;
    seg->prot = ((ph->p_flags & PF_R) ? PROT_READ : 0) | ((ph->p_flags & PF_W) ? PROT_WRITE : 0) |
                ((ph->p_flags & PF_X) ? PROT_EXEC : 0);
    seg->data = (ph->p_flags & PF_W) != 0;
    seg->code = (ph->p_flags & PF_X) != 0;
    if (seg->start < im->lo) im->lo = seg->start;
    if (seg->end > im->hi) im->hi = seg->end;
    if (seg->code) {
      if (!im->text_lo || start < im->text_lo) im->text_lo = start;
      if (end > im->text_hi) im->text_hi = end;
    }
  }
  sim_assert(im->n_segs <= info->dlpi_phnum, "more segments than program headers");
  s->found = true;
  return 1;
}

static int by_lo(const void *a, const void *b) {
  const sim_range *x = a, *y = b;
  return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static int by_addr(const void *a, const void *b) {
  const sim_symbol *x = a, *y = b;
  if (x->addr != y->addr) return x->addr < y->addr ? -1 : 1;
  /* Prefer global names over local aliases at the same address. */
  return (int)y->exported - (int)x->exported;
}

/* Reads the full symbol table (.symtab, which has hidden and static names
 * too) from the file, because .dynsym only has exported names. */
static bool read_symbols(sim_image *im, uintptr_t base, struct strbuf *err) {
  int fd = open(im->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    strbuf_printf(err, "cannot read %s: %s", im->path, strerror(errno));
    return false;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(ElfW(Ehdr))) {
    close(fd);
    strbuf_printf(err, "%s is not an ELF shared object", im->path);
    return false;
  }
  unsigned char *file = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (file == MAP_FAILED) {
    strbuf_printf(err, "cannot map %s: %s", im->path, strerror(errno));
    return false;
  }
  const ElfW(Ehdr) *eh = (const void *)file;
  bool ok = false;
  if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_shoff == 0 ||
      eh->e_shoff + (size_t)eh->e_shnum * sizeof(ElfW(Shdr)) > (size_t)st.st_size) {
    strbuf_printf(err, "%s has no section table", im->path);
    goto out;
  }
  const ElfW(Shdr) *sh = (const void *)(file + eh->e_shoff);
  /* The instructions: every executable section, merged where adjacent.  A
   * word pointing there is a code pointer; anything else in the image
   * (read-only data shares the executable segment) is data. */
  im->code = calloc(eh->e_shnum ? eh->e_shnum : 1, sizeof *im->code);
  sim_assert(im->code, "out of memory for the code ranges of %s", im->name);
  for (int i = 0; i < eh->e_shnum; i++) {
    if (!(sh[i].sh_flags & SHF_EXECINSTR) || !(sh[i].sh_flags & SHF_ALLOC) || !sh[i].sh_size) continue;
    im->code[im->n_code].lo = base + sh[i].sh_addr;
    im->code[im->n_code].hi = base + sh[i].sh_addr + sh[i].sh_size;
    im->n_code++;
  }
  qsort(im->code, (size_t)im->n_code, sizeof *im->code, by_lo);
  int merged = 0;
  for (int i = 0; i < im->n_code; i++) {
    if (merged && im->code[i].lo <= im->code[merged - 1].hi) {
      if (im->code[i].hi > im->code[merged - 1].hi) im->code[merged - 1].hi = im->code[i].hi;
    } else {
      im->code[merged++] = im->code[i];
    }
  }
  im->n_code = merged;
  for (int i = 0; i < eh->e_shnum; i++) {
    if (sh[i].sh_type != SHT_SYMTAB) continue;
    const ElfW(Shdr) *strsh = &sh[sh[i].sh_link];
    if (sh[i].sh_offset + sh[i].sh_size > (size_t)st.st_size ||
        strsh->sh_offset + strsh->sh_size > (size_t)st.st_size)
      break;
    const ElfW(Sym) *sym = (const void *)(file + sh[i].sh_offset);
    size_t n = sh[i].sh_size / sizeof(ElfW(Sym));
    im->strtab = malloc(strsh->sh_size + 1);
    im->syms = calloc(n ? n : 1, sizeof(sim_symbol));
    if (!im->strtab || !im->syms) break;
    memcpy(im->strtab, file + strsh->sh_offset, strsh->sh_size);
    im->strtab[strsh->sh_size] = '\0';
    for (size_t k = 0; k < n; k++) {
      int type = ELF64_ST_TYPE(sym[k].st_info);
      if ((type != STT_FUNC && type != STT_OBJECT) || sym[k].st_shndx == SHN_UNDEF ||
          sym[k].st_name >= strsh->sh_size)
        continue;
      sim_symbol *s = &im->syms[im->n_syms++];
      s->addr = base + sym[k].st_value;
      s->size = sym[k].st_size;
      s->name = im->strtab + sym[k].st_name;
      s->func = type == STT_FUNC;
      s->exported = ELF64_ST_BIND(sym[k].st_info) != STB_LOCAL &&
                    ELF64_ST_VISIBILITY(sym[k].st_other) == STV_DEFAULT;
    }
    qsort(im->syms, (size_t)im->n_syms, sizeof(sim_symbol), by_addr);
    ok = true;
    break;
  }
  if (!ok && !err->len) strbuf_printf(err, "%s has no symbol table (was it stripped?)", im->path);
out:
  munmap(file, (size_t)st.st_size);
  return ok;
}

/* ---- Code the dynamic loader would run by itself ----------------------------------- */

/* The functions the C compiler's own start files put in every shared
 * object's .init_array and .fini_array. */
static bool runtime_init_fini(const char *name) {
  return strcmp(name, "frame_dummy") == 0 || strcmp(name, "__do_global_dtors_aux") == 0;
}

/* The file offset of virtual address addr, or 0 if no section holds it. */
static size_t file_offset_of(const ElfW(Shdr) *sh, int n, ElfW(Addr) addr, size_t len, size_t size) {
  for (int i = 0; i < n; i++) {
    if (sh[i].sh_type == SHT_NOBITS || !sh[i].sh_addr) continue;
    if (addr < sh[i].sh_addr || addr + len > sh[i].sh_addr + sh[i].sh_size) continue;
    size_t off = sh[i].sh_offset + (size_t)(addr - sh[i].sh_addr);
    return off + len <= size ? off : 0;
  }
  return 0;
}

/* The constructor -fsanitize=thread adds to every object (program/build.c
 * instruments programs to learn what each step touches): a function named
 * _sub_I_00099_N whose whole body is `push rbp; mov rbp, rsp; call
 * [__tsan_init's GOT slot]; pop rbp; ret`.  It calls the simulator's own
 * empty __tsan_init, so running it at dlopen is harmless.  The name alone
 * proves nothing (a program may name its constructor so), hence the check
 * of every byte and of the relocation that fills the slot. */
static bool instrumentation_init(const char *fn, const ElfW(Sym) *sym, const unsigned char *file, size_t size) {
#if defined(__x86_64__)
  static const unsigned char head[] = {0x55, 0x48, 0x89, 0xe5, 0xff, 0x15};
  static const unsigned char tail[] = {0x5d, 0xc3};
  enum { BODY = sizeof head + 4 + sizeof tail };
  if (strncmp(fn, "_sub_I_00099_", 13) != 0 || sym->st_size != BODY) return false;
  const ElfW(Ehdr) *eh = (const void *)file;
  const ElfW(Shdr) *sh = (const void *)(file + eh->e_shoff);
  size_t at = file_offset_of(sh, eh->e_shnum, sym->st_value, BODY, size);
  if (!at || memcmp(file + at, head, sizeof head) != 0 || memcmp(file + at + sizeof head + 4, tail, sizeof tail) != 0)
    return false;
  int32_t disp;
  memcpy(&disp, file + at + sizeof head, sizeof disp);
  ElfW(Addr) slot = sym->st_value + sizeof head + 4 + (ElfW(Addr))(int64_t)disp;
  for (int r = 0; r < eh->e_shnum; r++) {
    if (sh[r].sh_type != SHT_RELA || sh[r].sh_link >= eh->e_shnum) continue;
    const ElfW(Shdr) *dynsym = &sh[sh[r].sh_link];
    if (dynsym->sh_type != SHT_DYNSYM || dynsym->sh_link >= eh->e_shnum) continue;
    const ElfW(Shdr) *dynstr = &sh[dynsym->sh_link];
    if (sh[r].sh_offset + sh[r].sh_size > size || dynsym->sh_offset + dynsym->sh_size > size ||
        dynstr->sh_offset + dynstr->sh_size > size)
      continue;
    const ElfW(Rela) *rel = (const void *)(file + sh[r].sh_offset);
    const ElfW(Sym) *ds = (const void *)(file + dynsym->sh_offset);
    for (size_t k = 0; k < sh[r].sh_size / sizeof *rel; k++) {
      if (rel[k].r_offset != slot || ELF64_R_TYPE(rel[k].r_info) != R_X86_64_GLOB_DAT) continue;
      size_t s = ELF64_R_SYM(rel[k].r_info);
      if (s >= dynsym->sh_size / sizeof *ds || ds[s].st_name >= dynstr->sh_size) return false;
      return strcmp((const char *)file + dynstr->sh_offset + ds[s].st_name, "__tsan_init") == 0;
    }
  }
  return false;
#else
  (void)fn, (void)sym, (void)file, (void)size;
  return false;
#endif
}

#if defined(__x86_64__)
#define RELATIVE_RELOC R_X86_64_RELATIVE
#elif defined(__aarch64__)
#define RELATIVE_RELOC R_AARCH64_RELATIVE
#endif

/* An image is dlopen'ed once per process, outside any run, and its
 * destructors run when the simulator exits: a constructor or destructor
 * of the program's (__attribute__((constructor)) and friends) would run
 * unsimulated, where the watchdogs and the fault handler cannot help, and
 * could escape or freeze the simulator.  So an image that has one is
 * refused, before dlopen would run it, naming the function.  Reads the
 * entries of .init_array and .fini_array from their relocations. */
static bool refuse_init_code(const char *name, const unsigned char *file, size_t size,
                             struct strbuf *err) {
  const ElfW(Ehdr) *eh = (const void *)file;
  const ElfW(Shdr) *sh = (const void *)(file + eh->e_shoff);
  const ElfW(Sym) *syms = NULL;
  const char *strtab = NULL;
  size_t n_syms = 0, strtab_size = 0;
  for (int i = 0; i < eh->e_shnum; i++) {
    if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum) continue;
    const ElfW(Shdr) *str = &sh[sh[i].sh_link];
    if (sh[i].sh_offset + sh[i].sh_size > size || str->sh_offset + str->sh_size > size) continue;
    syms = (const void *)(file + sh[i].sh_offset);
    n_syms = sh[i].sh_size / sizeof *syms;
    strtab = (const char *)file + str->sh_offset;
    strtab_size = str->sh_size;
  }
  /* A __wrap_ function defined in the image itself (by a static library,
   * or by the program) would take the calls the simulator must see. */
  for (size_t s = 0; s < n_syms; s++) {
    if (syms[s].st_shndx == SHN_UNDEF || syms[s].st_name >= strtab_size) continue;
    if (strncmp(strtab + syms[s].st_name, "__wrap_", 7) != 0) continue;
    strbuf_printf(err, "%s defines %s itself, so its calls to %s would not reach the simulator: "
                  "remove it (the names __wrap_* and __real_* belong to the simulator)",
                  name, strtab + syms[s].st_name, strtab + syms[s].st_name + 7);
    return true;
  }
  for (int a = 0; a < eh->e_shnum; a++) {
    if (sh[a].sh_type != SHT_INIT_ARRAY && sh[a].sh_type != SHT_FINI_ARRAY) continue;
    const char *what = sh[a].sh_type == SHT_INIT_ARRAY ? "constructor" : "destructor";
    size_t entries = sh[a].sh_size / sizeof(ElfW(Addr)), relocated = 0;
    for (int r = 0; r < eh->e_shnum; r++) {
      if (sh[r].sh_type != SHT_RELA || sh[r].sh_offset + sh[r].sh_size > size) continue;
      const ElfW(Rela) *rel = (const void *)(file + sh[r].sh_offset);
      for (size_t k = 0; k < sh[r].sh_size / sizeof *rel; k++) {
        if (rel[k].r_offset < sh[a].sh_addr || rel[k].r_offset >= sh[a].sh_addr + sh[a].sh_size) continue;
        relocated++;
        const char *fn = NULL;
        const ElfW(Sym) *fn_sym = NULL;
#ifdef RELATIVE_RELOC
        if (ELF64_R_TYPE(rel[k].r_info) == RELATIVE_RELOC) {
          for (size_t s = 0; s < n_syms && !fn; s++)
            if (ELF64_ST_TYPE(syms[s].st_info) == STT_FUNC && syms[s].st_value == (ElfW(Addr))rel[k].r_addend &&
                syms[s].st_name < strtab_size) {
              fn = strtab + syms[s].st_name;
              fn_sym = &syms[s];
            }
        }
#endif
        if (fn && runtime_init_fini(fn)) continue;
        if (fn && sh[a].sh_type == SHT_INIT_ARRAY && instrumentation_init(fn, fn_sym, file, size)) continue;
        strbuf_printf(err, "%s has a %s%s%s (__attribute__((%s)) or a %s section): the simulator loads "
                      "an image once per process, outside any run, where its %ss would run "
                      "unsimulated; do that work in DllMain (DLL_PROCESS_%s) or main instead",
                      name, what, fn ? ", " : "", fn ? fn : "", what,
                      sh[a].sh_type == SHT_INIT_ARRAY ? ".init_array" : ".fini_array", what,
                      sh[a].sh_type == SHT_INIT_ARRAY ? "ATTACH" : "DETACH");
        return true;
      }
    }
    if (relocated < entries) {
      strbuf_printf(err, "%s has a %s the simulator cannot name (an entry of %s without a "
                    "relocation): refused, because it would run outside any run", name, what,
                    sh[a].sh_type == SHT_INIT_ARRAY ? ".init_array" : ".fini_array");
      return true;
    }
  }
  return false;
}

/* Checks an image's file before dlopen maps it and runs its code. */
static bool acceptable_before_load(const char *name, const char *path, struct strbuf *err) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    strbuf_printf(err, "cannot read %s: %s", path, strerror(errno));
    return false;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(ElfW(Ehdr))) {
    close(fd);
    strbuf_printf(err, "%s is not an ELF shared object", path);
    return false;
  }
  unsigned char *file = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (file == MAP_FAILED) {
    strbuf_printf(err, "cannot map %s: %s", path, strerror(errno));
    return false;
  }
  const ElfW(Ehdr) *eh = (const void *)file;
  bool ok = memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 && eh->e_shoff != 0 &&
            eh->e_shoff + (size_t)eh->e_shnum * sizeof(ElfW(Shdr)) <= (size_t)st.st_size;
  if (!ok) strbuf_printf(err, "%s has no section table", path);
  else ok = !refuse_init_code(name, file, (size_t)st.st_size, err);
  munmap(file, (size_t)st.st_size);
  return ok;
}

/* A call a simulated program may not make, made outside any run: that
 * can only be code the dynamic loader ran while loading an image. */
static char refused_call[512];

void sim__image_note_refused_call(const char *call, const char *why) {
  if (!refused_call[0]) snprintf(refused_call, sizeof refused_call, "%s, which %s", call, why);
}

/* Every image ever opened, by path.  A shared object is mapped once per
 * process (dlopen of the same path returns the same mapping), so a second
 * program using it must share the image and its snapshot, taken when the
 * data was still pristine.  Images are never dlclose'd; the table also lets
 * process exit give protected pages back before the dynamic loader runs
 * the images' destructors. */
static sim_image *opened[SIM_IMAGES_MAX];
static int n_opened;

static void unprotect_all_at_exit(void) {
  for (int i = 0; i < n_opened; i++) {
    if (opened[i]->is_protected) sim__image_unprotect(opened[i]);
    sim__image_heal_code(opened[i]);
  }
}

/* The segment that contains page, or NULL. */
static sim_segment *segment_of(sim_image *im, uintptr_t page) {
  for (int i = 0; i < im->n_segs; i++)
    if (page >= im->segs[i].start && page < im->segs[i].end) return &im->segs[i];
  return NULL;
}

/* Makes the code writable and keeps its pristine bytes, so that unloading
 * can fill referenced code pages with breakpoints (a memory write) rather
 * than protect them (two system calls, several microseconds each).  Where
 * the system refuses writable code, unloading falls back to protection. */
static void make_code_poisonable(sim_image *im) {
  for (int i = 0; i < im->n_segs; i++) {
    sim_segment *seg = &im->segs[i];
    if (!seg->code) continue;
    seg->pristine = malloc(seg->end - seg->start);
    if (!seg->pristine || sim__os->mprotect((void *)seg->start, seg->end - seg->start,
                                           seg->prot | PROT_WRITE) != 0)
      goto refused;
    seg->prot |= PROT_WRITE;
    memcpy(seg->pristine, (void *)seg->start, seg->end - seg->start);
  }
  im->code_writable = true;
  return;
refused:
  for (int i = 0; i < im->n_segs; i++) {
    sim_segment *seg = &im->segs[i];
    if (!seg->code) continue;
    free(seg->pristine);
    seg->pristine = NULL;
    if (seg->prot & PROT_WRITE && !seg->data) {
      seg->prot &= ~PROT_WRITE;
      sim__os->mprotect((void *)seg->start, seg->end - seg->start, seg->prot);
    }
  }
}

bool sim__image_poison_code_page(sim_image *im, uintptr_t page) {
  sim_segment *seg = segment_of(im, page);
  if (!im->code_writable || !seg || !seg->code || !seg->pristine) return false;
  for (int i = 0; i < im->n_poisoned; i++)
    if (im->poisoned[i] == page) return true;
  if (im->n_poisoned == SIM_POISONED_PAGES_MAX) return false;
#if defined(__x86_64__) || defined(__i386__)
  memset((void *)page, 0xCC, page_size()); /* int3 */
#elif defined(__aarch64__)
  uint32_t *w = (uint32_t *)page;
  for (size_t i = 0; i < page_size() / 4; i++) w[i] = 0xd4200000u; /* brk #0 */
  __builtin___clear_cache((char *)page, (char *)page + page_size());
#else
  return false;
#endif
  im->poisoned[im->n_poisoned++] = page;
  return true;
}

void sim__image_heal_code(sim_image *im) {
  for (int i = 0; i < im->n_poisoned; i++) {
    uintptr_t page = im->poisoned[i];
    sim_segment *seg = segment_of(im, page);
    sim_assert(seg && seg->code && seg->pristine, "a poisoned page outside the code of %s", im->name);
    memcpy((void *)page, seg->pristine + (page - seg->start), page_size());
#if defined(__aarch64__)
    __builtin___clear_cache((char *)page, (char *)page + page_size());
#endif
  }
  im->n_poisoned = 0;
}

/* For an image that failed to open: nothing else refers to it. */
static void discard(sim_image *im) {
  if (im->dl) dlclose(im->dl);
  for (int i = 0; i < im->n_segs; i++) free(im->segs[i].pristine);
  free(im->segs);
  free(im->code);
  free(im->syms);
  free(im->strtab);
  free(im->name);
  free(im->path);
  free(im);
}

sim_image *sim__image_open(const char *name, const char *so_path, struct strbuf *err) {
  static bool registered;
  if (!registered) {
    registered = true;
    atexit(unprotect_all_at_exit);
  }
  for (int i = 0; i < n_opened; i++) {
    if (strcmp(opened[i]->path, so_path) != 0) continue;
    opened[i]->users++;
    return opened[i];
  }
  if (n_opened == SIM_IMAGES_MAX) {
    strbuf_printf(err, "cannot load %s: this process has mapped %d shared objects already, the "
                  "simulator's limit (SIM_IMAGES_MAX in sim/include/loaderlab.h); build fewer "
                  "programs in one process", name, SIM_IMAGES_MAX);
    return NULL;
  }
  if (!acceptable_before_load(name, so_path, err)) return NULL;
  sim_image *im = calloc(1, sizeof *im);
  if (!im) return NULL;
  im->name = strdup(name);
  im->path = strdup(so_path);
  refused_call[0] = '\0';
  im->dl = dlopen(so_path, RTLD_NOW | RTLD_LOCAL);
  if (refused_call[0]) {
    strbuf_printf(err, "%s called %s while it was being loaded", name, refused_call);
    discard(im);
    return NULL;
  }
  if (!im->dl) {
    const char *why = dlerror();
    const char *undef = why ? strstr(why, "undefined symbol: ") : NULL;
    if (undef)
      strbuf_printf(err, "%s calls %s, which the simulator does not provide (see "
                    "sim/include/windows.h for the simulated subset)", name,
                    undef + strlen("undefined symbol: "));
    else
      strbuf_printf(err, "cannot load %s: %s", name, why ? why : "unknown error");
    discard(im);
    return NULL;
  }
  struct link_map *lm = NULL;
  if (dlinfo(im->dl, RTLD_DI_LINKMAP, &lm) != 0 || !lm) {
    strbuf_printf(err, "cannot find where %s was loaded", name);
    discard(im);
    return NULL;
  }
  im->base = lm->l_addr;
  struct phdr_search search = {.base = lm->l_addr, .im = im};
  dl_iterate_phdr(on_phdr, &search);
  if (!search.found || im->n_segs == 0) {
    strbuf_printf(err, "cannot find the segments of %s", name);
    discard(im);
    return NULL;
  }
  if (search.has_tls) {
    strbuf_printf(err, "%s uses thread-local variables (__thread, _Thread_local or "
                  "__declspec(thread)); the simulator runs every thread on one OS thread, so "
                  "use TlsAlloc/TlsGetValue/TlsSetValue instead", name);
    discard(im);
    return NULL;
  }
  if (!read_symbols(im, lm->l_addr, err)) {
    discard(im);
    return NULL;
  }
  im->entry_main = sim__image_lookup(im, "main", false);
  im->entry_dllmain = sim__image_lookup(im, "DllMain", false);
  for (int i = 0; i < im->n_segs; i++) {
    sim_segment *seg = &im->segs[i];
    if (!seg->data) continue;
    seg->pristine = malloc(seg->end - seg->start);
    sim_assert(seg->pristine, "out of memory for the static data of %s", name);
    memcpy(seg->pristine, (void *)seg->start, seg->end - seg->start);
  }
  make_code_poisonable(im);
  im->users = 1;
  opened[n_opened++] = im;
  return im;
}

void sim__image_close(sim_image *im) {
  /* The image stays mapped and registered: a simulated thread abandoned at
   * the end of a run may still have frames in it, dlclose would run
   * destructors in student code outside any run, and a later program of
   * this process may use the same shared object again. */
  if (im && im->users > 0) im->users--;
}


void sim__image_restore(sim_image *im) {
  for (int i = 0; i < im->n_segs; i++)
    if (im->segs[i].data) memcpy((void *)im->segs[i].start, im->segs[i].pristine, im->segs[i].end - im->segs[i].start);
}

bool sim__image_protect(sim_image *im) {
  sim_assert(!im->is_protected, "%s is protected twice", im->name);
  /* One call for the whole span: the gaps between segments are mapped
   * PROT_NONE by the dynamic loader, so the span is contiguous. */
  if (sim__os->mprotect((void *)im->lo, im->hi - im->lo, PROT_NONE) != 0) return false;
  im->is_protected = true;
  im->protect_count++;
  return true;
}

bool sim__image_unprotect(sim_image *im) {
  if (!im->is_protected) return true;
  /* Each segment gets back the protection it was mapped with; the pages
   * between segments stay PROT_NONE, as the dynamic loader left them. */
  for (int i = 0; i < im->n_segs; i++)
    if (sim__os->mprotect((void *)im->segs[i].start, im->segs[i].end - im->segs[i].start,
                          im->segs[i].prot) != 0)
      return false;
  im->is_protected = false;
  return true;
}

const sim_symbol *sim__image_symbol_at(const sim_image *im, uintptr_t addr) {
  int lo = 0, hi = im->n_syms - 1, best = -1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    if (im->syms[mid].addr <= addr) {
      best = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  /* Several symbols may share an address; by_addr put the exported first. */
  while (best > 0 && im->syms[best - 1].addr == im->syms[best].addr) best--;
  if (best < 0) return NULL;
  const sim_symbol *s = &im->syms[best];
  if (s->size && addr >= s->addr + s->size) {
    /* Past its end: padding, or an object without a symbol. */
    return s->func && addr < s->addr + s->size + 16 ? s : NULL;
  }
  return s;
}

void *sim__image_lookup(const sim_image *im, const char *name, bool exported_only) {
  for (int i = 0; i < im->n_syms; i++) {
    const sim_symbol *s = &im->syms[i];
    if (strcmp(s->name, name) != 0) continue;
    if (exported_only && !s->exported) continue;
    return (void *)s->addr;
  }
  return NULL;
}
