/* Force-included (gcc -include) into every source of a host program the
 * grader builds, and into nothing else.  The renamed functions are defined
 * in host_shim.c, which records what the host did and then does exactly
 * what the original call would have done, with the same simulated calls in
 * the same order: a schedule found by the grader replays unchanged under
 * `loaderlab replay`, which builds the host without the shim.
 *
 * Printing is renamed so that a progress line counts only when the host
 * prints it (with printf, vprintf, puts, fputs or fprintf), not when a
 * DLL prints the same text.
 */
#define main loaderlab_host_main
#define exit loaderlab_host_exit
#define ExitProcess loaderlab_host_ExitProcess
#define printf loaderlab_host_printf
#define vprintf loaderlab_host_vprintf
#define puts loaderlab_host_puts
#define fputs loaderlab_host_fputs
#define fprintf loaderlab_host_fprintf
