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
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* ---- Limits ------------------------------------------------------------------ */

/* Every fixed bound of the simulator, in one place.  None of them is
 * silent: reaching one is an error that names the limit (a scenario or a
 * build is refused with exit code 2), or a run ends with the "resource
 * limit" verdict naming it.  Anything not listed here grows as needed
 * (handles up to SIM_HANDLES_MAX, locks a thread holds, lock-order paths,
 * segments of an image, include folders and link objects of a build,
 * atexit functions, manifest words).  Options (sim_options) bound a run
 * further: steps_max, threads_max, the watchdogs. */

/* A scenario (the manifest refuses more, naming the limit). */
#define SIM_DLLS_MAX 16               /* DLLs in one program */
#define SIM_SOURCES_MAX 16            /* C files of the host or of one DLL */
#define SIM_IMPORTS_MAX 8             /* DLLs one DLL imports; DLLs the host imports */
#define SIM_INCLUDE_DIRS_MAX 8        /* folders of `include` lines */
#define SIM_MANIFEST_LINE_MAX 4096    /* bytes in one manifest line, newline included */

/* One process: shared objects mapped (each program image is one, and is
 * never unmapped while the process runs); building more is an error. */
#define SIM_IMAGES_MAX 256

/* One run (the "resource limit" verdict names the limit). */
#define SIM_HANDLES_MAX (1 << 20)     /* handles open at once (Windows: about 2^24) */

/* A cost bound, not a limit on programs: an unloaded DLL whose code is
 * reached through more code pages than this is protected whole instead of
 * having those pages filled with breakpoints (sim/loader/loader.c); the
 * verdicts are the same either way. */
#define SIM_POISONED_PAGES_MAX 16

/* Defaults of sim_options. */
#define SIM_STEPS_MAX_DEFAULT 100000
#define SIM_THREADS_MAX_DEFAULT 8192   /* alive at once; exited threads do not count */

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
/* Appends s as a JSON string literal, quotes included: control bytes
 * escaped, and a byte that is not valid UTF-8 replaced by U+FFFD, so the
 * result is valid JSON whatever the bytes. */
