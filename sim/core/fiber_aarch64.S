/* Context switch for AArch64 (AAPCS64): save x19-x30 and d8-d15 and the
 * stack pointer, load the other fiber's.  The frame a new fiber starts from
 * is built by sim_fiber_init in fiber.c. */
        .text
        .globl  sim__fiber_switch_asm
        .type   sim__fiber_switch_asm, %function
/* void sim__fiber_switch_asm(void **save_sp, void *load_sp) */
sim__fiber_switch_asm:
        sub     sp, sp, #160
        stp     x19, x20, [sp, #0]
        stp     x21, x22, [sp, #16]
        stp     x23, x24, [sp, #32]
        stp     x25, x26, [sp, #48]
        stp     x27, x28, [sp, #64]
        stp     x29, x30, [sp, #80]
        stp     d8, d9, [sp, #96]
        stp     d10, d11, [sp, #112]
        stp     d12, d13, [sp, #128]
        stp     d14, d15, [sp, #144]
        mov     x2, sp
        str     x2, [x0]
        mov     sp, x1
        ldp     x19, x20, [sp, #0]
        ldp     x21, x22, [sp, #16]
        ldp     x23, x24, [sp, #32]
        ldp     x25, x26, [sp, #48]
        ldp     x27, x28, [sp, #64]
        ldp     x29, x30, [sp, #80]
        ldp     d8, d9, [sp, #96]
        ldp     d10, d11, [sp, #112]
        ldp     d12, d13, [sp, #128]
        ldp     d14, d15, [sp, #144]
        add     sp, sp, #160
        ret
        .size   sim__fiber_switch_asm, .-sim__fiber_switch_asm

        .globl  sim__fiber_trampoline
        .type   sim__fiber_trampoline, %function
/* First code a new fiber runs: x19 holds the entry function, x20 its
 * argument. */
sim__fiber_trampoline:
        mov     x29, #0
        mov     x0, x20
        blr     x19
        brk     #0
        .size   sim__fiber_trampoline, .-sim__fiber_trampoline

        .section .note.GNU-stack,"",%progbits
