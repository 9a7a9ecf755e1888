/* The loader layer: modules, DllMain notifications, unloading, leaks at
 * unload, process start and exit, and what an address belongs to.
 *
 * Built on the kernel: the loader lock is a kernel critical section,
 * threads are kernel threads whose start and end the loader surrounds
 * with DLL_THREAD_ATTACH/DETACH (threads.c), and an unloaded image's
 * pages are protected so that a stale access faults for real (loader.c).
 * The images themselves (shared objects, symbols, protection) are image.h.
 */
#ifndef SIM_LOADER_H
#define SIM_LOADER_H

#include "image.h"
#include "kernel.h"

typedef struct sim_module sim_module;

/* ---- The program ------------------------------------------------------------ */

/* A DLL of the program: its name as LoadLibrary sees it, its image, and the
 * DLLs it imports (loaded before it, attached before it). */
typedef struct sim_dll {
  char *name;
  sim_image *image;
  int imports[SIM_IMPORTS_MAX];
  int n_imports;
} sim_dll;

struct sim_program {
  char *name;                     /* for messages and replay commands */
  sim_image *host;
  sim_dll dlls[SIM_DLLS_MAX];
  int n_dlls;
  int host_imports[SIM_IMPORTS_MAX]; /* DLLs the host links against */
  int n_host_imports;
  /* Built with the memory instrumentation of program/build.c; without it
   * partial-order reduction takes every step to write all memory. */
  bool instrumented;
};

/* ---- Modules (per run) -------------------------------------------------------- */

typedef enum sim_module_state {
  SIM_MOD_UNLOADED = 0,
  SIM_MOD_LOADED,
} sim_module_state;

struct sim_module {
  int index;                      /* in program->dlls */
  sim_dll *dll;
  sim_module_state state;
  int refs;                       /* LoadLibrary count */
  bool pinned;
  bool attached;                  /* DLL_PROCESS_ATTACH returned TRUE */
  bool thread_calls_disabled;
  int init_order;                 /* attach order, for detach order */
  uint64_t loaded_step;
  uint64_t unloaded_step;         /* last unload, 0 if never */
  int unloaded_by;                /* thread id */
  int loads;                      /* times loaded in this run */
  HMODULE handle;
};

/* The loader's state in a run (run->loader), allocated from the run's
 * arena by sim__loader_reset. */
struct sim_loader_run {
  sim_module modules[SIM_DLLS_MAX];
  int n_modules;
  int attach_counter;
  int unload_depth;               /* FreeLibrary calls under way, nested */
  bool process_exiting;
  int exit_code;                  /* ExitProcess's, once the process exits */
  sim_thread *exiting_thread;     /* the thread that runs the process exit */
  const sim_image *exit_atexit;   /* the image whose atexit functions run, or NULL */
  sim_thread **killed_at_exit;    /* threads ExitProcess terminated */
  int n_killed_at_exit;
  void *leak_candidates;          /* what unloaded DLLs may have left behind */
  int n_leak_candidates, cap_leak_candidates;
  uint64_t leak_step;
  int leak_tid;
  struct strbuf misuse_report;    /* DllMain misuse seen in this run */
  uint64_t misuse_step;
  int misuse_tid;
  /* atexit functions, with the image that registered each (grows in the
   * arena: the C runtime has no fixed limit either) */
  struct sim_atexit { void (*fn)(void); const sim_image *image; } *atexit_fns;
  int n_atexit, cap_atexit;
};

/* ---- Modules (loader.c) ---------------------------------------------------------- */

/* At the start of a run: fresh modules, fresh host data, the loader lock. */
void sim__loader_reset(sim_run *r);
/* At the end of a run: gives back what the loader took. */
void sim__loader_end_run(sim_run *r);
/* Checks the loader's invariants (reference counts, the unloaded count,
 * the loader lock's owner); a broken one is an internal failure. */
void sim__loader_verify(const sim_run *r);
/* The loader's part of a state fingerprint (fingerprint.c); false where
 * the loader is in the middle of a load, an unload, DllMain or the exit. */
bool sim__loader_fingerprint(const sim_run *r, sim_fingerprint *f);
/* What unloaded DLLs may have left behind, for it (loader.c). */
void sim__leak_candidates_fingerprint(const sim_run *r, sim_fingerprint *f);
HMODULE sim__host_handle(void);
/* "driver", "DRIVER.DLL", "C:\\x\\driver.dll" all name driver.dll. */
bool sim__module_name_matches(const char *want, const char *have);
sim_module *sim__module_from_handle(HMODULE h);
sim_module *sim__module_by_name(const char *name);
/* Loader lock held: load (or count another reference to) a module. */
bool sim__module_load(sim_thread *t, sim_module *m);
/* Loader lock held: drops a reference (FreeLibrary).  In the outermost
 * such call, every module left without references gets
 * DLL_PROCESS_DETACH and is unmapped; in a nested one (a DllMain that
 * calls FreeLibrary) that waits for the outermost to finish. */
void sim__module_free(sim_thread *t, sim_module *m);
/* Records DllMain misuse (a warning now, the verdict if the run is
 * otherwise fine). */
