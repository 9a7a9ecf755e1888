/* loaderlab's public interface: what the command line (sim/main.c), the
 * test suites (tests/) and the benchmarks (bench/) may use.
 *
 * Everything else in sim/ is internal to its layer (see
 * docs/architecture.md): the layers' own headers are not on these
 * programs' include path.  Names here start with sim_ (types, functions)
 * or SIM_ (constants); the string buffer keeps its short strbuf_ names.
 * Internal functions shared between files start with sim__.  The only
 * tests that may reach them are unit tests of one layer under tests/unit/
 * (loaderlab_unit_test_layer in sim/CMakeLists.txt); there is no test
 * interface here.
 *
 * The flow: build a program from a scenario (sim_scenario_load,
 * sim_program_build), then run it once under a strategy
 * (sim_run_program), explore many schedules (sim_explore), or replay one
 * (sim_replay), and present the result (sim_report_*).
 */
#ifndef LOADERLAB_H
#define LOADERLAB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct sim_program sim_program;   /* a built program (opaque) */
typedef struct sim_strategy sim_strategy; /* who runs next (opaque) */
typedef struct sim_result sim_result;     /* what one run did (below) */

/* ---- Growable strings ------------------------------------------------------ */

/* A growable byte string, used for output capture, reports and traces. */
struct strbuf {
  char *data;    /* NUL-terminated when non-NULL */
  size_t len;
  size_t cap;
};

void strbuf_append(struct strbuf *b, const char *data, size_t len);
void strbuf_puts(struct strbuf *b, const char *s);
void strbuf_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *b, const char *fmt, va_list ap);
/* Appends s as a JSON string literal, quotes included. */
void strbuf_json_string(struct strbuf *b, const char *s);
void strbuf_reset(struct strbuf *b);
void strbuf_free(struct strbuf *b);
/* Returns the contents (never NULL) and leaves b empty; caller frees. */
char *strbuf_take(struct strbuf *b);
/* The contents as a string, "" when empty. */
const char *strbuf_str(const struct strbuf *b);

/* A bump allocator's state (core/arena.c; its functions are internal).
 * It appears here only because a sim_result holds one for its strings. */
struct arena_chunk;
struct arena {
  struct arena_chunk *chunks;   /* newest first */
  size_t used_total;
};

/* ---- Fibers ------------------------------------------------------------------ */

/* The execution contexts of simulated threads: every simulated thread runs
 * on its own stack, all of them on one operating-system thread, one at a
 * time.  A switch saves the callee-saved registers and the stack pointer in
 * a few lines of assembly (x86-64, aarch64; ucontext elsewhere) and makes
 * no system call.  Public for bench/, which times a switch.
 *
 * Left out: the floating-point control words (MXCSR, x87 control word,
 * FPCR) are not switched, so a simulated program that changes rounding
 * modes sees the change in every thread. */
typedef struct sim_fiber {
  void *sp;           /* saved stack pointer while switched out */
  void *stack_lo;     /* lowest usable address of the stack (for ASan) */
  size_t stack_size;  /* usable size in bytes (for ASan) */
#ifdef SIM_FIBER_UCONTEXT
  void *uc;           /* ucontext_t, only for the portable fallback */
#endif
} sim_fiber;

/* Prepares a fiber that, on its first switch-in, calls entry(arg) on the
 * given stack.  entry must never return: a thread that ends switches away
 * for good. */
void sim_fiber_init(sim_fiber *fiber, void *stack_lo, size_t stack_size,
                    void (*entry)(void *), void *arg);

/* Saves the running context into from and resumes to. */
void sim_fiber_switch(sim_fiber *from, sim_fiber *to);

/* Called first thing by every fiber entry function (ASan bookkeeping). */
void sim_fiber_started(sim_fiber *scheduler);

/* ---- The simulated calls ----------------------------------------------------- */

/* The list of simulated calls, with their stable numbers.
 *
 * A schedule labels each recorded choice with the call the chosen thread
 * was at, by number, so the numbers are part of the schedule encoding
 * (version 1): never renumber an entry, only append.  The first entries
 * are not Win32 functions but the other things a thread can be "at" when
 * the scheduler picks it.
 *
 * X(number, name, kind): kind says whether the call is a scheduling point
 * (P) or runs without one because it touches only the caller's own state
 * (L, "local"); local calls still appear in traces. */
