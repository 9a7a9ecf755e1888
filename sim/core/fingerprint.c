/* Hashing a run's state into a fingerprint, and the one part of that state
 * no layer keeps in memory it owns: the registers a simulated call must
 * give back to its caller.
 *
 * The hash is two independent 64-bit lanes over 64-bit words, each a
 * multiply and a rotate per word with different constants, finished with
 * the MurmurHash finaliser, so a change of any byte changes both lanes.  It is not a cryptographic hash: a
 * program cannot choose its own state to collide with another (it does not
 * see the hash), and for states that are not chosen to collide, two
 * different ones share a fingerprint with a probability of about 2^-128.
 *
 * The caller's registers: when a simulated Win32 call is a scheduling
 * point, the program's frame that made the call keeps values in its
 * callee-saved registers, which the calling convention says the call gives
 * back unchanged.  The simulator's functions between the call and the
 * point where the state is hashed have saved those registers somewhere in
 * their own frames, or not touched them, wherever the compiler chose.  The
 * unwinder knows where (the call frame information every function has),
 * so it is asked for them, frame by frame, up to the caller's.
 *
 * Left out: architectures other than x86-64, where this returns false and
 * no state is ever cut (explore/state_cache.c).
 */
#include "core.h"

#include <string.h>
#include <unwind.h>

#define LANE_A_SEED 0x243f6a8885a308d3ULL
#define LANE_B_SEED 0x13198a2e03707344ULL

static uint64_t fold(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

void sim__fingerprint_init(sim_fingerprint *f) {
  f->a = LANE_A_SEED;
  f->b = LANE_B_SEED;
  f->words = 0;
}

/* One multiply and one rotate a lane per word, so that hashing the
 * kilobytes of a state costs little; sim__fingerprint_finish mixes the
 * lanes thoroughly at the end. */
static inline uint64_t rotl(uint64_t x, int k) { return x << k | x >> (64 - k); }

void sim__fingerprint_u64(sim_fingerprint *f, uint64_t v) {
  f->words++;
  f->a = rotl((f->a ^ v) * 0x9e3779b97f4a7c15ULL, 29);
  f->b = rotl((f->b + v) * 0xc2b2ae3d27d4eb4fULL, 31) ^ f->words;
}

void sim__fingerprint_finish(sim_fingerprint *f) {
  uint64_t a = fold(f->a ^ f->words), b = fold(f->b + 0x165667b19e3779f9ULL * f->words);
  f->a = a ^ fold(b);
  f->b = b;
}

/* Memory is read word by word with AddressSanitizer's checks off: a
 * thread's stack holds, between the frames, the padding and (in that
 * build) the redzones of the frames around it, which are part of its bytes,
 * and reading them is no error here. */
__attribute__((no_sanitize_address)) void sim__fingerprint_bytes(sim_fingerprint *f, const void *p, size_t n) {
  const unsigned char *c = p;
  sim__fingerprint_u64(f, n);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    __builtin_memcpy(&w, c + i, 8);
    sim__fingerprint_u64(f, w);
  }
  for (; i < n; i++) sim__fingerprint_u64(f, c[i]);
}

void sim__fingerprint_str(sim_fingerprint *f, const char *s) {
  if (!s) {
    sim__fingerprint_u64(f, UINT64_MAX);
    return;
  }
  sim__fingerprint_bytes(f, s, strlen(s));
}

void sim__fingerprint_add_element(sim_fingerprint *f, const sim_fingerprint *g) {
  /* Sums are commutative; the elements' own hashes are finalised first so
   * that related elements do not cancel. */
  f->a += fold(g->a ^ g->words);
  f->b += fold(g->b + 0x9e3779b97f4a7c15ULL * g->words);
  sim__fingerprint_u64(f, 0x5e7); /* the count of elements counts too */
}

#if defined(__x86_64__)
/* DWARF register numbers of the x86-64 callee-saved registers: rbx, rbp,
 * r12 to r15 (System V ABI, figure 3.36). */
static const int callee_saved[] = {3, 6, 12, 13, 14, 15};
enum { N_CALLEE_SAVED = sizeof callee_saved / sizeof callee_saved[0] };

struct unwind_search {
  const void *ret_addr;
  bool (*is_program)(uintptr_t ip);
  uint64_t regs[N_CALLEE_SAVED];
  bool found, left_program, simulator_between;
  int frames;
  uintptr_t deepest;              /* the lowest of its own frames the unwinder ran on */
};

static _Unwind_Reason_Code at_frame(struct _Unwind_Context *ctx, void *arg) {
  struct unwind_search *u = arg;
  uintptr_t here = (uintptr_t)__builtin_frame_address(0);
  if (!u->deepest || here < u->deepest) u->deepest = here;
  /* The simulator's own frames between a call and here are a handful, and
   * a program's call chain is not deep at a cut point; give up beyond. */
  if (++u->frames > 256) {
    u->simulator_between = true;
    return _URC_NORMAL_STOP;
  }
  uintptr_t ip = _Unwind_GetIP(ctx);
  if (!u->found) {
    if ((const void *)ip != u->ret_addr) return _URC_NO_REASON;
    for (int i = 0; i < N_CALLEE_SAVED; i++) u->regs[i] = _Unwind_GetGR(ctx, callee_saved[i]);
    u->found = true;
    return _URC_NO_REASON;
  }
  /* Above the caller: the program's frames, then the simulator's start of
   * the thread.  A program frame above a simulator frame means the
   * simulator is in the middle of a call of its own that called the
   * program back (an APC, a callback), and that call's frames hold state
   * no fingerprint describes. */
  if (u->is_program(ip)) {
    if (u->left_program) {
      u->simulator_between = true;
      return _URC_NORMAL_STOP;
    }
  } else {
    u->left_program = true;
  }
  return _URC_NO_REASON;
}

bool sim__fingerprint_caller(sim_fingerprint *f, const void *ret_addr, bool (*is_program)(uintptr_t ip),
                             uintptr_t *deepest) {
  struct unwind_search u = {ret_addr, is_program, {0}, false, false, false, 0, 0};
  _Unwind_Backtrace(at_frame, &u);
  *deepest = u.deepest;
  if (!u.found || u.simulator_between) return false;
  for (int i = 0; i < N_CALLEE_SAVED; i++) sim__fingerprint_u64(f, u.regs[i]);
  /* The control bits of MXCSR and the x87 control word are callee-saved
   * too; the simulator never changes them, so their values now are the
   * caller's. */
  uint32_t mxcsr;
  uint16_t fpcw;
  __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
  __asm__ volatile("fnstcw %0" : "=m"(fpcw));
  sim__fingerprint_u64(f, mxcsr);
  sim__fingerprint_u64(f, fpcw);
  return true;
}
#else
bool sim__fingerprint_caller(sim_fingerprint *f, const void *ret_addr, bool (*is_program)(uintptr_t ip),
                             uintptr_t *deepest) {
  (void)f, (void)ret_addr, (void)is_program;
  *deepest = 0;
  return false;
}
#endif
