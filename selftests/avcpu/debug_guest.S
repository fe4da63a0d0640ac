/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest code of debug_test.c whose instruction addresses the test names:
 * the brk, the breakpointed function, the watched accesses, the code a
 * guest steps itself and the sequence a VMM single-steps.  Runs at EL1 in
 * the guest, at the address the host binary has (guest_lib.h).
 */
#define __ASSEMBLY__
#include "guest_lib.h"

	.text
	.balign	4

/* void dbg_brk(void): brk #0x123 (a handler steps over it). */
	.globl	dbg_brk, dbg_brk_insn
dbg_brk:
dbg_brk_insn:
	brk	#0x123
	ret

/* void dbg_bp_target(void): the breakpointed function. */
	.globl	dbg_bp_target
dbg_bp_target:
	nop
	ret

/* u64 dbg_load(u64 *p), void dbg_store(u64 *p, u64 v): watched accesses. */
	.globl	dbg_load, dbg_load_insn
dbg_load:
dbg_load_insn:
	ldr	x0, [x0]
	ret

	.globl	dbg_store, dbg_store_insn
dbg_store:
dbg_store_insn:
	str	x1, [x0]
	ret

/*
 * u64 dbg_self_step(u64 x): the guest steps its own EL1 code, with
 * MDSCR_EL1.SS and KDE set by the caller: an eret into dbg_ss0 with
 * PSTATE.D clear (debug exceptions at EL1 unmasked) and SS set (step
 * active-not-pending); A, I, F stay masked.  Each step exception's
 * handler decides whether to step on; dbg_ss3 masks D again.
 * Returns x + 6.
 */
	.globl	dbg_self_step, dbg_ss0, dbg_ss1, dbg_ss2, dbg_ss3
dbg_self_step:
	movz	x9, #0x1c5			/* EL1h, A, I, F */
	movk	x9, #0x20, lsl #16		/* SS */
	msr	spsr_el1, x9
	adr	x9, dbg_ss0
	msr	elr_el1, x9
	eret
dbg_ss0:
	add	x0, x0, #1
dbg_ss1:
	add	x0, x0, #2
dbg_ss2:
	add	x0, x0, #3
dbg_ss3:
	msr	daifset, #8
	ret

/*
 * void dbg_seq(u64 mmio): the sequence the VMM single-steps
 * (debug_test.c, seq[] names each instruction by its index): MMIO exits,
 * calls answered at EL2 (hvc #0 in C, the Spectre fast path of
 * exception.S, a trapped smc), a debug register read emulated at EL2, a
 * ucall to userspace.
 */
	.globl	dbg_seq
dbg_seq:
	mov	x10, x0				/* 0 */
	mov	x9, #1				/* 1 */
	str	w9, [x10]			/* 2: MMIO write */
	movz	x0, #0x8000, lsl #16		/* 3: SMCCC_VERSION */
	hvc	#0				/* 4: T0, lib/exit.c */
	mov	x12, x0				/* 5 */
	movz	x0, #0x8000, lsl #16		/* 6 */
	movk	x0, #0x8000			/* 7: ARCH_WORKAROUND_1 */
	hvc	#0				/* 8: T0, exception.S */
	add	x12, x12, x0			/* 9 */
	movz	x0, #0x8000, lsl #16		/* 10: SMCCC_VERSION */
	smc	#0				/* 11: T0, trapped smc */
	add	x12, x12, x0			/* 12 */
	mrs	x13, mdscr_el1			/* 13: T0, emulated */
	ldr	w11, [x10]			/* 14: MMIO read */
	add	x9, x9, x11			/* 15 */
	mov	x0, #UCALL_SYNC			/* 16 */
	hvc	#GUEST_UCALL_IMM		/* 17: to userspace */
	add	x9, x9, x12			/* 18 */
	ret					/* 19 */

	.section .note.GNU-stack, "", %progbits