#define SIM_API_LIST(X)                          \
  X(0, ThreadStart, P)                           \
  X(1, ThreadExit, P)                            \
  X(2, ProcessExit, P)                           \
  X(3, CreateThread, P)                          \
  X(4, ExitThread, P)                            \
  X(5, GetExitCodeThread, P)                     \
  X(6, GetCurrentThreadId, L)                    \
  X(7, GetThreadId, P)                           \
  X(8, ResumeThread, P)                          \
  X(9, CloseHandle, P)                           \
  X(10, WaitForSingleObject, P)                  \
  X(11, WaitForMultipleObjects, P)               \
  X(12, Sleep, P)                                \
  X(13, GetTickCount64, L)                       \
  X(14, CreateEventA, P)                         \
  X(15, CreateEventW, P)                         \
  X(16, SetEvent, P)                             \
  X(17, ResetEvent, P)                           \
  X(18, CreateMutexA, P)                         \
  X(19, CreateMutexW, P)                         \
  X(20, ReleaseMutex, P)                         \
  X(21, CreateSemaphoreA, P)                     \
  X(22, CreateSemaphoreW, P)                     \
  X(23, ReleaseSemaphore, P)                     \
  X(24, InitializeCriticalSection, P)            \
  X(25, EnterCriticalSection, P)                 \
  X(26, TryEnterCriticalSection, P)              \
  X(27, LeaveCriticalSection, P)                 \
  X(28, DeleteCriticalSection, P)                \
  X(29, InitializeSRWLock, P)                    \
  X(30, AcquireSRWLockExclusive, P)              \
  X(31, AcquireSRWLockShared, P)                 \
  X(32, ReleaseSRWLockExclusive, P)              \
  X(33, ReleaseSRWLockShared, P)                 \
  X(34, TryAcquireSRWLockExclusive, P)           \
  X(35, TryAcquireSRWLockShared, P)              \
  X(36, InterlockedIncrement, P)                 \
  X(37, InterlockedDecrement, P)                 \
  X(38, InterlockedExchange, P)                  \
  X(39, InterlockedExchangeAdd, P)               \
  X(40, InterlockedCompareExchange, P)           \
  X(41, InterlockedAnd, P)                       \
  X(42, InterlockedOr, P)                        \
  X(43, InterlockedExchangePointer, P)           \
  X(44, InterlockedCompareExchangePointer, P)    \
  X(45, GetLastError, L)                         \
  X(46, SetLastError, L)                         \
  X(47, TlsAlloc, P)                             \
  X(48, TlsFree, P)                              \
  X(49, TlsGetValue, L)                          \
  X(50, TlsSetValue, L)                          \
  X(51, HeapAlloc, L)                            \
  X(52, HeapFree, L)                             \
  X(53, SetThreadDescription, P)                 \
  X(54, SwitchToThread, P)                       \
  X(55, SuspendThread, P)                        \
  X(56, TerminateThread, P)                      \
  X(57, InitializeCriticalSectionAndSpinCount, P) \
  X(58, OutputDebugStringA, P)                   \
  X(59, LoadLibraryA, P)                         \
  X(60, LoadLibraryW, P)                         \
  X(61, FreeLibrary, P)                          \
  X(62, GetProcAddress, P)                       \
  X(63, GetModuleHandleA, P)                     \
  X(64, GetModuleHandleW, P)                     \
  X(65, GetModuleHandleExA, P)                   \
  X(66, GetModuleHandleExW, P)                   \
  X(67, GetModuleFileNameA, P)                   \
  X(68, GetModuleFileNameW, P)                   \
  X(69, DisableThreadLibraryCalls, P)            \
  X(70, FreeLibraryAndExitThread, P)             \
  X(71, ExitProcess, P)                          \
  X(72, DllMain, P)                              \
  X(73, CreateIoCompletionPort, P)               \
  X(74, PostQueuedCompletionStatus, P)           \
  X(75, GetQueuedCompletionStatus, P)            \
  X(76, GetQueuedCompletionStatusEx, P)          \
  X(77, HeapReAlloc, L)                          \
  X(78, malloc, L)                               \
  X(79, free, L)                                 \
  X(80, abort, P)                                \
  X(81, exit, P)                                 \
  X(82, assert, P)                               \
  X(83, GetCurrentProcessId, L)                  \
  X(84, GetTickCount, L)                         \
  X(85, CreateNamedPipeA, P)                     \
  X(86, ConnectNamedPipe, P)                     \
  X(87, CreateFileA, P)                          \
  X(88, ReadFile, P)                             \
  X(89, WriteFile, P)                            \
  X(90, CancelIoEx, P)                           \
  X(91, GetOverlappedResult, P)                  \
  X(92, CreateWaitableTimerA, P)                 \
  X(93, SetWaitableTimer, P)                     \
  X(94, CancelWaitableTimer, P)

