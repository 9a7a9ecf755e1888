/* A failed assert ends the run with an assertion verdict that names the
 * expression, the file and the function. */
#include <windows.h>
#include <assert.h>

static int compute(void) { return 3; }

int main(void) {
  int x = compute();
  assert(x == 2);
  return 0;
}