void strbuf_json_string(struct strbuf *b, const char *s);
/* The same for len bytes that may contain NUL. */
void strbuf_json_bytes(struct strbuf *b, const char *data, size_t len);
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
 * (L, "local"); local calls still appear in traces.  The clock reads
 * (GetTickCount, GetTickCount64, GetSystemTimeAsFileTime,
 * QueryPerformanceCounter) are local except when a thread reads the
 * clock again with no other call in between: then it is polling, and the
 * read is a scheduling point. */
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
  X(94, CancelWaitableTimer, P)                  \
  X(95, GetSystemTimeAsFileTime, L)              \
  /* 100 and on: the APIs of issue 10 (condition variables, one-time  \
   * initialisation, address waits, the thread pool, APCs, ...).  The  \
   * Threadpool* entries from 145 are, like the first ones, places a    \
   * pool thread can be at: a callback returning to its worker, an idle \
   * worker, the pool's waiter and I/O threads in their waits. */       \
  X(100, InitializeConditionVariable, P)         \
  X(101, SleepConditionVariableCS, P)            \
  X(102, SleepConditionVariableSRW, P)           \
  X(103, WakeConditionVariable, P)               \
  X(104, WakeAllConditionVariable, P)            \
  X(105, InitOnceInitialize, P)                  \
  X(106, InitOnceExecuteOnce, P)                 \
  X(107, WaitOnAddress, P)                       \
  X(108, WakeByAddressSingle, P)                 \
  X(109, WakeByAddressAll, P)                        \
  X(110, InitializeThreadpoolEnvironment, L)         \
  X(111, DestroyThreadpoolEnvironment, L)            \
  X(112, SetThreadpoolCallbackLibrary, L)            \
  X(113, SetThreadpoolCallbackCleanupGroup, L)       \
  X(114, SetThreadpoolCallbackRunsLong, L)           \
  X(115, CreateThreadpoolWork, P)                    \
  X(116, SubmitThreadpoolWork, P)                    \
  X(117, WaitForThreadpoolWorkCallbacks, P)          \
  X(118, CloseThreadpoolWork, P)                     \
  X(119, TrySubmitThreadpoolCallback, P)             \
  X(120, CreateThreadpoolTimer, P)                   \
  X(121, SetThreadpoolTimer, P)                      \
  X(122, IsThreadpoolTimerSet, P)                    \
  X(123, WaitForThreadpoolTimerCallbacks, P)         \
  X(124, CloseThreadpoolTimer, P)                    \
  X(125, CreateThreadpoolWait, P)                    \
  X(126, SetThreadpoolWait, P)                       \
  X(127, WaitForThreadpoolWaitCallbacks, P)          \
  X(128, CloseThreadpoolWait, P)                     \
  X(129, CreateThreadpoolIo, P)                      \
  X(130, StartThreadpoolIo, P)                       \
  X(131, CancelThreadpoolIo, P)                      \
  X(132, WaitForThreadpoolIoCallbacks, P)            \
  X(133, CloseThreadpoolIo, P)                       \
  X(134, CreateThreadpoolCleanupGroup, P)            \
  X(135, CloseThreadpoolCleanupGroupMembers, P)      \
  X(136, CloseThreadpoolCleanupGroup, P)             \
  X(137, LeaveCriticalSectionWhenCallbackReturns, L) \
  X(138, ReleaseMutexWhenCallbackReturns, L)         \
  X(139, ReleaseSemaphoreWhenCallbackReturns, L)     \
  X(140, SetEventWhenCallbackReturns, L)             \
  X(141, FreeLibraryWhenCallbackReturns, L)          \
  X(142, CallbackMayRunLong, L)                      \
  X(143, DisassociateCurrentThreadFromCallback, P)   \
  X(144, QueueUserWorkItem, P)                       \
  X(145, ThreadpoolCallbackReturn, P)                \
  X(146, ThreadpoolWorkerIdle, P)                    \
  X(147, ThreadpoolWaiterWait, P)                    \
  X(148, ThreadpoolIoWait, P)                      \
  X(149, QueueUserAPC, P)                          \
  X(150, SleepEx, P)                               \
  X(151, WaitForSingleObjectEx, P)                 \
  X(152, WaitForMultipleObjectsEx, P)              \
  X(153, SignalObjectAndWait, P)                   \
  X(154, PulseEvent, P)                            \
  X(155, LoadLibraryExA, P)                        \
  X(156, LoadLibraryExW, P)                        \
  X(157, OpenEventA, P)                            \
  X(158, OpenEventW, P)                            \
  X(159, OpenMutexA, P)                            \
  X(160, OpenMutexW, P)                            \
  X(161, OpenSemaphoreA, P)                        \
  X(162, OpenSemaphoreW, P)                        \
  X(163, QueryPerformanceCounter, L)               \
  X(164, QueryPerformanceFrequency, L)             \
  X(165, InterlockedXor, P)                        \
  X(166, InterlockedIncrement64, P)                \
  X(167, InterlockedDecrement64, P)                \
  X(168, InterlockedExchange64, P)                 \
  X(169, InterlockedExchangeAdd64, P)              \
  X(170, InterlockedCompareExchange64, P)          \
  X(171, InterlockedAnd64, P)                      \
  X(172, InterlockedOr64, P)                       \
  X(173, InterlockedXor64, P)                      \
  X(174, TerminateProcess, P)                      \
  X(175, _beginthreadex, P)                        \
  X(176, _endthreadex, P)                          \
  X(177, VirtualAlloc, L)                          \
  X(178, VirtualFree, L)                           \
  X(179, CreateWaitableTimerW, P)                  \
  X(180, OutputDebugStringW, P)

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
  X(LIMIT, "resource limit")                                         \
  X(EXIT_CODE, "exit code") \
  X(EXIT_CUT_SHORT, "process exit cut short") \
  X(UNSUPPORTED, "unsupported call")

typedef enum sim_verdict_kind {
#define SIM_VERDICT_ENUM(id, text) SIM_VERDICT_##id,
  SIM_VERDICT_LIST(SIM_VERDICT_ENUM)
#undef SIM_VERDICT_ENUM
  SIM_VERDICT_COUNT
} sim_verdict_kind;

const char *sim_verdict_name(sim_verdict_kind kind);
/* How bad a verdict is, for choosing which bug a search reports: access
 * violation 10, crash 9, deadlock 8, hang 7, assertion failure 6, abort 5,
 * exit code 4, DllMain misuse 3, lock order 2, leak at unload 1, anything
 * else (ok, a resource limit, a diverged replay) 0. */
