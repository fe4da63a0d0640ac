/* SPDX-License-Identifier: GPL-2.0 */
/*
 * psci_test's two entry points for CPU_ON targets that must not run the
 * guest library's secondary stub (it changes the very state checked).
 * Both run with the MMU off, as CPU_ON leaves a vCPU.
 */
#define __ASSEMBLY__
#include "guest_lib.h"

	.text

/*
 * The target's own view of its reset state: UCALL_SYNC with SCTLR_EL1,
 * MPIDR_EL1, x0 and x1 at entry, CurrentEL and DAIF.  x7 and x8 are
 * used, x9..x30 are left as CPU_ON set them.
 */
	.balign	4
	.globl	psci_reset_entry
psci_reset_entry:
	mov	x7, x0
	mov	x8, x1
	mrs	x1, sctlr_el1
	mrs	x2, mpidr_el1
	mov	x3, x7
	mov	x4, x8
	mrs	x5, CurrentEL
	mrs	x6, daif
	mov	x0, #UCALL_SYNC
psci_reset_entry_hvc:		/* RESET_ENTRY_HVC_OFF */
1:	hvc	#GUEST_UCALL_IMM
	b	1b

/*
 * CPU_ON of vCPU 2 at psci_reset_entry (context 0x2222) made with
 * SCTLR_EL1.EE set: UCALL_SYNC with CPU_ON's x0.  No data access is made
 * while EE is set (it would be big-endian): the literals are loaded
 * before.
 */
	.balign	4
	.globl	psci_ee_entry
psci_ee_entry:
	ldr	x0, =PSCI_CPU_ON64
	mov	x1, #2
	ldr	x2, =psci_reset_entry
	mov	x3, #0x2222
	mrs	x9, sctlr_el1
	orr	x10, x9, #(1 << 25)
	msr	sctlr_el1, x10
	isb
	hvc	#0
	msr	sctlr_el1, x9
	isb
	mov	x1, x0
	mov	x0, #UCALL_SYNC
1:	hvc	#GUEST_UCALL_IMM
	b	1b
	.ltorg

	.section .note.GNU-stack, "", %progbits
