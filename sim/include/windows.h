/* windows.h for simulated programs: the Win32 subset loaderlab simulates.
 *
 * Host programs and DLLs include this exactly as they include mingw's
 * windows.h in the Win32 build; the names, types and constants are
 * Windows' own.  Every function declared here is implemented by the
 * simulator (the loaderlab executable exports them) and every call is a
 * scheduling point unless its comment says otherwise.  A function that is
 * not declared here is not simulated: using it is a compile error, which
 * is better than a wrong model.
 *
 * Differences from Windows that a program can see:
 * - DWORD and LONG are 64 bits wide here (unsigned long / long on Linux),
 *   so that the printf formats Windows code uses for them (%lu, %ld) stay
 *   correct in both builds.  Code that depends on 32-bit wrap-around of
 *   DWORD arithmetic behaves differently.
 * - WCHAR is 16 bits, like Windows, and programs are compiled with
 *   -fshort-wchar so that L"..." literals are WCHAR strings;
 *   the C library's wide-character functions do not expect that, so use
 *   the W APIs declared here rather than wcslen and friends.
 * - Calling conventions (WINAPI, CALLBACK) are the platform's own; on
 *   x86-64 Windows they are too.
 */
#ifndef LOADERLAB_WINDOWS_H
#define LOADERLAB_WINDOWS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Keywords ------------------------------------------------------ */
#define WINAPI
#define APIENTRY
#define CALLBACK
#define WINBASEAPI
#define CONST const
#define VOID void
/* __declspec(dllexport) is what makes a DLL function visible to
 * GetProcAddress; DLLs are compiled with hidden visibility by default, so
 * only exported functions are visible, as on Windows. */
#define __declspec(x) __loaderlab_declspec_##x
#define __loaderlab_declspec_dllexport __attribute__((visibility("default")))
#define __loaderlab_declspec_dllimport
#define __loaderlab_declspec_noreturn __attribute__((noreturn))
#define __loaderlab_declspec_noinline __attribute__((noinline))

/* ---- Basic types --------------------------------------------------- */
typedef int BOOL;
typedef BOOL *PBOOL, *LPBOOL;
typedef unsigned char BYTE, *PBYTE, *LPBYTE;
typedef unsigned char BOOLEAN;
typedef unsigned short WORD;
typedef unsigned long DWORD, *PDWORD, *LPDWORD;
typedef unsigned long ULONG, *PULONG;
typedef long LONG, *PLONG, *LPLONG;
typedef int INT;
typedef unsigned int UINT;
typedef long long LONGLONG;
typedef unsigned long long ULONGLONG, DWORD64;
typedef intptr_t INT_PTR, LONG_PTR;
typedef uintptr_t UINT_PTR, ULONG_PTR, DWORD_PTR, SIZE_T, *PULONG_PTR, *PSIZE_T;
typedef intptr_t SSIZE_T;
typedef void *PVOID, *LPVOID, *HANDLE, **PHANDLE, **LPHANDLE;
typedef const void *LPCVOID;
typedef char CHAR, *LPSTR, *PSTR;
typedef const char *LPCSTR, *PCSTR;
/* unsigned short is wchar_t's own type under -fshort-wchar, so L"..."
 * literals in simulated programs are WCHAR strings, and the simulator
 * (built without that flag) agrees on the layout. */
typedef unsigned short WCHAR, *LPWSTR, *PWSTR;
typedef const unsigned short *LPCWSTR, *PCWSTR;
typedef struct HINSTANCE__ *HINSTANCE;
typedef HINSTANCE HMODULE;
/* Unprototyped, as in mingw, so it casts to any function pointer type. */
typedef INT_PTR (WINAPI *FARPROC)();

#define TRUE 1
#define FALSE 0
#ifndef NULL
#define NULL ((void *)0)
#endif
#define INVALID_HANDLE_VALUE ((HANDLE)(LONG_PTR)-1)
#define MAX_PATH 260

/* 64-bit values in two 32-bit halves, as Windows lays them out (the
 * halves are 32 bits wide here too, though DWORD is not: code that builds
 * a FILETIME from a LARGE_INTEGER's halves works as on Windows). */
