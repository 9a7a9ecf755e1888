/* Zip archives, written without a zip program: every file stored (no
 * compression, which an autograder of a few megabytes does not need),
 * with its CRC-32, its Unix permission bits in the external attributes
 * (so run_autograder stays executable), and a fixed timestamp (1980-01-01)
 * so the same inputs give the same archive.
 *
 * The layout follows PKWARE's APPNOTE.TXT: a local file header and the
 * data for each file, then the central directory, then the end of central
 * directory record.  Left out: ZIP64 (archives over 4 GiB or 65535
 * entries), compression, encryption.
 */
#include "zip.h"

#include <string.h>

static uint32_t crc_table[256];

uint32_t grade_crc32(const void *data, size_t len) {
  if (!crc_table[1])
    for (uint32_t n = 0; n < 256; n++) {
      uint32_t c = n;
      for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      crc_table[n] = c;
    }
  uint32_t c = 0xFFFFFFFFu;
  const unsigned char *p = data;
  for (size_t i = 0; i < len; i++) c = crc_table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

static void u16(struct strbuf *b, unsigned v) {
  unsigned char x[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
  strbuf_append(b, (const char *)x, 2);
}

static void u32(struct strbuf *b, uint32_t v) {
  unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
  strbuf_append(b, (const char *)x, 4);
}

enum {
  VERSION_NEEDED = 10,            /* stored files: 1.0 */
  VERSION_MADE_BY = (3 << 8) | 20, /* Unix, 2.0: external attributes hold st_mode */
  DOS_TIME = 0,                   /* 00:00:00 */
  DOS_DATE = (0 << 9) | (1 << 5) | 1, /* 1980-01-01 */
  FLAG_UTF8 = 1 << 11,
};

void grade_zip_add(grade_zip *z, const char *name, const char *data, size_t len, unsigned mode) {
  uint32_t crc = grade_crc32(data, len);
  size_t name_len = strlen(name);
  uint32_t offset = (uint32_t)z->data.len;
  struct strbuf *b = &z->data;
  u32(b, 0x04034b50);
  u16(b, VERSION_NEEDED);
  u16(b, FLAG_UTF8);
  u16(b, 0); /* stored */
  u16(b, DOS_TIME);
  u16(b, DOS_DATE);
  u32(b, crc);
  u32(b, (uint32_t)len);
  u32(b, (uint32_t)len);
  u16(b, (unsigned)name_len);
  u16(b, 0);
  strbuf_append(b, name, name_len);
  strbuf_append(b, data, len);

  struct strbuf *c = &z->central;
  u32(c, 0x02014b50);
  u16(c, VERSION_MADE_BY);
  u16(c, VERSION_NEEDED);
  u16(c, FLAG_UTF8);
  u16(c, 0);
  u16(c, DOS_TIME);
  u16(c, DOS_DATE);
  u32(c, crc);
  u32(c, (uint32_t)len);
  u32(c, (uint32_t)len);
  u16(c, (unsigned)name_len);
  u16(c, 0); /* extra */
  u16(c, 0); /* comment */
  u16(c, 0); /* disk */
  u16(c, 0); /* internal attributes */
  u32(c, (uint32_t)(0100000 | (mode & 07777)) << 16); /* a regular file and its permissions */
  u32(c, offset);
  strbuf_append(c, name, name_len);
  z->entries++;
}

void grade_zip_finish(grade_zip *z) {
  uint32_t offset = (uint32_t)z->data.len;
  strbuf_append(&z->data, strbuf_str(&z->central), z->central.len);
  struct strbuf *b = &z->data;
  u32(b, 0x06054b50);
  u16(b, 0);
  u16(b, 0);
  u16(b, (unsigned)z->entries);
  u16(b, (unsigned)z->entries);
  u32(b, (uint32_t)z->central.len);
  u32(b, offset);
  u16(b, 0);
}

void grade_zip_free(grade_zip *z) {
  strbuf_free(&z->data);
  strbuf_free(&z->central);
}