int sim_verdict_severity(sim_verdict_kind kind);
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

  /* What viewers (the HTML page, Chrome traces) draw, besides the text: */
  int loader_lock_owner;          /* the thread holding the loader lock after it, or 0 */
  const char *caller;             /* where the thread's call returns to, "worker_main+0x3f (driver.dll)" */
  const void *caller_addr;        /* the same address, for sim_trace_source_lines */
  const char *source;             /* "driver.c:42" (sim_trace_source_lines), or NULL */
  const char *module;             /* a module whose state this event changed, or NULL */
  int module_state;               /* SIM_MODULE_* it entered */
  int port;                       /* SIM_EV_COUNTER: the completion port's number (port#N) */
  int port_queued;                /* SIM_EV_COUNTER: packets queued on it after this step */
  int woken_by;                   /* a thread's first event after it was woken: who woke it, or 0 */
  uint64_t woken_at;              /* and at which step (0: not woken) */
} sim_event;

/* SIM_EV_COUNTER events are not shown in the text trace: they carry a
 * completion port's queue length when it changes. */
enum { SIM_EV_CALL = 1, SIM_EV_BLOCK, SIM_EV_RETURN, SIM_EV_OUTPUT, SIM_EV_NOTE,
       SIM_EV_WARNING, SIM_EV_VERDICT, SIM_EV_COUNTER };

/* A module's lifetime, as events mark it. */
enum { SIM_MODULE_MAPPED = 1, SIM_MODULE_ATTACHED, SIM_MODULE_DETACHING, SIM_MODULE_UNMAPPED };

/* ---- Options and results ------------------------------------------------------- */

typedef enum sim_protect_policy {
  SIM_PROTECT_SCAN = 0,           /* protect an unloaded image only if reachable */
  SIM_PROTECT_ALWAYS,             /* protect every unloaded image */
} sim_protect_policy;

typedef struct sim_options {
  uint64_t steps_max;             /* hang verdict beyond this */
  int threads_max;                /* threads alive at once (a resource-limit verdict beyond) */
  bool trace;                     /* record trace events */
  bool lock_order;                /* report lock-order inversions */
  bool leaks_at_unload;           /* report what a DLL leaves at unload */
  sim_protect_policy protect;
  uint64_t cpu_ms_per_step_max;   /* watchdog for code that never calls the API */
  /* The exit code a process that exits is expected to have: another one is
   * the verdict "exit code".  SIM_EXIT_CODE_ANY (the default here) judges
   * none; scenarios and the command line expect 0 unless they say
   * otherwise (sim_spec_run_options). */
  int exit_code_expected;
  /* Asked every 1024 steps; true ends the run at once with the verdict
   * "resource limit" and result.stopped set (a time limit, Ctrl-C). */
  bool (*should_stop)(void *ctx);
  void *stop_ctx;
  uint64_t wall_ms_per_step_max;  /* watchdog for code blocked outside the simulator (0: none) */
} sim_options;

#define SIM_EXIT_CODE_ANY (-1)

void sim_options_default(sim_options *o);

typedef struct sim_verdict {
  sim_verdict_kind kind;
  uint64_t step;
  int tid;
  char *message;                  /* one line */
  char *details;                  /* more lines, or NULL */
  /* A worse verdict this run was one wake-up away from, or OK: a thread
   * parked in a DLL that was unloaded would crash if it ran on.  Explore
   * goes on looking for the schedule that shows it. */
  sim_verdict_kind latent;
  int latent_tid;                 /* the thread that would crash */
  uint64_t latent_from_step;      /* the unload after which it would */
  /* The threads of a deadlock's wait-for cycle, in order (for viewers). */
  int cycle[16];
  int n_cycle;
} sim_verdict;

