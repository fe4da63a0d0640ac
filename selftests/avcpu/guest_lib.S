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
 * Every exception the guest takes itself is a test failure: report
 * UCALL_UNEXPECTED (x1 = vector index, x2 = ESR_EL1, x3 = ELR_EL1,
 * x4 = FAR_EL1) without touching memory or the stack, which may be what
 * faulted, and again if the host runs the vCPU again.
 */
	.macro	vector idx
	.balign	128
	mov	x1, #\idx
	b	guest_unexpected
	.endm

	.balign	2048		/* VBAR_EL1[10:0] are RES0 */
	.globl	guest_vectors
guest_vectors:
	.irp	i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	vector	\i
	.endr

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