enum sim_api {
#define SIM_API_ENUM(num, name, kind) SIM_API_##name = num,
  SIM_API_LIST(SIM_API_ENUM)
#undef SIM_API_ENUM
  SIM_API_COUNT
};

/* The Win32 name of a call number, or NULL for a number not in the list. */
const char *sim_api_name(int api);

/* ---- Verdicts ---------------------------------------------------------------- */

#define SIM_VERDICT_LIST(X)                                          \
  X(OK, "ok")                                                        \
  X(ACCESS_VIOLATION, "access violation")                            \
  X(DEADLOCK, "deadlock")                                            \
  X(HANG, "hang")                                                    \
  X(ASSERTION, "assertion failure")                                  \
  X(ABORT, "abort")                                                  \
  X(CRASH, "crash")                                                  \
  X(LEAK_AT_UNLOAD, "leak at unload")                                \
  X(LOCK_ORDER, "potential deadlock (lock order)")                   \
  X(DLLMAIN_MISUSE, "DllMain misuse")                                \
  X(DIVERGED, "replay diverged")                                     \
  X(LIMIT, "resource limit")

typedef enum sim_verdict_kind {
#define SIM_VERDICT_ENUM(id, text) SIM_VERDICT_##id,
  SIM_VERDICT_LIST(SIM_VERDICT_ENUM)
#undef SIM_VERDICT_ENUM
  SIM_VERDICT_COUNT
} sim_verdict_kind;

const char *sim_verdict_name(sim_verdict_kind kind);
/* The lower-case identifier used in JSON and manifests ("access-violation"). */
const char *sim_verdict_id(sim_verdict_kind kind);
bool sim_verdict_is_bug(sim_verdict_kind kind);

/* ---- Schedules ---------------------------------------------------------------- */

/* What a picked thread does next: the phase is part of a recorded choice. */
typedef enum sim_phase {
  SIM_PHASE_START = 1, /* never ran: the pick starts it */
  SIM_PHASE_CALL,      /* at a call: the pick executes it */
  SIM_PHASE_RETURN,    /* woken from a blocking call: the pick returns it */
  SIM_PHASE_RETRY,     /* woken to try an acquisition again */
} sim_phase;

/* One recorded choice: at step `step` the strategy picked thread `tid`,
 * which was at call `api` (in phase `phase`), instead of the default. */
typedef struct sim_choice {
  uint64_t step;
  int tid;
  int api;
  sim_phase phase;
} sim_choice;

typedef struct sim_schedule {
  int version;
  uint64_t steps;                 /* steps of the whole run */
  uint32_t hash;                  /* of every step's (thread, call) */
  int n, cap;
  sim_choice *choices;
  bool has_end;                   /* steps and hash were given */
} sim_schedule;

/* "1.212.9f3c01ab.17t2a25c.40t1a59c": version, steps, hash of the run,
 * then each recorded choice: step, thread, call number, phase letter
 * (s start, c call, r return, y retry).  Writes into out (malloc'd). */
char *sim_schedule_encode(const sim_schedule *s);
/* Parses an encoding; on error returns false and explains in err. */
bool sim_schedule_decode(const char *text, sim_schedule *out, struct strbuf *err);
void sim_schedule_copy(sim_schedule *dst, const sim_schedule *src);
void sim_schedule_free(sim_schedule *s);
/* After a replay: whether the run matched the whole recorded run; if not,
 * explains in err. */
bool sim_schedule_check_end(const sim_schedule *recorded, const sim_result *run,
                            struct strbuf *err);

/* ---- Trace events ---------------------------------------------------------------- */

