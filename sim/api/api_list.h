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
 * (L, "local"); local calls still appear in traces.
 */
#ifndef SIM_API_LIST_H
#define SIM_API_LIST_H

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

#endif
