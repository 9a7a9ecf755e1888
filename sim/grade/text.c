/* Text that came from a submission, made safe for every report format.
 *
 * Compiler messages quote the submission (which may not be text at all),
 * and program output is whatever the program printed.  Everything a worker
 * sends is cleaned once, on arrival: invalid UTF-8 becomes U+FFFD, and
 * control characters other than newline and tab become U+FFFD too, since
 * XML 1.0 cannot hold them and JSON readers differ on them.  After that,
 * JSON and XML only need their usual escapes.
 */
#include <stdlib.h>
#include <string.h>

#include "grade_internal.h"

static const char replacement[] = "\xEF\xBF\xBD";

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  size_t len;
  unsigned min;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) len = 2, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF) len = 3, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4) len = 4, min = 0x10000;
  else return 0;
  if (n < len) return 0;
  unsigned cp = c & (0x7F >> len);
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  /* U+FFFE and U+FFFF are not characters XML accepts. */
  if (cp == 0xFFFE || cp == 0xFFFF) return 0;
  return len;
}

char *grade_clean_text(const char *s, size_t len) {
  struct strbuf b = {0};
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    size_t n = utf8_len(p + i, len - i);
    if (n == 1 && p[i] < 0x20 && p[i] != '\n' && p[i] != '\t') n = 0;
    if (n == 1 && p[i] == 0x7F) n = 0;
    if (n == 0) {
      strbuf_puts(&b, replacement);
      i++;
    } else {
      strbuf_append(&b, s + i, n);
      i += n;
    }
  }
  return strbuf_take(&b);
}

void grade_json_string(struct strbuf *b, const char *s) {
  /* s is clean (grade_clean_text), so only quotes, backslashes, newlines
   * and tabs need escapes. */
  strbuf_append(b, "\"", 1);
  for (; s && *s; s++) {
    switch (*s) {
    case '"': strbuf_append(b, "\\\"", 2); break;
    case '\\': strbuf_append(b, "\\\\", 2); break;
    case '\n': strbuf_append(b, "\\n", 2); break;
    case '\t': strbuf_append(b, "\\t", 2); break;
    case '\r': strbuf_append(b, "\\r", 2); break;
    default:
      if ((unsigned char)*s < 0x20) strbuf_printf(b, "\\u%04x", (unsigned char)*s);
      else strbuf_append(b, s, 1);
    }
  }
  strbuf_append(b, "\"", 1);
}

static void xml(struct strbuf *b, const char *s, bool attribute) {
  for (; s && *s; s++) {
    switch (*s) {
    case '<': strbuf_puts(b, "&lt;"); break;
    case '>': strbuf_puts(b, "&gt;"); break;
    case '&': strbuf_puts(b, "&amp;"); break;
    case '"': strbuf_puts(b, "&quot;"); break;
    case '\'': strbuf_puts(b, "&apos;"); break;
    /* In attribute values a raw newline or tab would be normalised to a
     * blank by the reader; character references keep them. */
    case '\n': strbuf_puts(b, attribute ? "&#10;" : "\n"); break;
    case '\t': strbuf_puts(b, attribute ? "&#9;" : "\t"); break;
    default:
      if ((unsigned char)*s < 0x20) strbuf_puts(b, replacement);
      else strbuf_append(b, s, 1);
    }
  }
}

void grade_xml_text(struct strbuf *b, const char *s) { xml(b, s, false); }
void grade_xml_attr(struct strbuf *b, const char *s) { xml(b, s, true); }
