/* printf formatting for simulated programs, with wide strings and the
 * Microsoft C runtime's conventions.
 *
 * Simulated programs are compiled with -fshort-wchar, so their wchar_t and
 * L"..." strings are 16-bit UTF-16, as on Windows, while the C library's
 * printf reads %ls as 32-bit characters: a wide string printed through it
 * comes out as garbage, or runs past its end.  So every printf-family call
 * of a simulated program (crt.c wraps them) is formatted here: each
 * conversion that takes no wide argument is handed to the C library's
 * snprintf, one at a time, and the wide ones are converted from UTF-16 to
 * UTF-8.
 *
 * The conventions are the Microsoft C runtime's:
 * - in printf and friends, %s and %c are narrow, %ls, %lc, %S and %C wide;
 * - in wprintf and friends, %s and %c are wide (the runtime's historical
 *   default), %S and %C narrow; %ls and %lc are always wide, %hs and %hc
 *   always narrow;
 * - the size prefixes I64, I32 and I (a pointer-sized integer) are
 *   accepted beside ll, l, h, hh, j, z, t and L.
 * A wide string's precision counts UTF-16 units, as the runtime counts
 * wchar_t; its width counts the bytes of UTF-8 written.  Unpaired
 * surrogates print as U+FFFD.
 *
 * Left out: %n (it writes nothing here: the Microsoft runtime refuses it by
 * default), positional arguments (%1$d), and the locale: wide text always
 * becomes UTF-8, where Windows converts it to the console's code page. */
#include "api.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sim__utf16_append(struct strbuf *out, const WCHAR *w, long max) {
  char buf[4];
  for (long i = 0; (max < 0 || i < max) && w[i]; i++) {
    uint32_t c = w[i];
    if (c >= 0xD800 && c <= 0xDBFF && (max < 0 || i + 1 < max) && w[i + 1] >= 0xDC00 &&
        w[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (w[i + 1] - 0xDC00);
      i++;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;
    }
    size_t n;
    if (c < 0x80) {
      buf[0] = (char)c;
      n = 1;
    } else if (c < 0x800) {
      buf[0] = (char)(0xC0 | (c >> 6));
      buf[1] = (char)(0x80 | (c & 0x3F));
      n = 2;
    } else if (c < 0x10000) {
      buf[0] = (char)(0xE0 | (c >> 12));
      buf[1] = (char)(0x80 | ((c >> 6) & 0x3F));
      buf[2] = (char)(0x80 | (c & 0x3F));
      n = 3;
    } else {
      buf[0] = (char)(0xF0 | (c >> 18));
      buf[1] = (char)(0x80 | ((c >> 12) & 0x3F));
      buf[2] = (char)(0x80 | ((c >> 6) & 0x3F));
      buf[3] = (char)(0x80 | (c & 0x3F));
      n = 4;
    }
    strbuf_append(out, buf, n);
  }
}

/* Pads text to width (left-justified if minus), then appends it. */
static void append_padded(struct strbuf *out, const char *text, size_t len, int width, bool minus) {
  size_t pad = width > 0 && (size_t)width > len ? (size_t)width - len : 0;
  if (!minus)
    for (size_t i = 0; i < pad; i++) strbuf_append(out, " ", 1);
  strbuf_append(out, text, len);
  if (minus)
    for (size_t i = 0; i < pad; i++) strbuf_append(out, " ", 1);
}

/* Appends one conversion formatted by the C library. */
static void append_snprintf(struct strbuf *out, const char *spec, ...) {
  char small[256];
  va_list ap, copy;
  va_start(ap, spec);
  va_copy(copy, ap);
  int n = vsnprintf(small, sizeof small, spec, copy);
  va_end(copy);
  if (n >= 0 && (size_t)n < sizeof small) {
    strbuf_append(out, small, (size_t)n);
  } else if (n >= 0) {
    char *big = malloc((size_t)n + 1);
    sim_assert(big, "out of memory formatting %d bytes", n);
    vsnprintf(big, (size_t)n + 1, spec, ap);
    strbuf_append(out, big, (size_t)n);
    free(big);
  }
  va_end(ap);
}

enum size { SZ_NONE, SZ_HH, SZ_H, SZ_L, SZ_LL, SZ_J, SZ_Z, SZ_T, SZ_LD, SZ_I32 };

void sim__format(struct strbuf *out, const char *fmt, va_list *ap, bool wide_function) {
  for (const char *p = fmt; *p;) {
    if (*p != '%') {
      const char *q = strchr(p, '%');
      size_t n = q ? (size_t)(q - p) : strlen(p);
      strbuf_append(out, p, n);
      p += n;
      continue;
    }
    const char *start = p++;
    if (*p == '%') {
      strbuf_append(out, "%", 1);
      p++;
      continue;
    }
    /* The spec for snprintf: flags, width and precision as written (with
     * '*' resolved), then a C size prefix and the conversion. */
    char spec[64];
    size_t k = 0;
    spec[k++] = '%';
    bool minus = false;
    while (*p && strchr("-+ #0'", *p)) {
      if (*p == '-') minus = true;
      if (k < 40) spec[k++] = *p;
      p++;
    }
    int width = -1, precision = -1;
    if (*p == '*') {
      width = va_arg(*ap, int);
      if (width < 0) {
        minus = true;
        width = -width;
        if (k < 40) spec[k++] = '-';
      }
      p++;
    } else if (*p >= '0' && *p <= '9') {
      width = 0;
      while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
    }
    if (width >= 0) k += (size_t)snprintf(spec + k, sizeof spec - k, "%d", width);
    if (*p == '.') {
      p++;
      precision = 0;
      if (*p == '*') {
        precision = va_arg(*ap, int);
        p++;
      } else {
        while (*p >= '0' && *p <= '9') precision = precision * 10 + (*p++ - '0');
      }
      if (precision >= 0) k += (size_t)snprintf(spec + k, sizeof spec - k, ".%d", precision);
    }
    enum size size = SZ_NONE;
    if (p[0] == 'h' && p[1] == 'h') size = SZ_HH, p += 2;
    else if (*p == 'h') size = SZ_H, p++;
    else if (p[0] == 'l' && p[1] == 'l') size = SZ_LL, p += 2;
    else if (*p == 'l' || *p == 'w') size = SZ_L, p++;
    else if (*p == 'q') size = SZ_LL, p++;
    else if (*p == 'j') size = SZ_J, p++;
    else if (*p == 'z') size = SZ_Z, p++;
    else if (*p == 't') size = SZ_T, p++;
    else if (*p == 'L') size = SZ_LD, p++;
    else if (p[0] == 'I' && p[1] == '6' && p[2] == '4') size = SZ_LL, p += 3;
    else if (p[0] == 'I' && p[1] == '3' && p[2] == '2') size = SZ_I32, p += 3;
    else if (*p == 'I') size = SZ_Z, p++;
    char conv = *p;
    if (!conv) {
      /* A lone '%' at the end: printed as it is. */
      strbuf_puts(out, start);
      return;
    }
    p++;
    switch (conv) {
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X': {
      bool is_signed = conv == 'd' || conv == 'i';
      const char *c_size = size == SZ_HH ? "hh" : size == SZ_H ? "h" : size == SZ_L ? "l"
                           : size == SZ_LL ? "ll" : size == SZ_J ? "j" : size == SZ_Z ? "z"
                           : size == SZ_T ? "t" : "";
      snprintf(spec + k, sizeof spec - k, "%s%c", c_size, conv);
      switch (size) {
      case SZ_L: is_signed ? append_snprintf(out, spec, va_arg(*ap, long))
                           : append_snprintf(out, spec, va_arg(*ap, unsigned long)); break;
      case SZ_LL: is_signed ? append_snprintf(out, spec, va_arg(*ap, long long))
                            : append_snprintf(out, spec, va_arg(*ap, unsigned long long)); break;
      case SZ_J: is_signed ? append_snprintf(out, spec, va_arg(*ap, intmax_t))
                           : append_snprintf(out, spec, va_arg(*ap, uintmax_t)); break;
      case SZ_Z: append_snprintf(out, spec, va_arg(*ap, size_t)); break;
      case SZ_T: append_snprintf(out, spec, va_arg(*ap, ptrdiff_t)); break;
      default: is_signed ? append_snprintf(out, spec, va_arg(*ap, int))
                         : append_snprintf(out, spec, va_arg(*ap, unsigned int)); break;
      }
      break;
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
    case 'a':
    case 'A':
      snprintf(spec + k, sizeof spec - k, "%s%c", size == SZ_LD ? "L" : "", conv);
      if (size == SZ_LD) append_snprintf(out, spec, va_arg(*ap, long double));
      else append_snprintf(out, spec, va_arg(*ap, double));
      break;
    case 'p':
      snprintf(spec + k, sizeof spec - k, "p");
      append_snprintf(out, spec, va_arg(*ap, void *));
      break;
    case 'n':
      (void)va_arg(*ap, void *);
      break;
    case 's':
    case 'S':
    case 'c':
    case 'C': {
      bool upper = conv == 'S' || conv == 'C';
      bool wide = size == SZ_L ? true : size == SZ_H ? false : (wide_function != upper);
      bool is_char = conv == 'c' || conv == 'C';
      struct strbuf text = {0};
      if (is_char && wide) {
        WCHAR w[2] = {(WCHAR)va_arg(*ap, int), 0};
        if (w[0]) sim__utf16_append(&text, w, 1);
        else strbuf_append(&text, "", 1);
      } else if (is_char) {
        char c = (char)va_arg(*ap, int);
        strbuf_append(&text, &c, 1);
      } else if (wide) {
        const WCHAR *w = va_arg(*ap, const WCHAR *);
        if (w) sim__utf16_append(&text, w, precision);
        else strbuf_puts(&text, "(null)");
      } else {
        const char *s = va_arg(*ap, const char *);
        if (!s) s = "(null)";
        size_t n = precision >= 0 ? strnlen(s, (size_t)precision) : strlen(s);
        strbuf_append(&text, s, n);
      }
      append_padded(out, text.data ? text.data : "", text.len, width, minus);
      strbuf_free(&text);
      break;
    }
    default:
      /* Not a conversion: printed as written. */
      strbuf_append(out, start, (size_t)(p - start));
      break;
    }
  }
}

void sim__format_wide(struct strbuf *out, const WCHAR *fmt, va_list *ap) {
  /* Conversions are ASCII; the text between them goes out as UTF-8. */
  struct strbuf narrow = {0};
  sim__utf16_append(&narrow, fmt, -1);
  sim__format(out, strbuf_str(&narrow), ap, true);
  strbuf_free(&narrow);
}
