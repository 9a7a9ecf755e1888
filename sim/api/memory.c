/* What the simulated program's own code reads and writes, for the
 * footprints of partial-order reduction (kernel/footprint.c).
 *
 * Simulated programs are compiled with gcc's -fsanitize=thread
 * instrumentation but linked without ThreadSanitizer's run-time library
 * (program/build.c): every load and store in their code becomes a call to
 * a __tsan_ function, and this file defines those functions.  They note the
 * address in the running step's footprint (when a strategy asks for
 * footprints; otherwise they return at once) and, for the atomic
 * operations, do the operation.  Atomic operations are not scheduling
 * points, as plain loads and stores are not: a step runs from one Win32
 * call to the next whatever its code does.
 *
 * The C library's memory and string functions are not instrumented (they
 * are not compiled with the program), so programs are linked with --wrap
 * for the usual ones and the wrappers below note what they read and write.
 *
 * Left out: other C library functions that read or write a program's
 * memory (sscanf, qsort, ...), and C++ (vptr checks only note the access).
 */
#include "api.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- Plain loads and stores ------------------------------------------------ */

SIM_HOOK void __tsan_init(void) {}
SIM_HOOK void __tsan_func_entry(void *caller) { (void)caller; }
SIM_HOOK void __tsan_func_exit(void) {}

#define TSAN_ACCESS(n)                                                                      \
  SIM_HOOK void __tsan_read##n(void *a) { sim__fp_memory(a, n, false); }                             \
  SIM_HOOK void __tsan_write##n(void *a) { sim__fp_memory(a, n, true); }                             \
  SIM_HOOK void __tsan_unaligned_read##n(void *a) { sim__fp_memory(a, n, false); }                   \
  SIM_HOOK void __tsan_unaligned_write##n(void *a) { sim__fp_memory(a, n, true); }                   \
  SIM_HOOK void __tsan_volatile_read##n(void *a) { sim__fp_memory(a, n, false); }                    \
  SIM_HOOK void __tsan_volatile_write##n(void *a) { sim__fp_memory(a, n, true); }
TSAN_ACCESS(1)
TSAN_ACCESS(2)
TSAN_ACCESS(4)
TSAN_ACCESS(8)
TSAN_ACCESS(16)
#undef TSAN_ACCESS

SIM_HOOK void __tsan_read_range(void *a, size_t n) { sim__fp_memory(a, n, false); }
/* clang calls these for memcpy, memmove and memset; gcc calls the C
 * library, which --wrap routes to the wrappers at the end of this file. */
void *__tsan_memcpy(void *dst, const void *src, size_t n);
void *__tsan_memmove(void *dst, const void *src, size_t n);
void *__tsan_memset(void *dst, int c, size_t n);
SIM_HOOK void __tsan_write_range(void *a, size_t n) { sim__fp_memory(a, n, true); }
SIM_HOOK void __tsan_vptr_read(void **p) { sim__fp_memory(p, sizeof *p, false); }
SIM_HOOK void __tsan_vptr_update(void **p, void *v) {
  (void)v;
  sim__fp_memory(p, sizeof *p, true);
}

/* ---- Atomic operations ------------------------------------------------------- */
/* One simulated thread runs at a time, so an atomic operation is the plain
 * operation; the memory order does not matter. */

#define TSAN_ATOMIC(bits, T)                                                                \
  SIM_HOOK T __tsan_atomic##bits##_load(const volatile T *a, int mo) {                               \
    (void)mo;                                                                               \
    sim__fp_memory((const void *)a, sizeof *a, false);                                      \
    return *a;                                                                              \
  }                                                                                         \
  SIM_HOOK void __tsan_atomic##bits##_store(volatile T *a, T v, int mo) {                            \
    (void)mo;                                                                               \
    sim__fp_memory((const void *)a, sizeof *a, true);                                       \
    *a = v;                                                                                 \
  }                                                                                         \
  TSAN_RMW(bits, T, exchange, v)                                                            \
  TSAN_RMW(bits, T, fetch_add, old + v)                                                     \
  TSAN_RMW(bits, T, fetch_sub, old - v)                                                     \
  TSAN_RMW(bits, T, fetch_and, old & v)                                                     \
  TSAN_RMW(bits, T, fetch_or, old | v)                                                      \
  TSAN_RMW(bits, T, fetch_xor, old ^ v)                                                     \
  TSAN_RMW(bits, T, fetch_nand, ~(old & v))                                                 \
  SIM_HOOK int __tsan_atomic##bits##_compare_exchange_strong(volatile T *a, T *expected, T v, int mo, \
                                                    int fail_mo) {                          \
    (void)mo, (void)fail_mo;                                                                \
    sim__fp_memory((const void *)a, sizeof *a, true);                                       \
    sim__fp_memory(expected, sizeof *expected, true);                                       \
    if (*a == *expected) {                                                                  \
      *a = v;                                                                               \
      return 1;                                                                             \
    }                                                                                       \
    *expected = *a;                                                                         \
    return 0;                                                                               \
  }                                                                                         \
  SIM_HOOK int __tsan_atomic##bits##_compare_exchange_weak(volatile T *a, T *expected, T v, int mo,   \
                                                  int fail_mo) {                            \
    return __tsan_atomic##bits##_compare_exchange_strong(a, expected, v, mo, fail_mo);      \
  }                                                                                         \
  SIM_HOOK T __tsan_atomic##bits##_compare_exchange_val(volatile T *a, T expected, T v, int mo,      \
                                               int fail_mo) {                               \
    (void)mo, (void)fail_mo;                                                                \
    sim__fp_memory((const void *)a, sizeof *a, true);                                       \
    T old = *a;                                                                             \
    if (old == expected) *a = v;                                                            \
    return old;                                                                             \
  }

