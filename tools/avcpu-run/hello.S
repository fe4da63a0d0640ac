/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The demo guest: prints a greeting through MMIO writes to a PL011-style
 * data register at 0x09000000, then asks the VMM to power off (PSCI
 * SYSTEM_OFF, function id 0x84000008, through hvc).
 */
	.text
	.global	hello_guest_start, hello_guest_end
hello_guest_start:
	mov	x9, #0x09000000		/* UART data register */
	adr	x10, msg
1:	ldrb	w11, [x10], #1
	cbz	w11, 2f
	strb	w11, [x9]		/* MMIO write exit */
	b	1b
2:	mrs	x1, mpidr_el1
	mov	x0, #0x0008
	movk	x0, #0x8400, lsl #16	/* PSCI SYSTEM_OFF */
	hvc	#0
3:	b	3b
msg:	.asciz	"Hello from a guest at EL1, running under avcpu's stage 2!\n"
	.balign	4
hello_guest_end:
