/* A strict JSON reader (RFC 8259) for checking the grader's reports:
 * rejects what a lenient reader would let through (trailing commas,
 * invalid UTF-8, raw control characters in strings, duplicate keys,
 * anything after the document). */
#ifndef JSON_CHECK_H
#define JSON_CHECK_H

#include <stdbool.h>
#include <stddef.h>

typedef enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;

typedef struct jval {
  jtype t;
  bool b;
  double n;
  char *s;                        /* J_STR */
  struct jval **items;            /* J_ARR, J_OBJ values */
  char **keys;                    /* J_OBJ */
  int n_items;
} jval;

/* NULL (and a reason in err) unless text is exactly one JSON document. */
jval *json_parse(const char *text, size_t len, char *err, size_t err_size);
const jval *json_get(const jval *obj, const char *key);
void json_free(jval *v);

/* Whether every key of obj is in the NULL-terminated list. */
bool json_keys_within(const jval *obj, const char *const *allowed, const char **unknown);

#endif
