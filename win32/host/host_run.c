/* The state of the run in progress, shared by the thread that drives the
 * cycles, the crash guard and the watchdog: which cycle runs and what it is
 * doing, where the DLL was last mapped, and the exit pattern's child.
 *
 * Plain volatile variables written by the driving thread and read by the
 * others are enough here: each is one aligned word, and a reader that sees
 * a value one step stale only prints a slightly older stage name.
 *
 * Left out: more than one DLL (the host drives one). */
#include "host.h"

static volatile LONG current_cycle;
static volatile LONG current_cycle_reported;
static const char *volatile current_stage = "starting";

static const char *dll_name = "the DLL";
static volatile ULONG_PTR image_base;
static volatile ULONG_PTR image_size;
static volatile LONG image_mapped;

static volatile HANDLE child_process;
/* Guards child_main_thread against being closed while the watchdog reads
 * its CPU time; no thread can be stuck while holding it. */
static SRWLOCK child_lock = SRWLOCK_INIT;
static HANDLE child_main_thread;

void host_begin_cycle(unsigned cycle) {
  current_cycle = (LONG)cycle;
  current_cycle_reported = 0;
  host_watchdog_kick();
}

void host_end_cycle(void) { current_cycle_reported = 1; }

void host_set_stage(const char *stage) { current_stage = stage; }

const char *host_stage(void) { return current_stage; }

unsigned host_cycles_begun(void) { return (unsigned)current_cycle; }

/* A crash that strikes after the current cycle printed "ok" (a thread the
 * DLL left behind, waking late) belongs to no cycle in progress; saying
 * "after cycle N" keeps the ok line honest and the line still contains
 * "cycle N: crash". */
void host_line_cycle(host_line *line) {
  host_line_text(line, current_cycle_reported ? "after cycle " : "cycle ");
  host_line_unsigned(line, (unsigned long long)current_cycle);
  host_line_text(line, ": ");
}

/* SizeOfImage comes from the module's own PE header, which is mapped at the
 * module handle; reading it avoids psapi's GetModuleInformation. */
void host_note_loaded(HMODULE module, const char *dll_path) {
  const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)module;
  const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)((const char *)module + dos->e_lfanew);
  const char *name = dll_path;
  for (const char *p = dll_path; *p; p++)
    if (*p == '/' || *p == '\\') name = p + 1;
  dll_name = name;
  image_base = (ULONG_PTR)module;
  image_size = nt->OptionalHeader.SizeOfImage;
  image_mapped = 1;
}

/* After the last FreeLibrary of a cycle: is the image still there?  A pinned
 * DLL stays; an unpinned one is unmapped by now. */
void host_note_freed(void) {
  HMODULE still;
  image_mapped = GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                                        GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                                    (LPCSTR)image_base, &still)
                     ? 1
                     : 0;
}

/* Called by the crash guard: says whether the address lies in the DLL's
 * image range and whether that range is still mapped.  VirtualQuery asks
 * the kernel, not the loader, so it takes no loader lock. */
void host_line_where(host_line *line, ULONG_PTR address) {
  MEMORY_BASIC_INFORMATION memory;
  BOOL unmapped = VirtualQuery((LPCVOID)address, &memory, sizeof memory) == sizeof memory &&
                  memory.State == MEM_FREE;
  BOOL in_image = image_base && address >= image_base && address - image_base < image_size;
  if (in_image && unmapped) {
    host_line_text(line, ", in unmapped memory where ");
    host_line_text(line, dll_name);
    host_line_text(line, " was loaded at ");
  } else if (in_image && image_mapped) {
    host_line_text(line, ", inside ");
    host_line_text(line, dll_name);
    host_line_text(line, " loaded at ");
  } else if (in_image) {
    /* Freed, and something is mapped there again: usually the next cycle's
     * load of the same DLL, racing with the fault. */
    host_line_text(line, ", in the range ");
    host_line_text(line, dll_name);
    host_line_text(line, " had before it was freed, at ");
  } else {
    if (unmapped) host_line_text(line, ", in unmapped memory");
    return;
  }
  host_line_hex(line, image_base, 1);
}

void host_set_child_process(HANDLE process, HANDLE main_thread) {
  AcquireSRWLockExclusive(&child_lock);
  child_process = process;
  child_main_thread = main_thread;
  ReleaseSRWLockExclusive(&child_lock);
}

HANDLE host_child_process(void) { return child_process; }

static ULONGLONG filetime_value(FILETIME time) {
  return ((ULONGLONG)time.dwHighDateTime << 32) | time.dwLowDateTime;
}

/* The child's main thread rather than the child process: Wine 8.0's
 * GetProcessTimes gives the caller's own times for any other process, while
 * GetThreadTimes reads the thread's own.  The main thread is the one an
 * exit cycle hangs in (DLL_PROCESS_DETACH at exit, or LoadLibrary), and the
 * one that starts the process up. */
ULONGLONG host_cpu_time_used(void) {
  FILETIME created, exited, kernel, user;
  ULONGLONG used = 0;
  if (GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user))
    used += filetime_value(kernel) + filetime_value(user);
  AcquireSRWLockShared(&child_lock);
  if (child_main_thread && GetThreadTimes(child_main_thread, &created, &exited, &kernel, &user))
    used += filetime_value(kernel) + filetime_value(user);
  ReleaseSRWLockShared(&child_lock);
  return used;
}