void sim__dllmain_misuse(sim_thread *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sim__thread_attach_notify(sim_thread *t);
void sim__thread_detach_notify(sim_thread *t);
/* Before main: loads the host's own imports (DLL_PROCESS_ATTACH). */
void sim__loader_process_start(sim_thread *t);
/* At the end of a process: ends the run with the DllMain-misuse or
 * leak-at-unload verdict if the run had one; returns otherwise. */
void sim__end_of_process_verdicts(void);
/* main returned: the C runtime calls exit, which is ExitProcess. */
__attribute__((noreturn)) void sim__main_returned(sim_thread *t, int code);
/* The process exits (main returned, ExitProcess, last thread); does not return. */
__attribute__((noreturn)) void sim__process_exit(sim_thread *t, int code);
/* After an unload: makes every access to m's image fault, as cheaply as
 * keeps the verdicts those of SIM_PROTECT_ALWAYS (unmap.c). */
void sim__unmap(sim_thread *t, sim_module *m);

/* t must wait for a critical section or SRW lock (kind SIM_WAIT_CS or
 * SIM_WAIT_SRW_*): during process exit nobody can release it any more, and
 * Windows ends the process on the spot; the run ends with the
 * exit-cut-short verdict, naming the clean-up that never ran.  Returns
 * otherwise.  The kernel's lock_would_wait hook. */
void sim__lock_wait_at_exit(sim_thread *t, void *lock, int kind);
/* t is about to call code at addr: an access violation if it is unloaded. */
void sim__check_call(sim_thread *t, void *addr, const char *what);
/* At the end of a call: a return into an unloaded module is an access
 * violation (does not return then).  The kernel's check_return hook. */
void sim__check_return(sim_thread *t);

/* ---- Calling back into the program (apc.c) ------------------------------------------ */

/* The call a thread is in, kept while the simulator calls program code
 * from inside it (an APC, a thread-pool callback, an init function), whose
 * own Win32 calls overwrite the thread's call state. */
typedef struct sim_call_state {
  int api;
  void *ret_addr;
  void *user_sp;
} sim_call_state;
/* Before calling program code at addr: an access violation if addr lies in
 * an unloaded module (what: "run its APC at"); returns the state that
 * sim__callback_end restores when the code has returned. */
sim_call_state sim__callback_begin(sim_thread *t, const void *addr, const char *what);
void sim__callback_end(sim_thread *t, sim_call_state saved);
/* Runs every user APC queued for t, oldest first, including any queued
 * while they run; returns how many ran. */
int sim__apc_deliver(sim_thread *t);

/* ---- System modules (system.c) -------------------------------------------------------- */

/* The handle of the system module (ntdll, kernel32, kernelbase, msvcrt)
 * the name names, or NULL. */
HMODULE sim__system_module_by_name(const char *name);
/* "kernel32.dll" for a system module's handle, else NULL. */
const char *sim__system_module_name(HMODULE h);

/* ---- Addresses (address.c) ---------------------------------------------------------- */

/* The image of the running program that contains addr, or NULL. */
sim_image *sim__image_of_address(const void *addr);
/* Whether pc is code of the running program (safe in a signal handler). */
bool sim__in_program_code(const void *pc);
sim_module *sim__module_of_address(const void *addr);
/* The module whose unloaded image contains addr, or NULL. */
sim_module *sim__unloaded_module_at(const void *addr);
/* False for memory of an image that is protected right now. */
bool sim__readable(const void *addr);
/* Whether a breakpoint at `at` is in code of a loaded module that carries
 * no breakpoints any more (a stale trap: see core/fault.c). */
bool sim__code_healed(const void *at);
/* "g_lock (driver.dll)", "heap#2+0x8", "stack of thread 2", or hex.  The
 * kernel's describe_address hook. */
const char *sim__loader_describe_address(const void *addr, char *buf, size_t size);
/* "worker_main+0x1c (driver.dll)" for a code address. */
const char *sim__describe_code(const void *addr, char *buf, size_t size);
/* A module handle for people: "driver.dll", "driver.dll (unloaded)",
 * "host.exe", or what is wrong with it. */
const char *sim__module_label(HMODULE h, char *buf, size_t size);

/* ---- atexit functions (atexit.c) ------------------------------------------------------ */

/* Registers fn for image im. */
void sim__atexit_register(void (*fn)(void), const sim_image *im);
/* Runs the atexit functions registered by code of image im, newest first. */
void sim__run_atexit(sim_thread *t, const sim_image *im);

/* ---- Threads (threads.c) ------------------------------------------------------------- */

/* The stack a thread gets when nothing says otherwise: Windows' default
 * reserve for an executable, 1 MiB (the main thread's too). */
#define SIM_STACK_DEFAULT_SIZE ((size_t)1 << 20)
/* A new thread, ready or suspended, on a stack of stack_size bytes; over
 * threads_max alive at once, or without memory for its stack, the run ends
 * with the resource-limit verdict (for the main thread, whose creator is
 * NULL, it returns NULL then, errno set). */
sim_thread *sim__thread_create(LPTHREAD_START_ROUTINE start, void *param, bool suspended,
                              size_t stack_size, sim_thread *creator);
__attribute__((noreturn)) void sim__thread_exit(sim_thread *t, DWORD code);
void sim__thread_kill(sim_thread *t, DWORD code);
/* No live thread is left after t: the process ends with t's exit code
 * and without DLL_PROCESS_DETACH, as the kernel ends it. */
__attribute__((noreturn)) void sim__last_thread_gone(sim_thread *t, DWORD code);

#endif
