/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu EL2: the breakpoint and watchpoint registers by number, for
 * lib/debug.c.  An msr/mrs names its register in the instruction, so each
 * of DBGBVR<n>, DBGBCR<n>, DBGWVR<n>, DBGWCR<n>_EL1 (n = 0..15) has a
 * stub of 16 bytes, and the accessors branch into the table at 16 * idx,
 * idx = kind * 16 + n with kind 0 BVR, 1 BCR, 2 WVR, 3 WCR.  The callers
 * bound idx (n below the CPU's count): no check here.  Each stub starts
 * with "bti j" (a NOP without FEAT_BTI), so the indirect branch lands on
 * a valid target should EL2's pages ever be guarded.
 */
#include "hyp.h"

	.macro	rd_stub r, n
	.balign	16
	hint	#36			/* bti j */
	mrs	x0, \r\()\n\()_el1
	ret
	.endm

	.macro	wr_stub r, n
	.balign	16
	hint	#36			/* bti j */
	msr	\r\()\n\()_el1, x1
	ret
	.endm

	.text

/* unsigned long __hyp_dbg_read(unsigned long idx) */
	.global	__hyp_dbg_read
	.type	__hyp_dbg_read, %function
__hyp_dbg_read:
	adr	x1, 1f
	add	x1, x1, x0, lsl #4
	br	x1
	.balign	16
1:
	.irp	r, dbgbvr, dbgbcr, dbgwvr, dbgwcr
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	rd_stub	\r, \n
	.endr
	.endr
	.size	__hyp_dbg_read, . - __hyp_dbg_read

/* void __hyp_dbg_write(unsigned long idx, unsigned long val) */
	.global	__hyp_dbg_write
	.type	__hyp_dbg_write, %function
__hyp_dbg_write:
	adr	x2, 1f
	add	x2, x2, x0, lsl #4
	br	x2
	.balign	16
1:
	.irp	r, dbgbvr, dbgbcr, dbgwvr, dbgwcr
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	wr_stub	\r, \n
	.endr
	.endr
	.size	__hyp_dbg_write, . - __hyp_dbg_write
