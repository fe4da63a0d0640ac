/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest test library's assembly (guest_lib.h): its exception vectors,
 * the entry of vCPUs a guest turns on with PSCI CPU_ON, and the return
 * path of guest functions.  Runs at EL1 in the guest, at the address the
 * host binary has (IPA == host virtual address, identity mapped).
 */
#define __ASSEMBLY__
#include "guest_lib.h"

	.text

/*
 * Every exception the guest takes itself goes to the handler a test
 * installed (guest_handlers.c: vm_install_sync_handler(),
 * vm_install_exception_handler()) or, without one, is a test failure
 * reported as UCALL_UNEXPECTED (x1 = vector index, x2 = ESR_EL1,
 * x3 = ELR_EL1, x4 = FAR_EL1), again if the host runs the vCPU again.
 * The vector saves struct ex_regs (and FP/SIMD, which the compiled
 * handler may use, where CPACR_EL1 lets EL1 reach it) on SP_EL1, which
 * every exception taken to EL1 runs on, and erets with whatever the
 * handler left in it.  SCTLR_EL1.SA is 0 (GUEST_SCTLR), so even a
 * misaligned SP of the code that faulted does not fault here.
 */
#define EX_REGS_SIZE	(34 * 8)
#define EX_FP_SIZE	(32 * 16 + 16)
#define EX_FRAME_SIZE	(EX_REGS_SIZE + EX_FP_SIZE)
#define CPACR_FPEN_EL1	20	/* FPEN[0]: EL1 accesses do not trap */

	.macro	vector idx
	.balign	128
	sub	sp, sp, #EX_FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	mov	x1, #\idx
	b	guest_vector_common
	.endm

	.balign	2048		/* VBAR_EL1[10:0] are RES0 */
	.globl	guest_vectors
guest_vectors:
	.irp	i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	vector	\i
	.endr