typedef union _LARGE_INTEGER {
  struct { uint32_t LowPart; int32_t HighPart; };
  struct { uint32_t LowPart; int32_t HighPart; } u;
  LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;
typedef union _ULARGE_INTEGER {
  struct { uint32_t LowPart; uint32_t HighPart; };
  struct { uint32_t LowPart; uint32_t HighPart; } u;
  ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;
/* 100 ns intervals since 1601-01-01 (UTC); the simulated process starts at
 * 2026-01-01 00:00:00 UTC on virtual time. */
typedef struct _FILETIME {
  uint32_t dwLowDateTime;
  uint32_t dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;

typedef struct _SECURITY_ATTRIBUTES {
  DWORD nLength;
  LPVOID lpSecurityDescriptor;
  BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *PSECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

/* ---- Error codes (GetLastError) ------------------------------------ */
#define ERROR_SUCCESS 0L
#define NO_ERROR 0L
#define ERROR_FILE_NOT_FOUND 2L
#define ERROR_ACCESS_DENIED 5L
#define ERROR_INVALID_HANDLE 6L
#define ERROR_NOT_ENOUGH_MEMORY 8L
#define ERROR_OUTOFMEMORY 14L
#define ERROR_NOT_SUPPORTED 50L
#define ERROR_INVALID_PARAMETER 87L
#define ERROR_BROKEN_PIPE 109L
#define ERROR_INSUFFICIENT_BUFFER 122L
#define ERROR_MOD_NOT_FOUND 126L
#define ERROR_PROC_NOT_FOUND 127L
#define ERROR_ALREADY_EXISTS 183L
#define ERROR_NO_MORE_ITEMS 259L
#define ERROR_NOT_OWNER 288L
#define ERROR_TOO_MANY_POSTS 298L
#define ERROR_ABANDONED_WAIT_0 735L
#define ERROR_OPERATION_ABORTED 995L
#define ERROR_IO_INCOMPLETE 996L
#define ERROR_IO_PENDING 997L
#define ERROR_NOACCESS 998L
#define ERROR_DLL_INIT_FAILED 1114L
#define ERROR_TIMEOUT 1460L

/* ---- Waits ----------------------------------------------------------- */
#define INFINITE 0xFFFFFFFFUL
#define WAIT_OBJECT_0 0x00000000UL
#define WAIT_ABANDONED 0x00000080UL
#define WAIT_ABANDONED_0 0x00000080UL
#define WAIT_IO_COMPLETION 0x000000C0UL
#define WAIT_TIMEOUT 0x00000102UL
#define WAIT_FAILED 0xFFFFFFFFUL
#define MAXIMUM_WAIT_OBJECTS 64
#define STATUS_WAIT_0 0x00000000UL
#define STILL_ACTIVE 259UL

/* Waits for one object (thread, event, mutex, semaphore).  Returns
 * WAIT_OBJECT_0, WAIT_ABANDONED (a mutex whose owner exited), WAIT_TIMEOUT
 * (virtual time), or WAIT_FAILED with ERROR_INVALID_HANDLE. */
DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds);
/* bWaitAll: all objects at once, atomically; otherwise the lowest index
 * that is signalled. */
DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles,
                                    BOOL bWaitAll, DWORD dwMilliseconds);
/* Closes a handle; the object lives while other handles or users remain. */
BOOL WINAPI CloseHandle(HANDLE hObject);

/* ---- Threads ---------------------------------------------------------- */
#define CREATE_SUSPENDED 0x00000004UL
#define STACK_SIZE_PARAM_IS_A_RESERVATION 0x00010000UL
typedef DWORD (WINAPI *PTHREAD_START_ROUTINE)(LPVOID lpThreadParameter);
typedef PTHREAD_START_ROUTINE LPTHREAD_START_ROUTINE;

HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes, SIZE_T dwStackSize,
                           LPTHREAD_START_ROUTINE lpStartAddress, LPVOID lpParameter,
                           DWORD dwCreationFlags, LPDWORD lpThreadId);
__attribute__((noreturn)) void WINAPI ExitThread(DWORD dwExitCode);
BOOL WINAPI TerminateThread(HANDLE hThread, DWORD dwExitCode);
BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode);
DWORD WINAPI ResumeThread(HANDLE hThread);
DWORD WINAPI SuspendThread(HANDLE hThread);
/* Not scheduling points: they read only the calling thread's state. */
DWORD WINAPI GetCurrentThreadId(void);
HANDLE WINAPI GetCurrentThread(void);
DWORD WINAPI GetCurrentProcessId(void);
HANDLE WINAPI GetCurrentProcess(void);
DWORD WINAPI GetThreadId(HANDLE Thread);
/* Names the thread in traces (and in debuggers on Windows). */
typedef long HRESULT;
#define S_OK ((HRESULT)0L)
#define E_INVALIDARG ((HRESULT)0x80070057L)
HRESULT WINAPI SetThreadDescription(HANDLE hThread, PCWSTR lpThreadDescription);

