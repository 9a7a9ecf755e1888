/* <process.h> for simulated programs: the Microsoft C runtime's thread
 * functions, which DLL code written for it calls instead of CreateThread.
 *
 * _beginthreadex is CreateThread with the C runtime's signature: the
 * routine returns an unsigned (its exit code), the handle comes back as a
 * uintptr_t (0 on failure, errno EINVAL for a NULL routine, EAGAIN when no
 * thread can start), and it must be closed with CloseHandle.
 * _endthreadex is ExitThread.  Both are scheduling points.
 *
 * Left out: _beginthread and _endthread (their handle closes itself when
 * the thread ends), which fail at compile time.
 */
#ifndef LOADERLAB_PROCESS_H
#define LOADERLAB_PROCESS_H

#include <stdint.h>

#include <windows.h>

#ifdef __cplusplus
extern "C" {
#endif

uintptr_t _beginthreadex(void *security, unsigned stack_size, unsigned (__stdcall *start_address)(void *),
                         void *arglist, unsigned initflag, unsigned *thrdaddr);
__attribute__((noreturn)) void _endthreadex(unsigned retval);

uintptr_t _beginthread() __attribute__((error(
    "_beginthread is not simulated by loaderlab (use _beginthreadex, whose handle you close)")));
void _endthread() __attribute__((error("_endthread is not simulated by loaderlab (use _endthreadex)")));

#ifdef __cplusplus
}
#endif

#endif
