/* A DLL whose image has more than eight loadable segments: sections with
 * alternating permissions, each aligned to 64 KiB, make the linker start a
 * new segment for each.  Its counter lives in the last one, so a run sees
 * fresh static data only if the simulator knows every segment. */
#include <windows.h>

__asm__(".pushsection .extra1,\"awx\",@progbits\n.byte 1\n"
        ".section .extra2,\"a\",@progbits\n.p2align 16\n.byte 1\n"
        ".section .extra3,\"awx\",@progbits\n.p2align 16\n.byte 1\n"
        ".section .extra4,\"a\",@progbits\n.p2align 16\n.byte 1\n"
        ".section .extra5,\"ax\",@progbits\n.p2align 16\n.byte 1\n"
        ".section .extra6,\"aw\",@progbits\n.p2align 16\n.byte 1\n"
        ".section .extra7,\"ax\",@progbits\n.p2align 16\n.byte 1\n"
        ".section .extra8,\"aw\",@progbits\n.p2align 16\n.byte 1\n"
        ".section .extra9,\"ax\",@progbits\n.p2align 16\n.byte 1\n"
        ".section .extra10,\"awx\",@progbits\n.p2align 16\n"
        ".hidden last_segment_counter\n"
        ".type last_segment_counter, @object\n"
        ".size last_segment_counter, 4\n"
        "last_segment_counter: .long 0\n"
        ".popsection");

extern int last_segment_counter;

__declspec(dllexport) int bump(void) { return ++last_segment_counter; }
