/* Writing zip archives (see zip.c). */
#ifndef GRADE_ZIP_H
#define GRADE_ZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loaderlab.h"

typedef struct grade_zip {
  struct strbuf data;             /* the archive so far */
  struct strbuf central;          /* its central directory */
  int entries;
} grade_zip;

/* Adds a file (stored, with its Unix permission bits). */
void grade_zip_add(grade_zip *z, const char *name, const char *data, size_t len, unsigned mode);
/* Appends the central directory; z->data is then the whole archive. */
void grade_zip_finish(grade_zip *z);
void grade_zip_free(grade_zip *z);

uint32_t grade_crc32(const void *data, size_t len);

#endif