typedef struct sim_result {
  sim_verdict verdict;
  sim_schedule schedule;          /* what this run did, as a replayable schedule */
  int preemptions;
  uint64_t steps;
  uint64_t time_ms;               /* virtual time at the end */
  int exit_code;                  /* process exit code */
  bool exited;                    /* the process exited (main returned, ExitProcess) */
  bool stopped;                   /* options.should_stop ended the run */
  uint32_t dlls_loaded;           /* bit i: the program's DLL i was loaded in this run */
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

/* ---- The operating system ------------------------------------------------------ */

/* The system calls the simulator makes while programs run (thread stacks,
 * page protection), as a table a test can replace, as SQLite's VFS is: a
 * table that fails the Nth call shows the resource-limit verdict a real
 * shortage gives.  Each has the contract of the POSIX call of its name. */
typedef struct sim_os {
  void *(*mmap)(void *addr, size_t len, int prot, int flags, int fd, off_t off);
  int (*munmap)(void *addr, size_t len);
  int (*mprotect)(void *addr, size_t len, int prot);
} sim_os;

/* The real calls. */
const sim_os *sim_os_default(void);
/* From now on the simulator calls os (kept, not copied); NULL: the real
 * calls again. */
void sim_os_use(const sim_os *os);

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
 *           preemptions (context bounding, as in CHESS): picking another
 *           thread than the one that ran last, while it could go on; after
 *           a jump of virtual time, which found every thread blocked, the
 *           pick is free;
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

struct sim_explore_progress;

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
  /* dfs: partial-order reduction (on by default; off runs every schedule,
   * for comparing the two), with or without a preemption bound. */
  bool reduce;
  /* dfs: stop a run where its state is one whose every schedule (within
   * the preemptions left) was searched already, reached before by another
   * way, and count it as cut, not as a schedule (explore/state_cache.c; on
   * by default; off runs every schedule, for comparing the two). */
  bool state_cache;
  /* dfs: no preemption bound at all (every schedule, for programs whose
   * runs end) */
  bool complete;
  /* --shard I/N: this process explores part I (1..N) of N disjoint parts
   * (0/0: the whole search).  See docs/scale.md. */
  int shard_index, shard_count;
  /* Called at most four times a second while searching (a progress line). */
  void (*progress)(const struct sim_explore_progress *p, void *ctx);
  void *progress_ctx;
  /* When it becomes non-zero (Ctrl-C), the search stops, within 1024 steps
   * of the run under way, and reports what it found so far. */
  const volatile sig_atomic_t *interrupt;
} sim_explore_options;

void sim_explore_options_default(sim_explore_options *o);

typedef struct sim_explore_result {
  uint64_t schedules;             /* runs made */
  uint64_t buggy;                 /* buggy runs */
  bool found;
  sim_verdict_kind kind;          /* of the reported bug: the most severe found */
  sim_schedule bug;               /* its schedule, minimized */
  int bug_preemptions;
  uint64_t found_at;              /* the run that found it (1-based) */
  bool exhausted;                 /* dfs: every schedule within the bound ran */
  int bound;                      /* dfs: the bound of the exhausted search */
  uint64_t schedules_in_bound;    /* dfs: schedules with at most `bound` preemptions */
  uint64_t cut_in_bound;          /* dfs: and runs of that round cut by the state cache */
  double seconds;
  bool timed_out;
  bool reduced;                   /* dfs with partial-order reduction */
  bool complete;                  /* dfs with no bound: exhausted means every schedule */
  uint64_t abandoned;             /* reduced: runs cut short as redundant (not counted) */
  uint64_t cut;                   /* DFS: runs stopped at a state already searched (not counted) */
  /* A search cut into parts (--jobs, --shard): dfs cuts the tree below the
   * prefixes of its first split_depth decisions, random and pct cut their
   * runs into parts of consecutive run numbers.  The bug reported is the
   * most severe, of the lowest part among equals (for dfs, in the lowest
   * bound that found one). */
  int split_depth;
  uint64_t parts;                 /* parts of the search (of every shard) */
  int bug_bound;                  /* dfs: the bound whose search found the bug */
  uint64_t bug_part;              /* the part that found it */
  uint64_t bug_run;               /* random, pct: its run number (from 0) */
  int shard_index, shard_count;   /* copied from the options */
  bool interrupted;               /* options.interrupt stopped it */
  uint64_t verdicts[SIM_VERDICT_COUNT]; /* schedules that ended in each verdict */
  /* The worst verdict some run was one wake-up away from (see
   * sim_verdict.latent); when it is worse than `kind`, the search looked
   * further for it (at most SIM_EXPLORE_LOOK_FURTHER more schedules, or
   * schedules_max) and did not find it. */
  sim_verdict_kind latent;
  int wake_tries;                 /* runs whose parked thread the search tried to wake */
} sim_explore_result;

#define SIM_EXPLORE_LOOK_FURTHER 10000

/* What a progress callback sees. */
typedef struct sim_explore_progress {
  const sim_explore_result *so_far;
  int bound;                      /* dfs: the preemption bound being searched */
  double seconds;
} sim_explore_progress;

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
 *     exit-code 3                     (or any; the default is 0)
 *
 * sim_manifest_keywords lists every keyword with its meaning; docs/cli.md
 * is generated from it.
 *
 * Paths are relative to the folder.  A DLL that imports another is linked
 * against it, so it can call its exported functions directly; the loader
 * loads (and attaches) the imported DLL first.  The limits are SIM_DLLS_MAX,
 * SIM_SOURCES_MAX, SIM_IMPORTS_MAX and SIM_INCLUDE_DIRS_MAX (above). */