typedef struct sim_event {
  uint64_t step;
  int tid;
  const char *who;                /* the thread's label when it happened */
  int api;                        /* or -1 for a note */
  const char *what;               /* "EnterCriticalSection(g_lock)" */
  const char *result;             /* "acquired", "blocks", "WAIT_OBJECT_0" */
  const char *note;               /* extra, or NULL */
  uint64_t time_ms;
  int kind;                       /* SIM_EV_* */
} sim_event;

enum { SIM_EV_CALL = 1, SIM_EV_BLOCK, SIM_EV_RETURN, SIM_EV_OUTPUT, SIM_EV_NOTE,
       SIM_EV_WARNING, SIM_EV_VERDICT };

/* ---- Options and results ------------------------------------------------------- */

typedef enum sim_protect_policy {
  SIM_PROTECT_SCAN = 0,           /* protect an unloaded image only if reachable */
  SIM_PROTECT_ALWAYS,             /* protect every unloaded image */
} sim_protect_policy;

typedef struct sim_options {
  uint64_t steps_max;             /* hang verdict beyond this */
  int threads_max;                /* live and dead threads per run */
  bool trace;                     /* record trace events */
  bool lock_order;                /* report lock-order inversions */
  bool leaks_at_unload;           /* report what a DLL leaves at unload */
  sim_protect_policy protect;
  uint64_t cpu_ms_per_step_max;   /* watchdog for code that never calls the API */
} sim_options;

void sim_options_default(sim_options *o);

typedef struct sim_verdict {
  sim_verdict_kind kind;
  uint64_t step;
  int tid;
  char *message;                  /* one line */
  char *details;                  /* more lines, or NULL */
} sim_verdict;

typedef struct sim_result {
  sim_verdict verdict;
  sim_schedule schedule;          /* what this run did, as a replayable schedule */
  int preemptions;
  uint64_t steps;
  uint64_t time_ms;               /* virtual time at the end */
  int exit_code;                  /* process exit code */
  bool exited;                    /* the process exited (main returned, ExitProcess) */
  struct strbuf out;              /* program stdout */
  struct strbuf err;              /* program stderr */
  struct strbuf warnings;         /* misuse warnings, one per line */
  struct strbuf resources;        /* resource report at process end */
  sim_event *events;              /* trace, when options.trace */
  int n_events, cap_events;
  struct arena strings;           /* event and report strings */
} sim_result;

void sim_result_init(sim_result *r);
void sim_result_reset(sim_result *r);
void sim_result_free(sim_result *r);

/* ---- One run ----------------------------------------------------------------- */

/* Runs one program from a fresh start under a strategy and fills *result.
 * Returns whether the strategy has more schedules to try. */
bool sim_run_program(sim_program *program, const sim_options *opt, sim_strategy *strategy,
                     sim_result *result);

/* Stale breakpoints the fault handler resumed so far (see core/fault.c). */
unsigned long sim_fault_spurious_traps(void);

/* ---- Strategies ----------------------------------------------------------------- */

/* random  - a seeded uniform choice among ready threads at every point;
 * pct     - probabilistic concurrency testing (Burckhardt et al., ASPLOS
 *           2010): random thread priorities and depth-1 random points where
 *           the running thread's priority drops, which finds any bug of
 *           depth d with probability at least 1/(n k^(d-1));
 * dfs     - exhaustive depth-first search of every schedule with at most K
 *           preemptions (context bounding, as in CHESS);
 * replay  - follows a recorded schedule, then the default or another
 *           strategy. */
sim_strategy *sim_strategy_random(uint64_t seed);
sim_strategy *sim_strategy_pct(uint64_t seed, int depth, uint64_t steps_hint);
/* Exhaustive search up to `bound` preemptions. */
sim_strategy *sim_strategy_dfs(int bound);
/* The same search with partial-order reduction (explore/dpor.c): one
 * schedule per class of equivalent executions, up to `bound` preemptions,
 * or with no bound when bound is SIM_UNBOUNDED. */
#define SIM_UNBOUNDED (-1)
sim_strategy *sim_strategy_dpor(int bound);
/* Follows s (copied).  lenient: choices that no longer apply are skipped
 * instead of ending the run as diverged.  then: takes over after the last
 * recorded choice (owned by the replay strategy), or NULL for defaults. */
sim_strategy *sim_strategy_replay(const sim_schedule *s, bool lenient, sim_strategy *then);
void sim_strategy_destroy(sim_strategy *s);

