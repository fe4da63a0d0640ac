/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu EL2: vector tables that mitigate Spectre-v2 and Spectre-BHB on
 * entry from a lower EL, as KVM's __bp_harden_hyp_vecs (hyp-entry.S).
 *
 * Each table has the 16 entries of __avcpu_hyp_vectors (exception.S).
 * An entry from EL1/EL0 (8..15: guest exits and host calls) first does
 * the mitigation, with the registers it uses put back, and then branches
 * to the same entry of __avcpu_hyp_vectors, which runs as if it had been
 * taken directly.  The mitigation thus comes before any indirect branch,
 * any load of a guest-controlled value and any decision on who trapped.
 * Entries from EL2 itself (0..7: avcpu bugs) go straight through without
 * touching the stack: the fault path must survive an overflowed SP.
 *
 * The table is chosen per CPU at install (hyp_spec_vectors, spectre.h):
 *   LOOP    Cortex-A57/A72 (k = 8), A76/N1 (24), A78/X1/V1/N2 (32), ...:
 *           k taken branches overwrite the branch history, then a
 *           speculation barrier, as spectre_bhb_loop (assembler.h).
 *   FW      the firmware call ARCH_WORKAROUND_1 (branch predictor
 *           invalidation, Spectre-v2), or _3 where it also clears the
 *           history; x0..x3 may be clobbered by SMCCC 1.1 and are saved.
 *   CLRBHB  the CLRBHB instruction and an isb.
 * No conditional branch precedes the mitigation except the k == 0 guard
 * of the loop, whose both ways meet at the barrier.
 *
 * No ESB here: SError synchronisation (ESB, DISR_EL1) belongs to the
 * entry of __avcpu_hyp_vectors these tables branch to, which then runs a
 * few instructions later with SErrors still masked (PSTATE.A is set on
 * exception entry).  An ESB here would defer a pending SError into
 * DISR_EL1 behind the back of whatever that entry does with it.
 */
#include "hyp.h"
#include "spectre.h"

	.macro	spec_el2_entry, idx
	.balign	0x80
	b	__avcpu_hyp_vectors + 0x80 * \idx
	.endm

	.macro	spec_loop_entry, idx
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mrs	x0, tpidr_el2
	ldrb	w0, [x0, #HYP_PC_SPEC_K]
	cbz	x0, 2f
1:	b	. + 4
	subs	x0, x0, #1
	b.ne	1b
2:	dsb	nsh			/* sb: nothing after it runs early */
	isb
	ldp	x0, x1, [sp], #16
	b	__avcpu_hyp_vectors + 0x80 * \idx
	.endm

	.macro	spec_fw_entry, idx
	.balign	0x80
	stp	x0, x1, [sp, #-32]!
	stp	x2, x3, [sp, #16]
	mrs	x0, tpidr_el2
	ldr	w0, [x0, #HYP_PC_SPEC_FWID]
	smc	#0
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp], #32
	b	__avcpu_hyp_vectors + 0x80 * \idx
	.endm

	.macro	spec_clrbhb_entry, idx
	.balign	0x80
	hint	#22			/* clrbhb */
	isb
	b	__avcpu_hyp_vectors + 0x80 * \idx
	.endm

	.macro	spec_table, kind
	.balign	0x800
	.irp	idx, 0, 1, 2, 3, 4, 5, 6, 7
	spec_el2_entry	\idx
	.endr
	.irp	idx, 8, 9, 10, 11, 12, 13, 14, 15
	spec_\kind\()_entry	\idx
	.endr
	.balign	0x80
	.endm

	.section .hyp.vectors, "ax"
	.balign	0x800
	.global	__hyp_spec_vectors
__hyp_spec_vectors:
	spec_table	loop		/* AVCPU_SPEC_VEC_LOOP */
	spec_table	fw		/* AVCPU_SPEC_VEC_FW */
	spec_table	clrbhb		/* AVCPU_SPEC_VEC_CLRBHB */
	.size	__hyp_spec_vectors, . - __hyp_spec_vectors