typedef struct sim_dll_spec {
  char *name;
  char *sources[SIM_SOURCES_MAX];
  int n_sources;
  char *imports[SIM_IMPORTS_MAX];
  int n_imports;
} sim_dll_spec;

typedef struct sim_program_spec {
  char *name;                     /* for messages and replay commands */
  char *description;
  char *dir;                      /* the scenario folder, or NULL */
  char *host_sources[SIM_SOURCES_MAX];
  int n_host_sources;
  sim_dll_spec dlls[SIM_DLLS_MAX];
  int n_dlls;
  char *host_imports[SIM_IMPORTS_MAX];
  int n_host_imports;
  char *include_dirs[SIM_INCLUDE_DIRS_MAX];
  int n_include_dirs;
  char *student_dll;
  uint64_t steps_max;             /* 0: the default */
  int exit_code;                  /* the host's expected exit code (default 0) */
  bool exit_code_any;             /* every exit code is fine */
} sim_program_spec;

/* A keyword of scenario.txt, for messages and the manual. */
typedef struct sim_manifest_keyword {
  const char *name;               /* "steps-max" */
  const char *syntax;             /* "steps-max N" */
  const char *meaning;            /* sentences */
  bool for_tests;                 /* read by the test suite, not by the simulator */
} sim_manifest_keyword;

extern const sim_manifest_keyword sim_manifest_keywords[];
extern const int sim_manifest_n_keywords;

/* What a scenario says about its runs (steps-max, exit-code), applied to
 * run options. */
void sim_spec_run_options(const sim_program_spec *spec, sim_options *o);

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
/* The program's DLLs, by index (the order of sim_result.dlls_loaded). */
int sim_program_dll_count(const sim_program *p);
const char *sim_program_dll_name(const sim_program *p, int index);
/* How often the image of the program's DLL number `index` was protected
 * after an unload (for bench/). */
int sim_program_dll_protections(const sim_program *p, int index);

/* Scenario folders loaderlab knows by name, for `loaderlab list`: the
 * samples, and EXERCISE/scenarios/NAME under exercises/ (or under
 * $LOADERLAB_EXERCISES_DIR). */
typedef void (*sim_scenario_visit)(const char *name, const char *description, void *ctx);
void sim_scenarios_list(sim_scenario_visit visit, void *ctx);
/* The same, broken scenarios included: for those, description is NULL and
 * error says what is wrong with their scenario.txt. */
typedef void (*sim_scenario_visit_all)(const char *name, const char *description,
                                       const char *error, void *ctx);
void sim_scenarios_list_all(sim_scenario_visit_all visit, void *ctx);

/* The built-in default scenario (the motivating unload race). */
extern const char *const sim_default_scenario;

/* ---- Reports --------------------------------------------------------------------- */

/* "access violation at step 57 in thread 3 (worker 1): ..." plus details
 * and the first ten warnings (sim_report_verdict_full: every warning). */
void sim_report_verdict(struct strbuf *out, const sim_result *res);
void sim_report_verdict_full(struct strbuf *out, const sim_result *res);
/* "at process end (information):" and what was left, when anything was. */
void sim_report_resources(struct strbuf *out, const sim_result *res);
/* "verdicts of 57 schedules: 1 access violation, 56 leak at unload". */
void sim_report_verdict_counts(struct strbuf *out, const uint64_t counts[SIM_VERDICT_COUNT]);
/* One line per event, for a student reading a counterexample. */
void sim_report_trace_text(struct strbuf *out, const sim_result *res);
/* The same for the events whose keep[] is true, saying how many were left
 * out between them (keep NULL: every event). */
void sim_report_trace_text_some(struct strbuf *out, const sim_result *res, const bool *keep);
/* The same events and the verdict as one JSON document. */
void sim_report_trace_json(struct strbuf *out, const sim_result *res, const char *program,
                           const char *schedule);
/* The Chrome trace event format (Perfetto, chrome://tracing): one track
 * per thread, the loader lock and each module, blocking as slices, the
 * unloads and the verdict as instant events, port queues as counters. */
void sim_report_trace_chrome(struct strbuf *out, const sim_result *res, const char *program,
                             const char *schedule);
/* One self-contained HTML page: the trace viewer (sim/check/viewer/) with
 * the run's JSON trace inside. */
void sim_report_trace_html(struct strbuf *out, const sim_result *res, const char *program,
                           const char *schedule);

/* Fills each event's source ("driver.c:42") from the debug information
 * of the program's images, with addr2line; leaves it NULL where none is
 * found (or addr2line is missing). */
void sim_trace_source_lines(const sim_program *p, sim_result *res);

#endif