guest_vector_common:
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	add	x2, sp, #EX_FRAME_SIZE		/* the SP before the exception */
	stp	x30, x2, [sp, #16 * 15]
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [sp, #16 * 16]
	mrs	x2, cpacr_el1
	tbz	x2, #CPACR_FPEN_EL1, 1f
	add	x2, sp, #EX_REGS_SIZE
	stp	q0, q1, [x2, #16 + 32 * 0]
	stp	q2, q3, [x2, #16 + 32 * 1]
	stp	q4, q5, [x2, #16 + 32 * 2]
	stp	q6, q7, [x2, #16 + 32 * 3]
	stp	q8, q9, [x2, #16 + 32 * 4]
	stp	q10, q11, [x2, #16 + 32 * 5]
	stp	q12, q13, [x2, #16 + 32 * 6]
	stp	q14, q15, [x2, #16 + 32 * 7]
	stp	q16, q17, [x2, #16 + 32 * 8]
	stp	q18, q19, [x2, #16 + 32 * 9]
	stp	q20, q21, [x2, #16 + 32 * 10]
	stp	q22, q23, [x2, #16 + 32 * 11]
	stp	q24, q25, [x2, #16 + 32 * 12]
	stp	q26, q27, [x2, #16 + 32 * 13]
	stp	q28, q29, [x2, #16 + 32 * 14]
	stp	q30, q31, [x2, #16 + 32 * 15]
	mrs	x3, fpsr
	mrs	x4, fpcr
	stp	x3, x4, [x2]
1:	mov	x0, sp
	bl	guest_route_exception
	/* The handler may have changed CPACR_EL1 too: look again. */
	mrs	x2, cpacr_el1
	tbz	x2, #CPACR_FPEN_EL1, 2f
	add	x2, sp, #EX_REGS_SIZE
	ldp	x3, x4, [x2]
	msr	fpsr, x3
	msr	fpcr, x4
	ldp	q0, q1, [x2, #16 + 32 * 0]
	ldp	q2, q3, [x2, #16 + 32 * 1]
	ldp	q4, q5, [x2, #16 + 32 * 2]
	ldp	q6, q7, [x2, #16 + 32 * 3]
	ldp	q8, q9, [x2, #16 + 32 * 4]
	ldp	q10, q11, [x2, #16 + 32 * 5]
	ldp	q12, q13, [x2, #16 + 32 * 6]
	ldp	q14, q15, [x2, #16 + 32 * 7]
	ldp	q16, q17, [x2, #16 + 32 * 8]
	ldp	q18, q19, [x2, #16 + 32 * 9]
	ldp	q20, q21, [x2, #16 + 32 * 10]
	ldp	q22, q23, [x2, #16 + 32 * 11]
	ldp	q24, q25, [x2, #16 + 32 * 12]
	ldp	q26, q27, [x2, #16 + 32 * 13]
	ldp	q28, q29, [x2, #16 + 32 * 14]
	ldp	q30, q31, [x2, #16 + 32 * 15]
2:	ldp	x2, x3, [sp, #16 * 16]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	ldr	x30, [sp, #16 * 15]
	ldp	x28, x29, [sp, #16 * 14]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x0, x1, [sp, #16 * 0]
	add	sp, sp, #EX_FRAME_SIZE
	eret

/* No handler: x1 = vector index.  Never returns. */
	.globl	guest_unexpected
guest_unexpected:
	mov	x0, #UCALL_UNEXPECTED
	mrs	x2, esr_el1
	mrs	x3, elr_el1
	mrs	x4, far_el1
	mov	x5, #0
	mov	x6, #0
1:	hvc	#GUEST_UCALL_IMM
	b	1b

/* A guest function returned: UCALL_DONE, forever. */
	.globl	guest_return
guest_return:
	mov	x0, #UCALL_DONE
	mov	x1, #0
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	mov	x5, #0
	mov	x6, #0
1:	hvc	#GUEST_UCALL_IMM
	b	1b

/*
 * PSCI CPU_ON entry (guest_cpu_on): x0 = the context id = the slot index.
 * The vCPU starts with its MMU and caches off and SCTLR_EL1 at its reset
 * value: give it the same translation regime as every other vCPU of the
 * VM (the page tables are the VM's, at GUEST_PT_IPA), its FP/SIMD, the
 * vectors and its own stack, then call guest_cpu_slots[x0].fn(.arg, x0).
 * Until the MMU is on, data accesses are Device accesses: only the
 * aligned literal loads below are made.
 */
	.globl	guest_secondary_entry
guest_secondary_entry:
	mov	x19, x0
	ldr	x1, =GUEST_MAIR
	msr	mair_el1, x1
	ldr	x1, =GUEST_TCR
	msr	tcr_el1, x1
	ldr	x1, =GUEST_PT_IPA
	msr	ttbr0_el1, x1
	ldr	x1, =GUEST_CPACR
	msr	cpacr_el1, x1
	ldr	x1, =guest_vectors
	msr	vbar_el1, x1
	isb
	/* No stale translations of an earlier life of this vCPU. */
	tlbi	vmalle1
	dsb	nsh
	ldr	x1, =GUEST_SCTLR
	msr	sctlr_el1, x1
	isb
	/* A context id that is not a slot: report it as an exception. */
	cmp	x19, #GUEST_MAX_VCPUS
	b.hs	2f
	ldr	x1, =GUEST_STACK_BASE + GUEST_STACK_SIZE
	mov	x2, #GUEST_STACK_SIZE
	madd	x1, x19, x2, x1
	mov	sp, x1
	/*
	 * The slot, written by the caller with its MMU on, read here with
	 * ours on: both cacheable (see guest_cpu_on()).
	 */
	ldr	x1, =guest_cpu_slots
	add	x1, x1, x19, lsl #4
	ldp	x2, x0, [x1]
	mov	x1, x19
	ldr	x30, =guest_return
	br	x2
2:	mov	x1, #0xff
	b	guest_unexpected
	.ltorg

	.section .note.GNU-stack, "", %progbits