/* Whether a DFS strategy has run every schedule within its bound. */
bool sim_dfs_exhausted(const sim_strategy *s);

/* ---- Exploring ------------------------------------------------------------------ */

typedef enum sim_strategy_kind {
  SIM_STRATEGY_RANDOM,
  SIM_STRATEGY_PCT,
  SIM_STRATEGY_DFS,
} sim_strategy_kind;

typedef struct sim_explore_options {
  sim_strategy_kind strategy;
  uint64_t schedules_max;         /* 0: no limit (dfs), 10000 (random, pct) */
  int preemption_bound;           /* dfs: search bounds 0..K in turn */
  int depth;                      /* pct */
  uint64_t seed;
  double time_limit_s;            /* 0: none */
  bool all;                       /* count every buggy schedule, do not stop */
  bool minimize;                  /* shorten a found schedule */
  int jobs;                       /* worker processes */
  sim_options run;                /* per-run options (trace is forced off) */
  const sim_schedule *prefix;     /* replay this first, then explore */
  /* dfs: partial-order reduction (on by default; off runs every schedule
   * within the bound, for comparing the two) */
  bool reduce;
  /* dfs: no preemption bound at all (every schedule, for programs whose
   * runs end) */
  bool complete;
  /* --shard I/N: this process explores part I (1..N) of N disjoint parts
   * (0/0: the whole search).  See docs/scale.md. */
  int shard_index, shard_count;
} sim_explore_options;

void sim_explore_options_default(sim_explore_options *o);

typedef struct sim_explore_result {
  uint64_t schedules;             /* runs made */
  uint64_t buggy;                 /* buggy runs (with --all) */
  bool found;
  sim_verdict_kind kind;          /* of the reported bug */
  sim_schedule bug;               /* its schedule, minimized */
  int bug_preemptions;
  uint64_t found_at;              /* the run that found it (1-based) */
  bool exhausted;                 /* dfs: every schedule within the bound ran */
  int bound;                      /* dfs: the bound of the exhausted search */
  uint64_t schedules_in_bound;    /* dfs: schedules with at most `bound` preemptions */
  double seconds;
  bool timed_out;
  uint64_t verdicts[SIM_VERDICT_COUNT];
  bool reduced;                   /* dfs with partial-order reduction */
  bool complete;                  /* dfs with no bound: exhausted means every schedule */
  uint64_t abandoned;             /* reduced: runs cut short as redundant (not counted) */
  /* A search cut into parts (--jobs, --shard): dfs cuts the tree below the
   * prefixes of its first split_depth decisions, random and pct cut their
   * runs into parts of consecutive run numbers.  The bug reported is the one
   * of the lowest part (for dfs, in the lowest bound). */
  int split_depth;
  uint64_t parts;                 /* parts of the search (of every shard) */
  int bug_bound;                  /* dfs: the bound whose search found the bug */
  uint64_t bug_part;              /* the part that found it */
  uint64_t bug_run;               /* random, pct: its run number (from 0) */
  int shard_index, shard_count;   /* copied from the options */
} sim_explore_result;

/* Runs the search.  Returns false (with err) only for bad options. */
bool sim_explore(sim_program *p, const sim_explore_options *o, sim_explore_result *out,
                 struct strbuf *err);
void sim_explore_result_free(sim_explore_result *r);
/* DFS: Knuth's estimate of how many schedules the search will run (from
 * random probes), to print before a long search. */
double sim_explore_estimate(sim_program *p, const sim_explore_options *o);
typedef struct sim_explore_estimate_range {
  double mean, low, high;
  int probes;
} sim_explore_estimate_range;
sim_explore_estimate_range sim_explore_estimate_with_range(sim_program *p, const sim_explore_options *o);

/* The result as one JSON document (docs/scale.md has the format):
 * program is the name to show, replay_args the program arguments of the
 * replay command (" sample/driver-unload --steps-max 100"). */
void sim_explore_result_json(struct strbuf *out, const sim_explore_options *o,
                             const sim_explore_result *r, const char *program,
                             const char *replay_args);

/* A result read back from its JSON document: one shard's, or merged. */
typedef struct sim_explore_part {
  char *program;
  char *replay_args;
  sim_explore_options options;    /* those the document records */
  sim_explore_result result;
} sim_explore_part;

/* Reads the JSON document `text` of file `file`; false with err on a
 * document that is not one. */
