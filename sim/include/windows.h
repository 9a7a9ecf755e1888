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
 *   the W APIs declared here rather than wcslen and friends.  Formatting
 *   and output (printf with %ls or %S, snprintf, wprintf, fputws,
 *   putwchar) go through the simulator, which reads 16-bit characters as
 *   the Microsoft C runtime does and writes them out as UTF-8.
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
/* Virtual milliseconds since the process started (no scheduling point,
 * unless the thread reads the clock again with no other call between:
 * then it is polling, and virtual time may pass). */
ULONGLONG WINAPI GetTickCount64(void);
DWORD WINAPI GetTickCount(void);
/* The virtual system time: 100 ns units since 1601 (UTC), starting at
 * 2024-01-01 00:00:00 and moving with virtual time; read like the tick
 * count.  DWORD is 64 bits here, so a FILETIME is 16 bytes: combine the
 * two halves with shifts, not by copying the structure. */
typedef struct _FILETIME {
  DWORD dwLowDateTime;
  DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;
void WINAPI GetSystemTimeAsFileTime(LPFILETIME lpSystemTimeAsFileTime);

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
#define ERROR_PIPE_LISTENING 536L
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
typedef union _LARGE_INTEGER {
  struct { DWORD LowPart; LONG HighPart; };
  struct { DWORD LowPart; LONG HighPart; } u;
  LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;
typedef void (CALLBACK *PTIMERAPCROUTINE)(LPVOID lpArgToCompletionRoutine, DWORD dwTimerLowValue,
                                          DWORD dwTimerHighValue);
HANDLE WINAPI CreateWaitableTimerA(LPSECURITY_ATTRIBUTES lpTimerAttributes, BOOL bManualReset,
                                   LPCSTR lpTimerName);
/* lpDueTime: negative = relative, in 100 ns units; positive = an absolute
 * FILETIME (GetSystemTimeAsFileTime); lPeriod in ms.  No completion
 * routine (APCs are not simulated).  A timer may be named, like an event. */
BOOL WINAPI SetWaitableTimer(HANDLE hTimer, const LARGE_INTEGER *lpDueTime, LONG lPeriod,
                             PTIMERAPCROUTINE pfnCompletionRoutine, LPVOID lpArgToCompletionRoutine,
                             BOOL fResume);
BOOL WINAPI CancelWaitableTimer(HANDLE hTimer);

/* Writes to the trace (and to the debugger on Windows). */
void WINAPI OutputDebugStringA(LPCSTR lpOutputString);

#ifdef __cplusplus
}
#endif

#endif