/* Sleep on virtual time; Sleep(0) gives the rest of the turn to another
 * ready thread. */
void WINAPI Sleep(DWORD dwMilliseconds);
BOOL WINAPI SwitchToThread(void);
/* Virtual milliseconds since the process started (no scheduling point). */
ULONGLONG WINAPI GetTickCount64(void);
DWORD WINAPI GetTickCount(void);

/* ---- Last error and thread-local storage ------------------------------ */
/* Not scheduling points: the calling thread's own state. */
DWORD WINAPI GetLastError(void);
void WINAPI SetLastError(DWORD dwErrCode);
#define TLS_OUT_OF_INDEXES 0xFFFFFFFFUL
#define TLS_MINIMUM_AVAILABLE 64
DWORD WINAPI TlsAlloc(void);
BOOL WINAPI TlsFree(DWORD dwTlsIndex);
LPVOID WINAPI TlsGetValue(DWORD dwTlsIndex);
BOOL WINAPI TlsSetValue(DWORD dwTlsIndex, LPVOID lpTlsValue);

/* ---- Events, mutexes, semaphores --------------------------------------- */
HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
                           BOOL bInitialState, LPCSTR lpName);
HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
                           BOOL bInitialState, LPCWSTR lpName);
BOOL WINAPI SetEvent(HANDLE hEvent);
BOOL WINAPI ResetEvent(HANDLE hEvent);
HANDLE WINAPI CreateMutexA(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner,
                           LPCSTR lpName);
HANDLE WINAPI CreateMutexW(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner,
                           LPCWSTR lpName);
BOOL WINAPI ReleaseMutex(HANDLE hMutex);
HANDLE WINAPI CreateSemaphoreA(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount,
                               LONG lMaximumCount, LPCSTR lpName);
HANDLE WINAPI CreateSemaphoreW(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount,
                               LONG lMaximumCount, LPCWSTR lpName);
BOOL WINAPI ReleaseSemaphore(HANDLE hSemaphore, LONG lReleaseCount, LPLONG lpPreviousCount);

/* ---- Critical sections and slim reader/writer locks -------------------- */
/* The layout is Windows' own; the simulator keeps the lock state in these
 * fields, so a lock in a DLL's static data disappears with the DLL. */
typedef struct _RTL_CRITICAL_SECTION {
  PVOID DebugInfo;        /* the simulator's "initialised" mark */
  LONG LockCount;         /* threads waiting */
  LONG RecursionCount;    /* times the owner entered */
  HANDLE OwningThread;    /* owner's thread id, or 0 */
  HANDLE LockSemaphore;
  ULONG_PTR SpinCount;
} RTL_CRITICAL_SECTION, CRITICAL_SECTION, *PCRITICAL_SECTION, *LPCRITICAL_SECTION;

void WINAPI InitializeCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
BOOL WINAPI InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION lpCriticalSection,
                                                   DWORD dwSpinCount);
void WINAPI EnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
BOOL WINAPI TryEnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
void WINAPI LeaveCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
void WINAPI DeleteCriticalSection(LPCRITICAL_SECTION lpCriticalSection);

typedef struct _RTL_SRWLOCK {
  PVOID Ptr;
} RTL_SRWLOCK, SRWLOCK, *PSRWLOCK;
#define SRWLOCK_INIT {0}
void WINAPI InitializeSRWLock(PSRWLOCK SRWLock);
void WINAPI AcquireSRWLockExclusive(PSRWLOCK SRWLock);
void WINAPI AcquireSRWLockShared(PSRWLOCK SRWLock);
void WINAPI ReleaseSRWLockExclusive(PSRWLOCK SRWLock);
void WINAPI ReleaseSRWLockShared(PSRWLOCK SRWLock);
BOOLEAN WINAPI TryAcquireSRWLockExclusive(PSRWLOCK SRWLock);
BOOLEAN WINAPI TryAcquireSRWLockShared(PSRWLOCK SRWLock);

/* ---- Condition variables, one-time initialisation, address waits --------- */
/* Each waits on an address, as Windows implements them: a wake that finds
 * nobody waiting is lost, waiters are woken longest-waiting first, and a
 * wait never ends spuriously here (Windows allows it: test the condition
 * in a loop). */
typedef struct _RTL_CONDITION_VARIABLE {
  PVOID Ptr;
} RTL_CONDITION_VARIABLE, CONDITION_VARIABLE, *PCONDITION_VARIABLE;
#define CONDITION_VARIABLE_INIT {0}
#define CONDITION_VARIABLE_LOCKMODE_SHARED 0x1
void WINAPI InitializeConditionVariable(PCONDITION_VARIABLE ConditionVariable);
/* Leaves the critical section (once: it must be entered exactly once),
 * sleeps until woken or the timeout (FALSE, ERROR_TIMEOUT), and enters it
 * again before returning. */
