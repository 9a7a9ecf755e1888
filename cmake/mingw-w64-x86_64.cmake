# Cross-compiling the Win32 track with Debian's mingw-w64 for x86-64, to run
# under Wine (preset `mingw`).
#
# x86_64-w64-mingw32-gcc is Debian's alternative between the win32 and posix
# thread-model builds of gcc (win32 by default).  Either works: the kit is
# plain C that calls Win32 threads directly, so the programs and DLLs import
# only KERNEL32.dll and msvcrt.dll whichever is chosen, and libgcc is linked
# statically, so nothing needs copying next to them.
#
# Programs (wine64) are found on the build machine; headers and libraries
# only in the mingw-w64 sysroot.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