#define TSAN_RMW(bits, T, op, result)                                                       \
  SIM_HOOK T __tsan_atomic##bits##_##op(volatile T *a, T v, int mo) {                                \
    (void)mo;                                                                               \
    sim__fp_memory((const void *)a, sizeof *a, true);                                       \
    T old = *a;                                                                             \
    *a = (T)(result);                                                                       \
    return old;                                                                             \
  }

TSAN_ATOMIC(8, uint8_t)
TSAN_ATOMIC(16, uint16_t)
TSAN_ATOMIC(32, uint32_t)
TSAN_ATOMIC(64, uint64_t)
#ifdef __SIZEOF_INT128__
TSAN_ATOMIC(128, unsigned __int128)
#endif
#undef TSAN_ATOMIC
#undef TSAN_RMW

SIM_HOOK void __tsan_atomic_thread_fence(int mo) { (void)mo; }
SIM_HOOK void __tsan_atomic_signal_fence(int mo) { (void)mo; }

/* ---- The C library's memory and string functions ------------------------------- */

SIM_HOOK void *__tsan_memcpy(void *dst, const void *src, size_t n) {
  sim__fp_memory(src, n, false);
  sim__fp_memory(dst, n, true);
  return memcpy(dst, src, n);
}

SIM_HOOK void *__tsan_memmove(void *dst, const void *src, size_t n) {
  sim__fp_memory(src, n, false);
  sim__fp_memory(dst, n, true);
  return memmove(dst, src, n);
}

SIM_HOOK void *__tsan_memset(void *dst, int c, size_t n) {
  sim__fp_memory(dst, n, true);
  return memset(dst, c, n);
}

SIM_HOOK void *__wrap_memcpy(void *dst, const void *src, size_t n) {
  sim__fp_memory(src, n, false);
  sim__fp_memory(dst, n, true);
  return memcpy(dst, src, n);
}

SIM_HOOK void *__wrap_memmove(void *dst, const void *src, size_t n) {
  sim__fp_memory(src, n, false);
  sim__fp_memory(dst, n, true);
  return memmove(dst, src, n);
}

SIM_HOOK void *__wrap_memset(void *dst, int c, size_t n) {
  sim__fp_memory(dst, n, true);
  return memset(dst, c, n);
}

/* How many bytes a comparison of a and b reads (at most n). */
SIM_HOOK static size_t compared(const unsigned char *a, const unsigned char *b, size_t n, bool strings) {
  size_t i = 0;
  while (i < n && a[i] == b[i] && !(strings && a[i] == 0)) i++;
  return i < n ? i + 1 : n;
}

SIM_HOOK int __wrap_memcmp(const void *a, const void *b, size_t n) {
  size_t k = compared(a, b, n, false);
  sim__fp_memory(a, k, false);
  sim__fp_memory(b, k, false);
  return memcmp(a, b, n);
}

SIM_HOOK int __wrap_strcmp(const char *a, const char *b) {
  size_t k = compared((const unsigned char *)a, (const unsigned char *)b, SIZE_MAX, true);
  sim__fp_memory(a, k, false);
  sim__fp_memory(b, k, false);
  return strcmp(a, b);
}

SIM_HOOK int __wrap_strncmp(const char *a, const char *b, size_t n) {
  size_t k = compared((const unsigned char *)a, (const unsigned char *)b, n, true);
  sim__fp_memory(a, k, false);
  sim__fp_memory(b, k, false);
  return strncmp(a, b, n);
}

SIM_HOOK size_t __wrap_strlen(const char *s) {
  size_t n = strlen(s);
  sim__fp_memory(s, n + 1, false);
  return n;
}

SIM_HOOK size_t __wrap_strnlen(const char *s, size_t max) {
  size_t n = strnlen(s, max);
  sim__fp_memory(s, n < max ? n + 1 : n, false);
  return n;
}

SIM_HOOK char *__wrap_strcpy(char *dst, const char *src) {
  size_t n = strlen(src) + 1;
  sim__fp_memory(src, n, false);
  sim__fp_memory(dst, n, true);
  return memcpy(dst, src, n);
}

SIM_HOOK char *__wrap_strncpy(char *dst, const char *src, size_t n) {
  size_t k = strnlen(src, n);
  sim__fp_memory(src, k < n ? k + 1 : k, false);
  sim__fp_memory(dst, n, true);
  return strncpy(dst, src, n);
}

SIM_HOOK char *__wrap_strcat(char *dst, const char *src) {
  size_t d = strlen(dst), n = strlen(src) + 1;
  sim__fp_memory(dst, d + 1, false);
  sim__fp_memory(src, n, false);
  sim__fp_memory(dst + d, n, true);
  return strcat(dst, src);
}

SIM_HOOK char *__wrap_strchr(const char *s, int c) {
  const char *r = strchr(s, c);
  sim__fp_memory(s, r ? (size_t)(r - s) + 1 : strlen(s) + 1, false);
  return (char *)r;
}

SIM_HOOK char *__wrap_strrchr(const char *s, int c) {
  sim__fp_memory(s, strlen(s) + 1, false);
  return strrchr(s, c);
}

SIM_HOOK char *__wrap_strstr(const char *hay, const char *needle) {
  sim__fp_memory(hay, strlen(hay) + 1, false);
  sim__fp_memory(needle, strlen(needle) + 1, false);
  return strstr(hay, needle);
}