BOOL WINAPI SleepConditionVariableCS(PCONDITION_VARIABLE ConditionVariable,
                                     PCRITICAL_SECTION CriticalSection, DWORD dwMilliseconds);
/* The same with an SRW lock held exclusively, or shared with
 * CONDITION_VARIABLE_LOCKMODE_SHARED. */
BOOL WINAPI SleepConditionVariableSRW(PCONDITION_VARIABLE ConditionVariable, PSRWLOCK SRWLock,
                                      DWORD dwMilliseconds, ULONG Flags);
void WINAPI WakeConditionVariable(PCONDITION_VARIABLE ConditionVariable);
void WINAPI WakeAllConditionVariable(PCONDITION_VARIABLE ConditionVariable);

typedef union _RTL_RUN_ONCE {
  PVOID Ptr;
} RTL_RUN_ONCE, INIT_ONCE, *PINIT_ONCE, *LPINIT_ONCE;
#define INIT_ONCE_STATIC_INIT {0}
#define INIT_ONCE_CTX_RESERVED_BITS 2
typedef BOOL (WINAPI *PINIT_ONCE_FN)(PINIT_ONCE InitOnce, PVOID Parameter, PVOID *Context);
void WINAPI InitOnceInitialize(PINIT_ONCE InitOnce);
/* The first caller runs InitFn; callers meanwhile wait for it.  If InitFn
 * returns FALSE the call fails and the next caller tries again; once it
 * succeeded, every call returns TRUE with the context it stored (its low
 * INIT_ONCE_CTX_RESERVED_BITS bits must be zero). */
BOOL WINAPI InitOnceExecuteOnce(PINIT_ONCE InitOnce, PINIT_ONCE_FN InitFn, PVOID Parameter,
                                LPVOID *Context);

/* Sleeps while the AddressSize (1, 2, 4 or 8) bytes at Address equal those
 * at CompareAddress, until a WakeByAddress call on Address or the timeout
 * (FALSE, ERROR_TIMEOUT).  Needs -lsynchronization with mingw-w64. */
BOOL WINAPI WaitOnAddress(volatile VOID *Address, PVOID CompareAddress, SIZE_T AddressSize,
                          DWORD dwMilliseconds);
void WINAPI WakeByAddressSingle(PVOID Address);
void WINAPI WakeByAddressAll(PVOID Address);

/* ---- Interlocked operations (each one a scheduling point) --------------- */
LONG WINAPI InterlockedIncrement(LONG volatile *Addend);
LONG WINAPI InterlockedDecrement(LONG volatile *Addend);
LONG WINAPI InterlockedExchange(LONG volatile *Target, LONG Value);
LONG WINAPI InterlockedExchangeAdd(LONG volatile *Addend, LONG Value);
LONG WINAPI InterlockedCompareExchange(LONG volatile *Destination, LONG Exchange,
                                       LONG Comperand);
LONG WINAPI InterlockedAnd(LONG volatile *Destination, LONG Value);
LONG WINAPI InterlockedOr(LONG volatile *Destination, LONG Value);
PVOID WINAPI InterlockedExchangePointer(PVOID volatile *Target, PVOID Value);
PVOID WINAPI InterlockedCompareExchangePointer(PVOID volatile *Destination, PVOID Exchange,
                                               PVOID Comperand);

/* ---- Heap (tracked per module: what a DLL leaves behind is reported) ---- */
#define HEAP_ZERO_MEMORY 0x00000008UL
HANDLE WINAPI GetProcessHeap(void);
LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes);
LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem, SIZE_T dwBytes);
BOOL WINAPI HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem);

/* ---- DLLs and the loader ------------------------------------------------------- */
#define DLL_PROCESS_DETACH 0
#define DLL_PROCESS_ATTACH 1
#define DLL_THREAD_ATTACH 2
#define DLL_THREAD_DETACH 3
#define GET_MODULE_HANDLE_EX_FLAG_PIN 0x00000001UL
#define GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT 0x00000002UL
#define GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS 0x00000004UL

/* Every DllMain call runs with the loader lock held.  lpReserved is NULL
 * for LoadLibrary/FreeLibrary and non-NULL at process start and exit. */
BOOL WINAPI DllMain(HINSTANCE hinstDLL, DWORD fdwReason, LPVOID lpReserved);

