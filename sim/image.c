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
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type == PT_TLS) s->has_tls = true;
    if (ph->p_type != PT_LOAD || im->n_segs == 8) continue;
    uintptr_t start = s->base + ph->p_vaddr;
    uintptr_t end = start + ph->p_memsz;
    sim_segment *seg = &im->segs[im->n_segs++];
    seg->start = start & ~(ps - 1);
    seg->end = (end + ps - 1) & ~(ps - 1);
    seg->prot = ((ph->p_flags & PF_R) ? PROT_READ : 0) | ((ph->p_flags & PF_W) ? PROT_WRITE : 0) |
                ((ph->p_flags & PF_X) ? PROT_EXEC : 0);
    if (seg->start < im->lo) im->lo = seg->start;
    if (seg->end > im->hi) im->hi = seg->end;
    if (ph->p_flags & PF_X) {
      if (!im->text_lo || start < im->text_lo) im->text_lo = start;
      if (end > im->text_hi) im->text_hi = end;
    }
    if (ph->p_flags & PF_W) {
      if (!im->data_lo || start < im->data_lo) im->data_lo = start;
      if (end > im->data_hi) im->data_hi = end;
    }
  }
  s->found = true;
  return 1;
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

sim_image *sim_image_open(const char *name, const char *so_path, struct strbuf *err) {
  sim_image *im = calloc(1, sizeof *im);
  if (!im) return NULL;
  im->name = strdup(name);
  im->path = strdup(so_path);
  im->dl = dlopen(so_path, RTLD_NOW | RTLD_LOCAL);
  if (!im->dl) {
    const char *why = dlerror();
    const char *undef = why ? strstr(why, "undefined symbol: ") : NULL;
    if (undef)
      strbuf_printf(err, "%s calls %s, which the simulator does not provide (see "
                    "sim/include/windows.h for the simulated subset)", name,
                    undef + strlen("undefined symbol: "));
    else
      strbuf_printf(err, "cannot load %s: %s", name, why ? why : "unknown error");
    sim_image_close(im);
    return NULL;
  }
  struct link_map *lm = NULL;
  if (dlinfo(im->dl, RTLD_DI_LINKMAP, &lm) != 0 || !lm) {
    strbuf_printf(err, "cannot find where %s was loaded", name);
    sim_image_close(im);
    return NULL;
  }
  struct phdr_search search = {.base = lm->l_addr, .im = im};
  dl_iterate_phdr(on_phdr, &search);
  if (!search.found || im->n_segs == 0) {
    strbuf_printf(err, "cannot find the segments of %s", name);
    sim_image_close(im);
    return NULL;
  }
  if (search.has_tls) {
    strbuf_printf(err, "%s uses thread-local variables (__thread, _Thread_local or "
                  "__declspec(thread)); the simulator runs every thread on one OS thread, so "
                  "use TlsAlloc/TlsGetValue/TlsSetValue instead", name);
    sim_image_close(im);
    return NULL;
  }
  if (!read_symbols(im, lm->l_addr, err)) {
    sim_image_close(im);
    return NULL;
  }
  im->entry_main = sim_image_lookup(im, "main", false);
  im->entry_dllmain = sim_image_lookup(im, "DllMain", false);
  if (im->data_hi > im->data_lo) {
    im->snapshot = malloc(im->data_hi - im->data_lo);
    if (!im->snapshot) {
      sim_image_close(im);
      return NULL;
    }
    memcpy(im->snapshot, (void *)im->data_lo, im->data_hi - im->data_lo);
  }
  return im;
}

void sim_image_close(sim_image *im) {
  if (!im) return;
  if (im->is_protected) sim_image_unprotect(im);
  /* The image stays mapped: a simulated thread abandoned at the end of a
   * run may still have frames in it, and dlclose would run destructors in
   * student code outside any run.  The process ends soon after. */
  free(im->snapshot);
  free(im->syms);
  free(im->strtab);
  free(im->name);
  free(im->path);
  free(im);
}

void sim_image_restore(sim_image *im) {
  if (im->snapshot) memcpy((void *)im->data_lo, im->snapshot, im->data_hi - im->data_lo);
}

bool sim_image_protect(sim_image *im) {
  if (im->is_protected) return true;
  /* One call for the whole span: the gaps between segments are mapped
   * PROT_NONE by the dynamic loader, so the span is contiguous. */
  if (mprotect((void *)im->lo, im->hi - im->lo, PROT_NONE) != 0) {
    for (int i = 0; i < im->n_segs; i++)
      if (mprotect((void *)im->segs[i].start, im->segs[i].end - im->segs[i].start, PROT_NONE) != 0)
        return false;
  }
  im->is_protected = true;
  im->protect_count++;
  return true;
}

bool sim_image_unprotect(sim_image *im) {
  if (!im->is_protected) return true;
  for (int i = 0; i < im->n_segs; i++)
    if (mprotect((void *)im->segs[i].start, im->segs[i].end - im->segs[i].start,
                 im->segs[i].prot) != 0)
      return false;
  im->is_protected = false;
  return true;
}

const sim_symbol *sim_image_symbol_at(const sim_image *im, uintptr_t addr) {
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

void *sim_image_lookup(const sim_image *im, const char *name, bool exported_only) {
  for (int i = 0; i < im->n_syms; i++) {
    const sim_symbol *s = &im->syms[i];
    if (strcmp(s->name, name) != 0) continue;
    if (exported_only && !s->exported) continue;
    return (void *)s->addr;
  }
  return NULL;
}
