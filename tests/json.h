/* A strict JSON parser for the tests that check loaderlab's JSON output
 * (the trace, the Chrome trace, the data inside the HTML viewer): RFC 8259
 * grammar, strings must be valid UTF-8, nothing after the document.  It
 * builds a small tree the tests walk. */
#ifndef LOADERLAB_TESTS_JSON_H
#define LOADERLAB_TESTS_JSON_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type;

typedef struct json {
  json_type type;
  bool boolean;
  double number;
  char *string;                   /* decoded, NUL-terminated (may hold NULs: see length) */
  size_t length;
  struct json **items;            /* array elements, or object values */
  char **keys;                    /* object keys */
  int n;
} json;

/* Parses text[0..len); NULL with a message in err on any error. */
json *json_parse(const char *text, size_t len, char *err, size_t err_size);
void json_free(json *j);
/* The value of key in an object, or NULL. */
const json *json_get(const json *obj, const char *key);
/* The string of key in an object, or NULL when it is missing or not a string. */
const char *json_get_str(const json *obj, const char *key);

#endif