/* Loads a DLL of the scenario by file name (any folder and the .dll suffix
 * are optional), or counts one more reference to it. */
HMODULE WINAPI LoadLibraryA(LPCSTR lpLibFileName);
HMODULE WINAPI LoadLibraryW(LPCWSTR lpLibFileName);
/* At the last reference: DLL_PROCESS_DETACH, then the image is unmapped.
 * Threads still running its code are not waited for. */
BOOL WINAPI FreeLibrary(HMODULE hLibModule);
__attribute__((noreturn)) void WINAPI FreeLibraryAndExitThread(HMODULE hLibModule, DWORD dwExitCode);
/* Only __declspec(dllexport) functions are found. */
FARPROC WINAPI GetProcAddress(HMODULE hModule, LPCSTR lpProcName);
HMODULE WINAPI GetModuleHandleA(LPCSTR lpModuleName);
HMODULE WINAPI GetModuleHandleW(LPCWSTR lpModuleName);
BOOL WINAPI GetModuleHandleExA(DWORD dwFlags, LPCSTR lpModuleName, HMODULE *phModule);
BOOL WINAPI GetModuleHandleExW(DWORD dwFlags, LPCWSTR lpModuleName, HMODULE *phModule);
/* Reports C:\loaderlab\<name> (the simulator has no real paths). */
DWORD WINAPI GetModuleFileNameA(HMODULE hModule, LPSTR lpFilename, DWORD nSize);
DWORD WINAPI GetModuleFileNameW(HMODULE hModule, LPWSTR lpFilename, DWORD nSize);
BOOL WINAPI DisableThreadLibraryCalls(HMODULE hLibModule);
/* Terminates every other thread where it stands, then sends
 * DLL_PROCESS_DETACH (lpReserved non-NULL) to every DLL. */
__attribute__((noreturn)) void WINAPI ExitProcess(UINT uExitCode);

/* ---- I/O completion ports ------------------------------------------------------- */
typedef struct _OVERLAPPED {
  ULONG_PTR Internal;       /* status of the operation */
  ULONG_PTR InternalHigh;   /* bytes transferred */
  union {
    struct { DWORD Offset; DWORD OffsetHigh; };
    PVOID Pointer;
  };
  HANDLE hEvent;
} OVERLAPPED, *LPOVERLAPPED;

typedef struct _OVERLAPPED_ENTRY {
  ULONG_PTR lpCompletionKey;
  LPOVERLAPPED lpOverlapped;
  ULONG_PTR Internal;
  DWORD dwNumberOfBytesTransferred;
} OVERLAPPED_ENTRY, *LPOVERLAPPED_ENTRY;

/* FileHandle INVALID_HANDLE_VALUE and ExistingCompletionPort NULL: a new
 * port that releases at most NumberOfConcurrentThreads threads at a time
 * (0: the number of processors, 4 here).  Otherwise associates FileHandle
 * with a port, so its overlapped I/O completes there with CompletionKey. */
HANDLE WINAPI CreateIoCompletionPort(HANDLE FileHandle, HANDLE ExistingCompletionPort,
                                     ULONG_PTR CompletionKey, DWORD NumberOfConcurrentThreads);
BOOL WINAPI PostQueuedCompletionStatus(HANDLE CompletionPort, DWORD dwNumberOfBytesTransferred,
                                       ULONG_PTR dwCompletionKey, LPOVERLAPPED lpOverlapped);
/* Packets come out first in, first out; blocked waiters are released last
 * in, first out.  A port closed under a waiter fails the wait with
 * ERROR_ABANDONED_WAIT_0. */
BOOL WINAPI GetQueuedCompletionStatus(HANDLE CompletionPort, LPDWORD lpNumberOfBytesTransferred,
                                      PULONG_PTR lpCompletionKey, LPOVERLAPPED *lpOverlapped,
                                      DWORD dwMilliseconds);
/* Takes up to ulCount queued packets at once without blocking, or blocks
 * for exactly one.  fAlertable is accepted; no APC ever arrives. */
BOOL WINAPI GetQueuedCompletionStatusEx(HANDLE CompletionPort, LPOVERLAPPED_ENTRY lpCompletionPortEntries,
                                        ULONG ulCount, PULONG ulNumEntriesRemoved,
                                        DWORD dwMilliseconds, BOOL fAlertable);

