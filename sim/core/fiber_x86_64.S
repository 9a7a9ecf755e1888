/* Context switch for x86-64 System V: save the six callee-saved general
 * registers and the stack pointer, load the other fiber's.  The frame a new
 * fiber starts from is built by sim_fiber_init in fiber.c. */
        .text
        .globl  sim__fiber_switch_asm
        .type   sim__fiber_switch_asm, @function
/* void sim__fiber_switch_asm(void **save_sp, void *load_sp) */
sim__fiber_switch_asm:
        .cfi_startproc
        pushq   %rbp
        pushq   %rbx
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        movq    %rsp, (%rdi)
        movq    %rsi, %rsp
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbx
        popq    %rbp
        ret
        .cfi_endproc
        .size   sim__fiber_switch_asm, .-sim__fiber_switch_asm

        .globl  sim__fiber_trampoline
        .type   sim__fiber_trampoline, @function
/* First code a new fiber runs: r12 holds the entry function, r13 its
 * argument.  The stack is 16-byte aligned here, so the call is ABI-clean. */
sim__fiber_trampoline:
        .cfi_startproc
        .cfi_undefined rip
        xorl    %ebp, %ebp
        movq    %r13, %rdi
        call    *%r12
        ud2
        .cfi_endproc
        .size   sim__fiber_trampoline, .-sim__fiber_trampoline

        .section .note.GNU-stack,"",@progbits
