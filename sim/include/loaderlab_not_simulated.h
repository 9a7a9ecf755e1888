/* Win32 functions a DLL commonly calls that loaderlab does not simulate.
 *
 * Each is declared with an error attribute, so that calling one fails at
 * compile time with a message that names it and says it is not simulated,
 * rather than with a bare "implicit declaration" (a function no header
 * declares) or, worse, with a model the simulator does not have.  Included
 * by windows.h; taking the address of one instead of calling it fails when
 * the program is loaded ("undefined symbol").
 *
 * X(return type, name, what to do instead or why): the list.
 */
#ifndef LOADERLAB_NOT_SIMULATED_H
#define LOADERLAB_NOT_SIMULATED_H

#define LOADERLAB_NOT_SIMULATED(ret, name, hint)                                             \
  ret WINAPI name() __attribute__((error(#name " is not simulated by loaderlab (" hint       \
                                         "); sim/include/windows.h lists what is")));

#define LOADERLAB_NOT_SIMULATED_LIST(X)                                                      \
  /* wide forms of what UNICODE builds reach */                                            \
  X(HANDLE, CreateFileW, "use CreateFileA on a named pipe")                                 \
  X(HANDLE, CreateNamedPipeW, "use CreateNamedPipeA")

LOADERLAB_NOT_SIMULATED_LIST(LOADERLAB_NOT_SIMULATED)

#endif