/* ---- Named pipes (an overlapped I/O source for completion ports) ---------------- */
#define PIPE_ACCESS_INBOUND 0x00000001UL
#define PIPE_ACCESS_OUTBOUND 0x00000002UL
#define PIPE_ACCESS_DUPLEX 0x00000003UL
#define FILE_FLAG_OVERLAPPED 0x40000000UL
#define PIPE_TYPE_BYTE 0x00000000UL
#define PIPE_READMODE_BYTE 0x00000000UL
#define PIPE_WAIT 0x00000000UL
#define PIPE_UNLIMITED_INSTANCES 255
#define GENERIC_READ 0x80000000UL
#define GENERIC_WRITE 0x40000000UL
#define OPEN_EXISTING 3
#define FILE_ATTRIBUTE_NORMAL 0x00000080UL
#define ERROR_PIPE_CONNECTED 535L
#define ERROR_PIPE_BUSY 231L
#define ERROR_NO_DATA 232L
#define ERROR_NOT_FOUND 1168L
HANDLE WINAPI CreateNamedPipeA(LPCSTR lpName, DWORD dwOpenMode, DWORD dwPipeMode, DWORD nMaxInstances,
                               DWORD nOutBufferSize, DWORD nInBufferSize, DWORD nDefaultTimeOut,
                               LPSECURITY_ATTRIBUTES lpSecurityAttributes);
BOOL WINAPI ConnectNamedPipe(HANDLE hNamedPipe, LPOVERLAPPED lpOverlapped);
/* Opens the client end of a named pipe ("\\.\pipe\name"). */
HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                          LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition,
                          DWORD dwFlagsAndAttributes, HANDLE hTemplateFile);
BOOL WINAPI ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead,
                     LPDWORD lpNumberOfBytesRead, LPOVERLAPPED lpOverlapped);
BOOL WINAPI WriteFile(HANDLE hFile, LPCVOID lpBuffer, DWORD nNumberOfBytesToWrite,
                      LPDWORD lpNumberOfBytesWritten, LPOVERLAPPED lpOverlapped);
BOOL WINAPI CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped);
BOOL WINAPI GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped,
                                LPDWORD lpNumberOfBytesTransferred, BOOL bWait);

/* ---- Waitable timers (signalled on virtual time) --------------------------------- */
typedef void (CALLBACK *PTIMERAPCROUTINE)(LPVOID lpArgToCompletionRoutine, DWORD dwTimerLowValue,
                                          DWORD dwTimerHighValue);
HANDLE WINAPI CreateWaitableTimerA(LPSECURITY_ATTRIBUTES lpTimerAttributes, BOOL bManualReset,
                                   LPCSTR lpTimerName);
/* lpDueTime: negative = relative, in 100 ns units; lPeriod in ms.  No
 * completion routine (APCs are not simulated). */
BOOL WINAPI SetWaitableTimer(HANDLE hTimer, const LARGE_INTEGER *lpDueTime, LONG lPeriod,
                             PTIMERAPCROUTINE pfnCompletionRoutine, LPVOID lpArgToCompletionRoutine,
                             BOOL fResume);
BOOL WINAPI CancelWaitableTimer(HANDLE hTimer);

/* ---- The thread pool ------------------------------------------------------------ */
/* Modelled as threads the simulator schedules like any other: workers,
 * started whenever work is queued and no worker is idle (up to 500), run
 * the callbacks; one thread waits for the pool's timers and waits, and one
 * for its I/O completions.  Pool threads get DLL_THREAD_ATTACH and
 * DLL_THREAD_DETACH like any thread.  A callback environment's library
 * (SetThreadpoolCallbackLibrary) is referenced from the creation of an
 * object until it is closed and its last callback has returned, so the
 * DLL is not unloaded under a callback; FreeLibraryWhenCallbackReturns
 * frees a library after the callback returned. */
typedef struct _TP_POOL TP_POOL, *PTP_POOL;
typedef struct _TP_WORK TP_WORK, *PTP_WORK;
typedef struct _TP_TIMER TP_TIMER, *PTP_TIMER;
typedef struct _TP_WAIT TP_WAIT, *PTP_WAIT;
typedef struct _TP_IO TP_IO, *PTP_IO;
typedef struct _TP_CALLBACK_INSTANCE TP_CALLBACK_INSTANCE, *PTP_CALLBACK_INSTANCE;
typedef struct _TP_CLEANUP_GROUP TP_CLEANUP_GROUP, *PTP_CLEANUP_GROUP;
typedef DWORD TP_VERSION, *PTP_VERSION;
typedef DWORD TP_WAIT_RESULT;
typedef void (CALLBACK *PTP_SIMPLE_CALLBACK)(PTP_CALLBACK_INSTANCE Instance, PVOID Context);
typedef void (CALLBACK *PTP_WORK_CALLBACK)(PTP_CALLBACK_INSTANCE Instance, PVOID Context,
                                           PTP_WORK Work);
