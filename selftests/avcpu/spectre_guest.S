/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest programs for spectre_test.c (conventions as guest_code.S).
 */
#define GUEST(name)	.global guest_##name##_start; guest_##name##_start:
#define GUEST_END(name)	.global guest_##name##_end; guest_##name##_end:

	.text
	.balign	4

/*
 * x1 = TCR_EL1, x2 = SCTLR_EL1 (MMU off) to write, x3 = number of exits.
 * After each exit (hvc, report 0x900) read both back; then report 0x901
 * with x1 = how many reads differed, x2/x3 = the last values read.
 */
GUEST(at_regs)
	msr	tcr_el1, x1
	msr	sctlr_el1, x2
	isb
	mov	x6, x1
	mov	x7, x2
	mov	x5, #0
1:	mov	x0, #0x900
	hvc	#0
	mrs	x8, tcr_el1
	mrs	x9, sctlr_el1
	cmp	x8, x6
	cinc	x5, x5, ne
	cmp	x9, x7
	cinc	x5, x5, ne
	subs	x3, x3, #1
	b.ne	1b
	mov	x0, #0x901
	mov	x1, x5
	mov	x2, x8
	mov	x3, x9
	hvc	#0
2:	b	2b
GUEST_END(at_regs)

/* hvc in a loop. */
GUEST(spec_hvc_loop)
1:	hvc	#0
	b	1b
GUEST_END(spec_hvc_loop)
