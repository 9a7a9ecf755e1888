/* Prints bytes that are not text: control characters, NUL, bytes that are
 * not UTF-8, quotes, backslashes and a closing script tag, so that the
 * tests can check that every trace format stays valid whatever the
 * program printed. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  static const char bytes[] = "a\x01\x1b[31mred\x7f \xff\xfe \xc3\x28 \xe2\x82 \xed\xa0\x80 "
                              "\"quoted\" back\\slash </script><!-- caf\xc3\xa9\n";
  fwrite(bytes, 1, sizeof bytes - 1, stdout);
  fwrite("nul\0byte\n", 1, 9, stderr);
  return 0;
}