typedef void (CALLBACK *PTP_TIMER_CALLBACK)(PTP_CALLBACK_INSTANCE Instance, PVOID Context,
                                            PTP_TIMER Timer);
typedef void (CALLBACK *PTP_WAIT_CALLBACK)(PTP_CALLBACK_INSTANCE Instance, PVOID Context,
                                           PTP_WAIT Wait, TP_WAIT_RESULT WaitResult);
typedef void (CALLBACK *PTP_WIN32_IO_CALLBACK)(PTP_CALLBACK_INSTANCE Instance, PVOID Context,
                                               PVOID Overlapped, ULONG IoResult,
                                               ULONG_PTR NumberOfBytesTransferred, PTP_IO Io);
typedef void (CALLBACK *PTP_CLEANUP_GROUP_CANCEL_CALLBACK)(PVOID ObjectContext, PVOID CleanupContext);
typedef enum _TP_CALLBACK_PRIORITY {
  TP_CALLBACK_PRIORITY_HIGH,
  TP_CALLBACK_PRIORITY_NORMAL,
  TP_CALLBACK_PRIORITY_LOW,
  TP_CALLBACK_PRIORITY_INVALID,
  TP_CALLBACK_PRIORITY_COUNT = TP_CALLBACK_PRIORITY_INVALID
} TP_CALLBACK_PRIORITY;
typedef struct _TP_CALLBACK_ENVIRON_V3 {
  TP_VERSION Version;
  PTP_POOL Pool;
  PTP_CLEANUP_GROUP CleanupGroup;
  PTP_CLEANUP_GROUP_CANCEL_CALLBACK CleanupGroupCancelCallback;
  PVOID RaceDll;
  struct _ACTIVATION_CONTEXT *ActivationContext;
  PTP_SIMPLE_CALLBACK FinalizationCallback;
  union {
    DWORD Flags;
    struct { DWORD LongFunction : 1; DWORD Persistent : 1; DWORD Private : 30; } s;
  } u;
  TP_CALLBACK_PRIORITY CallbackPriority;
  DWORD Size;
} TP_CALLBACK_ENVIRON_V3, TP_CALLBACK_ENVIRON, *PTP_CALLBACK_ENVIRON;

/* Callback environments: no scheduling points (inline functions on
 * Windows, which only fill in the structure). */
void WINAPI InitializeThreadpoolEnvironment(PTP_CALLBACK_ENVIRON pcbe);
void WINAPI DestroyThreadpoolEnvironment(PTP_CALLBACK_ENVIRON pcbe);
void WINAPI SetThreadpoolCallbackLibrary(PTP_CALLBACK_ENVIRON pcbe, PVOID mod);
void WINAPI SetThreadpoolCallbackCleanupGroup(PTP_CALLBACK_ENVIRON pcbe, PTP_CLEANUP_GROUP ptpcg,
                                              PTP_CLEANUP_GROUP_CANCEL_CALLBACK pfng);
void WINAPI SetThreadpoolCallbackRunsLong(PTP_CALLBACK_ENVIRON pcbe);

/* Work: each SubmitThreadpoolWork runs the callback once, possibly in
 * parallel with earlier ones.  WaitFor...Callbacks waits for the queued
 * and running callbacks (or first cancels the queued ones); Close frees
 * the object once its callbacks have run. */
PTP_WORK WINAPI CreateThreadpoolWork(PTP_WORK_CALLBACK pfnwk, PVOID pv, PTP_CALLBACK_ENVIRON pcbe);
void WINAPI SubmitThreadpoolWork(PTP_WORK pwk);
void WINAPI WaitForThreadpoolWorkCallbacks(PTP_WORK pwk, BOOL fCancelPendingCallbacks);
void WINAPI CloseThreadpoolWork(PTP_WORK pwk);
BOOL WINAPI TrySubmitThreadpoolCallback(PTP_SIMPLE_CALLBACK pfns, PVOID pv, PTP_CALLBACK_ENVIRON pcbe);

/* Timers: pftDueTime negative = relative, in 100 ns units, positive =
 * absolute (a FILETIME); NULL stops the timer.  msPeriod 0: once.
 * msWindowLength is accepted; the callback comes exactly at its time. */
PTP_TIMER WINAPI CreateThreadpoolTimer(PTP_TIMER_CALLBACK pfnti, PVOID pv, PTP_CALLBACK_ENVIRON pcbe);
void WINAPI SetThreadpoolTimer(PTP_TIMER pti, PFILETIME pftDueTime, DWORD msPeriod,
                               DWORD msWindowLength);
