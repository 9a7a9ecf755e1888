/* <tchar.h> for simulated programs: the generic-text names of the
 * Microsoft C runtime, for ANSI builds (TCHAR is char).
 *
 * Each _t name is the C library's narrow function, as tchar.h maps it
 * without _UNICODE; the C runtime's own spellings (_stricmp, _snprintf)
 * are mapped to their C library equivalents.  An _UNICODE build would map
 * to the wide C library functions, which do not work with the 16-bit
 * WCHAR of simulated programs (see windows.h), so it is refused.
 */
#ifndef LOADERLAB_TCHAR_H
#define LOADERLAB_TCHAR_H

#ifdef _UNICODE
#error "tchar.h: _UNICODE builds are not simulated by loaderlab (the wide C runtime functions use a 32-bit wchar_t here); build without _UNICODE, or call the W functions of windows.h directly"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef char _TCHAR, _TSCHAR;
typedef unsigned char _TUCHAR;
typedef char _TXCHAR;
typedef int _TINT;
#ifndef _TCHAR_DEFINED
#define _TCHAR_DEFINED
#endif

#define __T(x) x
#define _T(x) __T(x)
#define _TEXT(x) __T(x)
#define _TEOF EOF

#define _tmain main
#define _tprintf printf
#define _ftprintf fprintf
#define _stprintf sprintf
#define _sntprintf snprintf
#define _vtprintf vprintf
#define _vftprintf vfprintf
#define _vstprintf vsprintf
#define _vsntprintf vsnprintf
#define _tscanf scanf
#define _stscanf sscanf
#define _fputts fputs
#define _puttchar putchar
#define _fputtc fputc
#define _tfopen fopen
#define _tgetenv getenv

#define _tcslen strlen
#define _tcsnlen strnlen
#define _tcscpy strcpy
#define _tcsncpy strncpy
#define _tcscat strcat
#define _tcsncat strncat
#define _tcscmp strcmp
#define _tcsncmp strncmp
#define _tcsicmp strcasecmp
#define _tcsnicmp strncasecmp
#define _tcschr strchr
#define _tcsrchr strrchr
#define _tcsstr strstr
#define _tcsspn strspn
#define _tcscspn strcspn
#define _tcspbrk strpbrk
#define _tcstok strtok
#define _tcsdup strdup
#define _tcstol strtol
#define _tcstoul strtoul
#define _tcstod strtod
#define _ttoi atoi
#define _ttol atol
#define _tstoi atoi
#define _tstol atol

/* The Microsoft C runtime's names for what the C library has. */
#define _stricmp strcasecmp
#define _strnicmp strncasecmp
#define _snprintf snprintf
#define _vsnprintf vsnprintf
#define _strdup strdup

#endif
