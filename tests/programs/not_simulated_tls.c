/* Declares static thread-local storage, which is not simulated. */
#include <windows.h>

static __declspec(thread) int counter;

int main(void) { return counter; }