BOOL WINAPI IsThreadpoolTimerSet(PTP_TIMER pti);
void WINAPI WaitForThreadpoolTimerCallbacks(PTP_TIMER pti, BOOL fCancelPendingCallbacks);
void WINAPI CloseThreadpoolTimer(PTP_TIMER pti);

/* Waits: one callback when h is signalled (WAIT_OBJECT_0) or the timeout
 * passes (WAIT_TIMEOUT); set it again for another.  h NULL stops it. */
PTP_WAIT WINAPI CreateThreadpoolWait(PTP_WAIT_CALLBACK pfnwa, PVOID pv, PTP_CALLBACK_ENVIRON pcbe);
void WINAPI SetThreadpoolWait(PTP_WAIT pwa, HANDLE h, PFILETIME pftTimeout);
void WINAPI WaitForThreadpoolWaitCallbacks(PTP_WAIT pwa, BOOL fCancelPendingCallbacks);
void WINAPI CloseThreadpoolWait(PTP_WAIT pwa);

/* I/O: binds an overlapped handle (a named pipe here) to the pool; call
 * StartThreadpoolIo before every overlapped operation, and
 * CancelThreadpoolIo when one fails without ERROR_IO_PENDING. */
PTP_IO WINAPI CreateThreadpoolIo(HANDLE fl, PTP_WIN32_IO_CALLBACK pfnio, PVOID pv,
                                 PTP_CALLBACK_ENVIRON pcbe);
void WINAPI StartThreadpoolIo(PTP_IO pio);
void WINAPI CancelThreadpoolIo(PTP_IO pio);
void WINAPI WaitForThreadpoolIoCallbacks(PTP_IO pio, BOOL fCancelPendingCallbacks);
void WINAPI CloseThreadpoolIo(PTP_IO pio);

/* Cleanup groups: closing the members cancels their queued callbacks if
 * asked (calling the group's cancel callback for each member), waits for
 * their running callbacks, and closes them. */
PTP_CLEANUP_GROUP WINAPI CreateThreadpoolCleanupGroup(void);
void WINAPI CloseThreadpoolCleanupGroupMembers(PTP_CLEANUP_GROUP ptpcg, BOOL fCancelPendingCallbacks,
                                               PVOID pvCleanupContext);
void WINAPI CloseThreadpoolCleanupGroup(PTP_CLEANUP_GROUP ptpcg);

/* Inside a callback: what the pool does after it returns (the first call
 * of each kind counts), in this order: leave the critical section,
 * release the mutex, release the semaphore, set the event, free the
 * library.  No scheduling points: they only record. */
void WINAPI LeaveCriticalSectionWhenCallbackReturns(PTP_CALLBACK_INSTANCE pci, PCRITICAL_SECTION pcs);
void WINAPI ReleaseMutexWhenCallbackReturns(PTP_CALLBACK_INSTANCE pci, HANDLE mut);
void WINAPI ReleaseSemaphoreWhenCallbackReturns(PTP_CALLBACK_INSTANCE pci, HANDLE sem, DWORD crel);
void WINAPI SetEventWhenCallbackReturns(PTP_CALLBACK_INSTANCE pci, HANDLE evt);
void WINAPI FreeLibraryWhenCallbackReturns(PTP_CALLBACK_INSTANCE pci, HMODULE mod);
BOOL WINAPI CallbackMayRunLong(PTP_CALLBACK_INSTANCE pci);
/* The callback no longer counts for WaitFor...Callbacks of its object. */
void WINAPI DisassociateCurrentThreadFromCallback(PTP_CALLBACK_INSTANCE pci);

/* The older interface: Function(Context) runs on a pool worker. */
#define WT_EXECUTEDEFAULT 0x00000000UL
#define WT_EXECUTEINIOTHREAD 0x00000001UL
#define WT_EXECUTELONGFUNCTION 0x00000010UL
#define WT_EXECUTEINPERSISTENTTHREAD 0x00000080UL
#define WT_TRANSFER_IMPERSONATION 0x00000100UL
BOOL WINAPI QueueUserWorkItem(LPTHREAD_START_ROUTINE Function, PVOID Context, ULONG Flags);

/* ---- Alertable waits and APCs --------------------------------------------------- */
typedef void (CALLBACK *PAPCFUNC)(ULONG_PTR Parameter);

/* Writes to the trace (and to the debugger on Windows). */
void WINAPI OutputDebugStringA(LPCSTR lpOutputString);

#ifdef __cplusplus
}
#endif

#endif
