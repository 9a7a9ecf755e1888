/* Win32 functions a DLL commonly calls that loaderlab does not simulate.
 *
 * Each is declared with an error attribute, so that calling one fails at
 * compile time with a message that names it and says it is not simulated,
 * rather than with a bare "implicit declaration" (a function no header
 * declares) or, worse, with a model the simulator does not have.  Included
 * by windows.h; taking the address of one instead of calling it fails when
 * the program is loaded ("undefined symbol").  A name missing from this
 * list still fails to compile (implicit declarations are errors), only
 * with the compiler's own words.
 *
 * X(return type, name, what to do instead, or why it is left out)
 */
#ifndef LOADERLAB_NOT_SIMULATED_H
#define LOADERLAB_NOT_SIMULATED_H

#define LOADERLAB_NOT_SIMULATED(ret, name, hint)                                             \
  ret WINAPI name() __attribute__((error(#name " is not simulated by loaderlab (" hint       \
                                         "); sim/include/windows.h lists what is")));

#define LOADERLAB_NO_FILES "files other than named pipes are not simulated"
#define LOADERLAB_NO_PROCESSES "the simulated program is one process"
#define LOADERLAB_NO_MEMORY "VirtualAlloc/VirtualFree and the process heap are"

#define LOADERLAB_NOT_SIMULATED_LIST(X)                                                      \
  /* files and devices */                                                                  \
  X(HANDLE, CreateFileW, "use CreateFileA on a named pipe")                                 \
  X(HANDLE, CreateNamedPipeW, "use CreateNamedPipeA")                                       \
  X(HANDLE, CreateFile2, LOADERLAB_NO_FILES)                                                \
  X(BOOL, ReadFileEx, "completion routines of I/O are not simulated; use a completion port") \
  X(BOOL, WriteFileEx, "completion routines of I/O are not simulated; use a completion port") \
  X(BOOL, CancelIo, "use CancelIoEx")                                                       \
  X(BOOL, CancelSynchronousIo, "synchronous I/O cannot be cancelled here")                  \
  X(BOOL, GetOverlappedResultEx, "use GetOverlappedResult")                                 \
  X(BOOL, DeviceIoControl, LOADERLAB_NO_FILES)                                              \
  X(BOOL, FlushFileBuffers, LOADERLAB_NO_FILES)                                             \
  X(BOOL, DeleteFileA, LOADERLAB_NO_FILES)                                                  \
  X(BOOL, DeleteFileW, LOADERLAB_NO_FILES)                                                  \
  X(DWORD, GetFileSize, LOADERLAB_NO_FILES)                                                 \
  X(BOOL, GetFileSizeEx, LOADERLAB_NO_FILES)                                                \
  X(DWORD, SetFilePointer, LOADERLAB_NO_FILES)                                              \
  X(BOOL, SetFilePointerEx, LOADERLAB_NO_FILES)                                             \
  X(DWORD, GetFileAttributesA, LOADERLAB_NO_FILES)                                          \
  X(DWORD, GetFileAttributesW, LOADERLAB_NO_FILES)                                          \
  X(HANDLE, FindFirstFileA, LOADERLAB_NO_FILES)                                             \
  X(HANDLE, FindFirstFileW, LOADERLAB_NO_FILES)                                             \
  X(BOOL, FindNextFileA, LOADERLAB_NO_FILES)                                                \
  X(BOOL, FindNextFileW, LOADERLAB_NO_FILES)                                                \
  X(BOOL, FindClose, LOADERLAB_NO_FILES)                                                    \
  X(BOOL, CreateDirectoryA, LOADERLAB_NO_FILES)                                             \
  X(BOOL, CreateDirectoryW, LOADERLAB_NO_FILES)                                             \
  X(DWORD, GetTempPathA, LOADERLAB_NO_FILES)                                                \
  X(DWORD, GetTempPathW, LOADERLAB_NO_FILES)                                                \
  X(BOOL, CreatePipe, "use a named pipe")                                                   \
  X(BOOL, PeekNamedPipe, "not simulated for named pipes either")                            \
  X(BOOL, DisconnectNamedPipe, "pipe reconnection is not simulated")                        \
  X(BOOL, WaitNamedPipeA, "a busy pipe fails with ERROR_PIPE_BUSY; try CreateFileA again")  \
  X(BOOL, SetNamedPipeHandleState, "only byte-mode pipes are simulated")                    \
  X(HANDLE, GetStdHandle, "use printf and the C runtime's streams")                         \
  X(BOOL, WriteConsoleA, "use printf")                                                      \
  X(BOOL, WriteConsoleW, "use printf")                                                      \
  X(BOOL, BindIoCompletionCallback, "use CreateThreadpoolIo")                               \
  /* handles and objects */                                                                \
  X(BOOL, DuplicateHandle, "open another handle with OpenEvent, OpenMutex or OpenSemaphore") \
  X(BOOL, GetHandleInformation, "handle flags are not simulated")                           \
  X(BOOL, SetHandleInformation, "handle flags are not simulated")                           \
  X(HANDLE, CreateEventExA, "use CreateEventA")                                             \
  X(HANDLE, CreateEventExW, "use CreateEventW")                                             \
  X(HANDLE, CreateMutexExA, "use CreateMutexA")                                             \
  X(HANDLE, CreateMutexExW, "use CreateMutexW")                                             \
  X(HANDLE, CreateSemaphoreExA, "use CreateSemaphoreA")                                     \
  X(HANDLE, CreateSemaphoreExW, "use CreateSemaphoreW")                                     \
  X(HANDLE, CreateWaitableTimerExW, "use CreateWaitableTimerW")                             \
  X(HANDLE, OpenWaitableTimerA, "named timers are not simulated")                           \
  X(HANDLE, OpenWaitableTimerW, "named timers are not simulated")                           \
  X(BOOL, SetWaitableTimerEx, "use SetWaitableTimer")                                       \
  X(DWORD, WaitForInputIdle, LOADERLAB_NO_PROCESSES)                                        \
  X(DWORD, MsgWaitForMultipleObjects, "window messages are not simulated")                  \
  X(DWORD, MsgWaitForMultipleObjectsEx, "window messages are not simulated")                \
  /* locks and synchronization */                                                          \
  X(BOOL, InitializeCriticalSectionEx, "use InitializeCriticalSectionAndSpinCount")         \
  X(DWORD, SetCriticalSectionSpinCount, "spin counts change nothing a program sees here")   \
  X(BOOL, InitOnceBeginInitialize, "use InitOnceExecuteOnce")                               \
  X(BOOL, InitOnceComplete, "use InitOnceExecuteOnce")                                      \
  X(BOOL, InitializeSynchronizationBarrier, "build one from a condition variable")          \
  X(BOOL, EnterSynchronizationBarrier, "build one from a condition variable")               \
  X(BOOL, DeleteSynchronizationBarrier, "build one from a condition variable")              \
  X(void, InitializeSListHead, "use a list under a critical section")                       \
  X(void *, InterlockedPushEntrySList, "use a list under a critical section")               \
  X(void *, InterlockedPopEntrySList, "use a list under a critical section")                \
  X(void *, InterlockedFlushSList, "use a list under a critical section")                   \
  X(DWORD, QueueUserAPC2, "use QueueUserAPC")                                               \
  /* the thread pool */                                                                    \
  X(PTP_POOL, CreateThreadpool, "private pools are not simulated: use the default pool")    \
  X(void, CloseThreadpool, "private pools are not simulated: use the default pool")         \
  X(void, SetThreadpoolThreadMaximum, "private pools are not simulated")                    \
  X(BOOL, SetThreadpoolThreadMinimum, "private pools are not simulated")                    \
  X(void, SetThreadpoolCallbackPool, "private pools are not simulated")                     \
  X(void, SetThreadpoolCallbackPriority, "callback priorities are not simulated")           \
  X(BOOL, SetThreadpoolTimerEx, "use SetThreadpoolTimer")                                   \
  X(BOOL, SetThreadpoolWaitEx, "use SetThreadpoolWait")                                     \
  X(HANDLE, CreateTimerQueue, "use the thread pool's timers (CreateThreadpoolTimer)")       \
  X(BOOL, CreateTimerQueueTimer, "use CreateThreadpoolTimer")                               \
  X(BOOL, ChangeTimerQueueTimer, "use SetThreadpoolTimer")                                  \
  X(BOOL, DeleteTimerQueueTimer, "use CloseThreadpoolTimer")                                \
  X(BOOL, DeleteTimerQueueEx, "use the thread pool's timers")                               \
  X(BOOL, RegisterWaitForSingleObject, "use CreateThreadpoolWait")                          \
  X(BOOL, UnregisterWait, "use CloseThreadpoolWait")                                        \
  X(BOOL, UnregisterWaitEx, "use WaitForThreadpoolWaitCallbacks and CloseThreadpoolWait")   \
  /* threads and processes */                                                              \
  X(HANDLE, CreateRemoteThread, LOADERLAB_NO_PROCESSES)                                     \
  X(HANDLE, OpenThread, "keep the handle CreateThread returned")                            \
  X(BOOL, SetThreadPriority, "the strategy decides who runs; priorities are not simulated") \
  X(int, GetThreadPriority, "priorities are not simulated")                                 \
  X(DWORD_PTR, SetThreadAffinityMask, "affinity is not simulated")                          \
  X(BOOL, GetThreadTimes, "CPU times are not simulated")                                    \
  X(DWORD, GetCurrentProcessorNumber, "processors are not simulated")                       \
  X(BOOL, CreateProcessA, LOADERLAB_NO_PROCESSES)                                           \
  X(BOOL, CreateProcessW, LOADERLAB_NO_PROCESSES)                                           \
  X(HANDLE, OpenProcess, LOADERLAB_NO_PROCESSES)                                            \
  X(BOOL, GetExitCodeProcess, LOADERLAB_NO_PROCESSES)                                       \
  X(DWORD, GetProcessId, LOADERLAB_NO_PROCESSES)                                            \
  X(LPVOID, ConvertThreadToFiber, "fibers are how the simulator runs threads; not simulated") \
  X(LPVOID, CreateFiber, "fibers are how the simulator runs threads; not simulated")        \
  X(void, SwitchToFiber, "fibers are not simulated")                                        \
  X(void, DeleteFiber, "fibers are not simulated")                                          \
  X(DWORD, FlsAlloc, "use TlsAlloc")                                                        \
  X(BOOL, FlsFree, "use TlsFree")                                                           \
  X(PVOID, FlsGetValue, "use TlsGetValue")                                                  \
  X(BOOL, FlsSetValue, "use TlsSetValue")                                                   \
  /* memory */                                                                             \
  X(HANDLE, HeapCreate, "use GetProcessHeap")                                               \
  X(BOOL, HeapDestroy, "use GetProcessHeap")                                                \
  X(SIZE_T, HeapSize, "keep the size you allocated")                                        \
  X(BOOL, HeapValidate, "the simulator checks every free")                                  \
  X(HANDLE, LocalAlloc, "use HeapAlloc")                                                    \
  X(HANDLE, LocalFree, "use HeapFree")                                                      \
  X(HANDLE, GlobalAlloc, "use HeapAlloc")                                                   \
  X(HANDLE, GlobalFree, "use HeapFree")                                                     \
  X(LPVOID, VirtualAllocEx, LOADERLAB_NO_PROCESSES)                                         \
  X(BOOL, VirtualFreeEx, LOADERLAB_NO_PROCESSES)                                            \
  X(BOOL, VirtualProtect, "page protection is not simulated")                               \
  X(SIZE_T, VirtualQuery, "not simulated; " LOADERLAB_NO_MEMORY)                            \
  X(HANDLE, CreateFileMappingA, "not simulated; " LOADERLAB_NO_MEMORY)                      \
  X(HANDLE, CreateFileMappingW, "not simulated; " LOADERLAB_NO_MEMORY)                      \
  X(HANDLE, OpenFileMappingA, "not simulated; " LOADERLAB_NO_MEMORY)                        \
  X(LPVOID, MapViewOfFile, "not simulated; " LOADERLAB_NO_MEMORY)                           \
  X(BOOL, UnmapViewOfFile, "not simulated; " LOADERLAB_NO_MEMORY)                           \
  /* the loader */                                                                         \
  X(BOOL, SetDllDirectoryA, "DLLs are found by file name in the application's folder")      \
  X(BOOL, SetDllDirectoryW, "DLLs are found by file name in the application's folder")      \
  X(PVOID, AddDllDirectory, "DLLs are found by file name in the application's folder")      \
  X(BOOL, RemoveDllDirectory, "DLLs are found by file name in the application's folder")    \
  X(BOOL, SetDefaultDllDirectories, "DLLs are found by file name in the application's folder") \
  X(HMODULE, LoadPackagedLibrary, "use LoadLibraryA")                                       \
  X(HANDLE, FindResourceA, "resources are not simulated")                                   \
  X(HANDLE, FindResourceW, "resources are not simulated")                                   \
  X(HANDLE, LoadResource, "resources are not simulated")                                    \
  X(LPVOID, LockResource, "resources are not simulated")                                    \
  X(DWORD, SizeofResource, "resources are not simulated")                                   \
  /* time, system, errors, environment */                                                  \
  X(void, GetSystemTime, "use GetTickCount64: time is virtual")                             \
  X(void, GetLocalTime, "use GetTickCount64: time is virtual")                              \
  X(void, GetSystemTimePreciseAsFileTime, "use QueryPerformanceCounter: time is virtual")   \
  X(BOOL, QueryUnbiasedInterruptTime, "use GetTickCount64: time is virtual")                \
  X(void, GetSystemInfo, "the simulated machine has no properties to report")               \
  X(void, GetNativeSystemInfo, "the simulated machine has no properties to report")         \
  X(BOOL, GetVersionExA, "the simulated system has no version")                             \
  X(BOOL, GetVersionExW, "the simulated system has no version")                             \
  X(DWORD, FormatMessageA, "print the error number")                                        \
  X(DWORD, FormatMessageW, "print the error number")                                        \
  X(void, RaiseException, "use abort or an assertion")                                      \
  X(PVOID, AddVectoredExceptionHandler, "structured exceptions are not simulated")          \
  X(PVOID, SetUnhandledExceptionFilter, "structured exceptions are not simulated")          \
  X(BOOL, IsDebuggerPresent, "there is no debugger in a simulated run")                     \
  X(void, DebugBreak, "use OutputDebugStringA to mark a step in the trace")                 \
  X(DWORD, GetEnvironmentVariableA, "a simulated run has no environment")                   \
  X(DWORD, GetEnvironmentVariableW, "a simulated run has no environment")                   \
  X(BOOL, SetEnvironmentVariableA, "a simulated run has no environment")                    \
  X(BOOL, SetEnvironmentVariableW, "a simulated run has no environment")                    \
  X(LPSTR, GetCommandLineA, "a simulated program has no command line")                      \
  X(LPWSTR, GetCommandLineW, "a simulated program has no command line")                     \
  X(int, MultiByteToWideChar, "convert ASCII by hand; code pages are not simulated")        \
  X(int, WideCharToMultiByte, "convert ASCII by hand; code pages are not simulated")        \
  X(BOOL, SetConsoleCtrlHandler, "a simulated run has no console")

LOADERLAB_NOT_SIMULATED_LIST(LOADERLAB_NOT_SIMULATED)

#endif
