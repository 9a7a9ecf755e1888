/* VirtualAlloc and VirtualFree: regions of pages, on the tracked heap.
 *
 * Models the documented contract: a new region is zeroed, starts on a
 * 64 KiB boundary (the allocation granularity) and spans whole 4 KiB
 * pages; MEM_COMMIT of a range inside a region returns its first page;
 * MEM_DECOMMIT zeroes the pages (committed again, they read as zero);
 * MEM_RELEASE needs a size of 0 (else ERROR_INVALID_PARAMETER) and the
 * region's base (else ERROR_INVALID_ADDRESS, NT's
 * STATUS_FREE_VM_NOT_AT_BASE); an address outside every region fails with
 * ERROR_INVALID_ADDRESS (NT's STATUS_MEMORY_NOT_ALLOCATED; Wine 8.0 says
 * ERROR_INVALID_PARAMETER).  Each region is one block
 * of the simulator's heap (kernel/heap.c), owned by the image that called
 * VirtualAlloc, so what a DLL leaves behind is reported at unload like
 * its heap memory, and pointers in regions keep an unloaded DLL's pages
 * reachable for the unload scan.
 *
 * Left out: page protection and reservation are accepted, not enforced:
 * reserved, decommitted and released pages can be read and written here
 * (released ones hold the heap's 0xdd poison), where Windows faults;
 * VirtualProtect, VirtualQuery, MEM_RESET, large pages, and a region at
 * an address of the caller's choosing.
 */
#include "api.h"

#include <string.h>

#define PAGE 4096u
#define GRANULARITY 65536u

struct virtual_region {
  struct virtual_region *next;
  uintptr_t base;                 /* what VirtualAlloc returned */
  size_t size;                    /* whole pages */
  void *block;                    /* the heap block that holds it */
};

static struct virtual_region *region_of(uintptr_t a) {
  for (struct virtual_region *v = sim__api_run()->regions; v; v = v->next)
    if (a >= v->base && a < v->base + v->size) return v;
  return NULL;
}

static bool protection_ok(DWORD p) {
  switch (p) {
  case PAGE_NOACCESS: case PAGE_READONLY: case PAGE_READWRITE: case PAGE_WRITECOPY:
  case PAGE_EXECUTE: case PAGE_EXECUTE_READ: case PAGE_EXECUTE_READWRITE: return true;
  default: return false;
  }
}

LPVOID WINAPI VirtualAlloc(LPVOID address, SIZE_T size, DWORD type, DWORD protect) {
  SIM_LOCAL(VirtualAlloc);
  sim_run *r = sim__current_run;
  if (size == 0 || !(type & (MEM_COMMIT | MEM_RESERVE)) || (type & ~(MEM_COMMIT | MEM_RESERVE)) ||
      !protection_ok(protect))
    SIM_FAIL(ERROR_INVALID_PARAMETER, NULL);
  if (address) {
    /* Committing pages of a region reserved before. */
    struct virtual_region *v = region_of((uintptr_t)address);
    uintptr_t first = (uintptr_t)address & ~(uintptr_t)(PAGE - 1);
    if (!v || !(type & MEM_COMMIT) || (uintptr_t)address + size > v->base + v->size)
      SIM_FAIL(ERROR_INVALID_ADDRESS, NULL);
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "VirtualAlloc(%#lx, %lu, MEM_COMMIT) -> commits pages", (unsigned long)first, (unsigned long)size);
    return (LPVOID)first;
  }
  size_t pages = (size + PAGE - 1) & ~(size_t)(PAGE - 1);
  void *block = sim__heap_alloc(pages + GRANULARITY, true, __builtin_return_address(0));
  if (!block) SIM_FAIL(ERROR_NOT_ENOUGH_MEMORY, NULL);
  struct virtual_region *v = sim__arena_alloc(&r->arena, sizeof *v);
  v->block = block;
  v->base = ((uintptr_t)block + GRANULARITY - 1) & ~(uintptr_t)(GRANULARITY - 1);
  v->size = pages;
  v->next = sim__api_run()->regions;
  sim__api_run()->regions = v;
  if (sim__tracing()) {
    char where[96];
    sim__trace(self, SIM_EV_CALL, NULL, "VirtualAlloc(NULL, %lu%s%s) -> %s", (unsigned long)size,
              (type & MEM_RESERVE) ? ", MEM_RESERVE" : "", (type & MEM_COMMIT) ? ", MEM_COMMIT" : "",
              sim__describe_address((void *)v->base, where, sizeof where));
  }
  return (LPVOID)v->base;
}

BOOL WINAPI VirtualFree(LPVOID address, SIZE_T size, DWORD type) {
  SIM_LOCAL(VirtualFree);
  if (type != MEM_RELEASE && type != MEM_DECOMMIT) SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
  struct virtual_region *v = region_of((uintptr_t)address);
  if (!v) {
    sim__warn(self, "VirtualFree(%p): not in a region VirtualAlloc returned (freed twice?)", address);
    SIM_FAIL(ERROR_INVALID_ADDRESS, FALSE);
  }
  if (type == MEM_RELEASE) {
    if (size != 0) SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
    /* STATUS_FREE_VM_NOT_AT_BASE */
    if ((uintptr_t)address != v->base) SIM_FAIL(ERROR_INVALID_ADDRESS, FALSE);
    for (struct virtual_region **p = &sim__api_run()->regions; *p; p = &(*p)->next) {
      if (*p != v) continue;
      *p = v->next;
      break;
    }
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "TRUE", "VirtualFree(%p, 0, MEM_RELEASE)", address);
    sim__heap_free(v->block, __builtin_return_address(0));
    return TRUE;
  }
  /* MEM_DECOMMIT: size 0 means the whole region from address on. */
  uintptr_t first = (uintptr_t)address & ~(uintptr_t)(PAGE - 1);
  uintptr_t end = size ? ((uintptr_t)address + size + PAGE - 1) & ~(uintptr_t)(PAGE - 1) : v->base + v->size;
  if (end > v->base + v->size) SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
  memset((void *)first, 0, end - first);
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "TRUE", "VirtualFree(%p, %lu, MEM_DECOMMIT)", address, (unsigned long)size);
  return TRUE;
}
