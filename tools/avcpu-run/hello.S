/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu-run's built-in guest.  vCPU 0 starts here: it prints a greeting
 * through MMIO writes to a PL011-style data register at 0x09000000, then
 * turns on the secondaries one at a time with PSCI CPU_ON, MPIDR 1, 2, ...
 * until the kernel answers INVALID_PARAMETERS (no such vCPU), and waits
 * with AFFINITY_INFO until each is off again: so one vCPU prints at a
 * time and the lines come in order.  Then PSCI SYSTEM_OFF.  A secondary
 * prints "hello from vCPU <n>", n being its context id, and calls CPU_OFF.
 * Every call is a fast call through hvc #0, answered by the kernel.
 *
 * If a call fails, or one that must not return does, the guest prints
 * "guest: <call> ..." and stores the call's x0 to guest-physical address
 * 0, where there is nothing: avcpu-run reports that write as an unhandled
 * exit (showing the value) and fails.
 */
#define PSCI_CPU_OFF		0x84000002
#define PSCI_CPU_ON		0xc4000003	/* SMC64: x1, x2, x3 */
#define PSCI_AFFINITY_INFO	0xc4000004
#define PSCI_SYSTEM_OFF		0x84000008
#define INVALID_PARAMETERS	2		/* negated */
#define AFFINITY_OFF		1

	/* x0 = function id; hvc #0 */
	.macro	psci, fn
	movz	x0, #((\fn) & 0xffff)
	movk	x0, #((\fn) >> 16), lsl #16
	hvc	#0
	.endm

	.text
	.global	hello_guest_start, hello_guest_end
hello_guest_start:
	mov	x9, #0x09000000		/* UART data register */
	adr	x1, greeting
	bl	puts
	mov	x19, #1			/* the next secondary's MPIDR (Aff0) */
on:	mov	x1, x19			/* target */
	adr	x2, secondary		/* entry point */
	mov	x3, x19			/* context id: its number */
	psci	PSCI_CPU_ON
	cmn	x0, #INVALID_PARAMETERS
	b.eq	off			/* no vCPU with that MPIDR: all done */
	adr	x1, msg_on
	cbnz	x0, fail
wait:	mov	x1, x19
	mov	x2, #0			/* lowest affinity level: Aff0 */
	psci	PSCI_AFFINITY_INFO
	cbz	x0, wait		/* still ON */
	adr	x1, msg_aff
	cmp	x0, #AFFINITY_OFF
	b.ne	fail
	add	x19, x19, #1
	b	on
off:	psci	PSCI_SYSTEM_OFF
	adr	x1, msg_off		/* returns only if the VMM resumed us */
	b	fail

secondary:				/* x0 = context id, x1..x30 = 0 */
	mov	x19, x0
	mov	x9, #0x09000000
	adr	x1, hello_n
	bl	puts
	add	w10, w19, #'0'
	strb	w10, [x9]
	mov	w10, #10		/* '\n' */
	strb	w10, [x9]
	psci	PSCI_CPU_OFF
	adr	x1, msg_cpu_off
	/* fall through */

fail:					/* x1 = message, x0 = the call's x0 */
	mov	x20, x0
	mov	x9, #0x09000000
	bl	puts
	mov	x2, #0
	str	x20, [x2]		/* unhandled MMIO write: avcpu-run stops */
	b	fail

puts:					/* x1 = NUL-terminated string */
	ldrb	w10, [x1], #1
	cbz	w10, 1f
	strb	w10, [x9]		/* MMIO write exit */
	b	puts
1:	ret

greeting:	.asciz	"Hello from a guest at EL1, running under avcpu's stage 2!\n"
hello_n:	.asciz	"hello from vCPU "
msg_on:		.asciz	"guest: CPU_ON failed\n"
msg_aff:	.asciz	"guest: AFFINITY_INFO failed\n"
msg_off:	.asciz	"guest: SYSTEM_OFF returned\n"
msg_cpu_off:	.asciz	"guest: CPU_OFF returned\n"
	.balign	4
hello_guest_end:
