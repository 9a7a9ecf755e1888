/* Wide strings at the API boundary: the W functions take UTF-16 names and
 * hand them on as UTF-8 (ASCII is all the simulator needs).
 */
#include "api.h"

void sim__wide_to_utf8(const WCHAR *w, char *out, size_t size) {
  size_t n = 0;
  for (; w && *w && n + 1 < size; w++) out[n++] = *w < 0x80 ? (char)*w : '?';
  out[n] = '\0';
}

void sim__utf8_to_wide(const char *s, WCHAR *out, size_t size) {
  size_t n = 0;
  for (; s && *s && n + 1 < size; s++) out[n++] = (WCHAR)(unsigned char)*s;
  out[n] = 0;
}
