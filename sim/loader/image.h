/* Images: the shared objects a simulated program is made of.
 *
 * A host program or a DLL is C source compiled into a real shared object
 * (program/build.c) and dlopen'ed once per process.  The image remembers where its
 * segments are mapped, a snapshot of its writable data taken right after
 * relocation (so every load in every run starts from fresh static data,
 * as a reload does on Windows), and its symbol table (so traces can name
 * functions and variables, and so GetProcAddress sees only exported
 * functions).  Protecting an image makes every access to it fault for real;
 * the loader does that when an unloaded DLL may still be reached.
 *
 * Left out: a second, independent copy of the same image in one run
 * (Windows maps a DLL once per process too), and thread-local variables
 * (__thread), which would be per operating-system thread rather than per
 * simulated thread: images that have them are refused.
 */
#ifndef SIM_IMAGE_H
#define SIM_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core.h"

typedef struct sim_symbol {
  uintptr_t addr;
  size_t size;
  const char *name;
  bool func;
  bool exported;                /* default visibility, global: GetProcAddress sees it */
} sim_symbol;

/* A loadable (PT_LOAD) segment.  Segments need not be adjacent: the
 * pages between two of them are mapped PROT_NONE, so anything that copies
 * or scans an image goes segment by segment. */
typedef struct sim_segment {
  uintptr_t start, end;         /* page-aligned */
  uintptr_t own_lo, own_hi;     /* its own bytes (the pages around them may hold
                                   a neighbouring segment's) */
  int prot;                     /* PROT_* as mapped (code is made writable at open) */
  bool data;                    /* writable in the file: static data, fresh at every load */
  bool code;                    /* executable in the file */
  unsigned char *pristine;      /* data: its bytes right after relocation; code: its
                                   instructions, to heal poisoned pages; else NULL */
} sim_segment;

typedef struct sim_range {
  uintptr_t lo, hi;
} sim_range;

typedef struct sim_image {
  char *name;                   /* "driver.dll", "host.exe" */
  char *path;                   /* the shared object */
  void *dl;                     /* dlopen handle */
  uintptr_t lo, hi;             /* the whole mapping, page-aligned */
  uintptr_t base;               /* the load bias (link_map l_addr): ELF address + base = address */
  sim_segment *segs;            /* its PT_LOAD segments, however many */
  int n_segs;
  uintptr_t text_lo, text_hi;   /* span of the executable segments */
  uintptr_t dynamic_lo, dynamic_hi; /* the dynamic section: the linker's tags and values,
                                       in a writable segment (-z norelro), no variables */
  sim_range *code;              /* instructions (.init/.plt/.text/.fini sections...), */
  int n_code;                   /* sorted and merged */
  bool code_writable;           /* text made writable at open, so it can be poisoned */
  uintptr_t poisoned[SIM_POISONED_PAGES_MAX]; /* code pages filled with breakpoints */
  int n_poisoned;
  sim_symbol *syms;             /* sorted by address */
  int n_syms;
  char *strtab;
  void *entry_main;             /* int main(void) or int main(int, char **) */
  void *entry_dllmain;          /* BOOL WINAPI DllMain(HINSTANCE, DWORD, LPVOID) */
  bool is_protected;            /* all of its pages are PROT_NONE right now */
  int protect_count;            /* how often it was protected (for benches) */
  int users;                    /* programs using it */
} sim_image;

/* Loads a shared object built by sim__build, or returns the image already
 * loaded from that path.  On failure returns NULL and explains in err
 * (naming the file and what to do). */
sim_image *sim__image_open(const char *name, const char *so_path, struct strbuf *err);
/* Releases a program's use of an image (which stays mapped). */
void sim__image_close(sim_image *im);

/* Restores the static data snapshot (fresh globals). */
void sim__image_restore(sim_image *im);
/* Takes every page away (PROT_NONE) / gives them back as mapped.  Return
 * false if the kernel refused (errno set). */
bool sim__image_protect(sim_image *im);
bool sim__image_unprotect(sim_image *im);
/* Fills a page of code with breakpoint instructions, so that executing any
 * of it traps; false if the image's code is not writable. */
bool sim__image_poison_code_page(sim_image *im, uintptr_t page);
/* Puts back the original code of every poisoned page. */
void sim__image_heal_code(sim_image *im);

static inline bool sim__image_contains(const sim_image *im, uintptr_t a) {
  return a >= im->lo && a < im->hi;
}
static inline bool sim__image_is_text(const sim_image *im, uintptr_t a) {
  return a >= im->text_lo && a < im->text_hi;
}
/* Whether a is an instruction of im (a code pointer, not a data pointer). */
static inline bool sim__image_is_code(const sim_image *im, uintptr_t a) {
  for (int i = 0; i < im->n_code; i++)
    if (a >= im->code[i].lo && a < im->code[i].hi) return true;
  return false;
}

/* The symbol containing addr (or the nearest function below it), or NULL. */
const sim_symbol *sim__image_symbol_at(const sim_image *im, uintptr_t addr);
/* A defined symbol by name (any visibility); exported_only for GetProcAddress. */
void *sim__image_lookup(const sim_image *im, const char *name, bool exported_only);

#endif