bool sim_explore_part_read(const char *file, const char *text, sim_explore_part *out,
                           struct strbuf *err);
void sim_explore_part_free(sim_explore_part *p);
/* Combines the results of every shard of one search into one: counts add
 * up, the search is exhausted when every shard's part is, and the bug is
 * the one a single search would have reported first.  False with err when
 * the files are not every shard of one search. */
bool sim_explore_merge(sim_explore_part *parts, int n, sim_explore_part *out, struct strbuf *err);

/* Replays s strictly with a trace; fills res.  The replay is the evidence:
 * it reproduces the run exactly. */
void sim_replay(sim_program *p, const sim_options *run, const sim_schedule *s, sim_result *res);

/* ---- Programs ------------------------------------------------------------------- */

/* A scenario is a folder with a scenario.txt:
 *
 *     # The motivating race: a driver's worker pool outlives FreeLibrary.
 *     description Driver DLL unloaded while its workers wait on a port
 *     host host.c
 *     dll driver.dll driver.c ../../runtime/rt.c
 *     import driver.dll util.dll      (driver.dll links against util.dll)
 *     host-import util.dll            (the host links against util.dll)
 *     include ../../runtime           (extra #include folder)
 *     student driver.dll              (the DLL that --dll FILE.c replaces)
 *     steps-max 200000
 *
 * Paths are relative to the folder.  A DLL that imports another is linked
 * against it, so it can call its exported functions directly; the loader
 * loads (and attaches) the imported DLL first. */
#define SIM_SOURCES_MAX 16

typedef struct sim_dll_spec {
  char *name;
  char *sources[SIM_SOURCES_MAX];
  int n_sources;
  char *imports[8];
  int n_imports;
} sim_dll_spec;

typedef struct sim_program_spec {
  char *name;                     /* for messages and replay commands */
  char *description;
  char *dir;                      /* the scenario folder, or NULL */
  char *host_sources[SIM_SOURCES_MAX];
  int n_host_sources;
  sim_dll_spec dlls[16];
  int n_dlls;
  char *host_imports[8];
  int n_host_imports;
  char *include_dirs[8];
  int n_include_dirs;
  char *student_dll;
  uint64_t steps_max;             /* 0: the default */
} sim_program_spec;

/* Reads a scenario by name ("sample/driver-unload", "01-unload/basic") or
 * folder path.  On error returns false with an explanation in err. */
bool sim_scenario_load(const char *name, sim_program_spec *spec, struct strbuf *err);
/* Adds ad-hoc files: the host, or NAME.dll=FILE.c (replacing a DLL of the
 * same name if the scenario has one). */
bool sim_spec_set_host(sim_program_spec *spec, const char *file, struct strbuf *err);
bool sim_spec_add_dll(sim_program_spec *spec, const char *arg, struct strbuf *err);
/* --dll FILE.c with a scenario: replaces the scenario's student DLL. */
bool sim_spec_replace_student(sim_program_spec *spec, const char *file, struct strbuf *err);
void sim_spec_free(sim_program_spec *spec);

/* Compiles and loads everything.  NULL with an explanation on error. */
sim_program *sim_program_build(const sim_program_spec *spec, struct strbuf *err);
void sim_program_free(sim_program *p);
/* The name given in the spec, for messages and replay commands. */
const char *sim_program_name(const sim_program *p);
/* How often the image of the program's DLL number `index` was protected
 * after an unload (for bench/). */
int sim_program_dll_protections(const sim_program *p, int index);

/* Scenario folders loaderlab knows by name, for `loaderlab list`. */
typedef void (*sim_scenario_visit)(const char *name, const char *description, void *ctx);
void sim_scenarios_list(sim_scenario_visit visit, void *ctx);

/* The built-in default scenario (the motivating unload race). */
extern const char *const sim_default_scenario;

/* ---- Reports --------------------------------------------------------------------- */

/* "access violation at step 57 in thread 3 (worker 1): ..." plus details. */
void sim_report_verdict(struct strbuf *out, const sim_result *res);
/* One line per event, for a student reading a counterexample. */
void sim_report_trace_text(struct strbuf *out, const sim_result *res);
/* The same events and the verdict as one JSON document. */
void sim_report_trace_json(struct strbuf *out, const sim_result *res, const char *program,
                           const char *schedule);

#endif
