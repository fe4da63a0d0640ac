/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest images for avcpu_run_test.c.  Each, between its GUEST(name) and
 * GUEST_END(name) labels, is written to a file and run with
 * "avcpu-run --image FILE" (loaded at 0x40000000, position independent).
 * Console: the UART data register at 0x09000000, as avcpu-run prints it.
 * A store to guest-physical 0x1000 (no memory, no device) is a data
 * abort avcpu-run injects; with no vectors (VBAR_EL1 0) the guest cannot
 * take it and avcpu-run stops with status 1.
 */
#define GUEST(name)	.global guest_##name##_start; guest_##name##_start:
#define GUEST_END(name)	.global guest_##name##_end; guest_##name##_end:

#define PSCI_SYSTEM_OFF		0x84000008
#define PSCI_SYSTEM_RESET	0x84000009
#define PSCI_SYSTEM_RESET2_64	0xc4000012

	/* x0 = function id; hvc #0 */
	.macro	psci, fn
	movz	x0, #((\fn) & 0xffff)
	movk	x0, #((\fn) >> 16), lsl #16
	hvc	#0
	.endm

	/* Print the NUL-terminated string at label \str (x1, x9, w10). */
	.macro	print, str
	adr	x1, \str
	mov	x9, #0x09000000
99:	ldrb	w10, [x1], #1
	cbz	w10, 98f
	strb	w10, [x9]
	b	99b
98:
	.endm

	/* The failure: store x0 to 0x1000 (an abort the guest cannot take). */
	.macro	fail
	mov	x2, #0x1000
97:	str	x0, [x2]
	b	97b
	.endm

	.text
	.balign	4

/* SYSTEM_RESET; it returns only if the VMM resumed the vCPU. */
GUEST(run_reset)
	psci	PSCI_SYSTEM_RESET
	fail
GUEST_END(run_reset)

/* SYSTEM_RESET2 (SMC64): a vendor-specific reset with a 64-bit cookie. */
GUEST(run_reset2)
	movz	x1, #0x0001
	movk	x1, #0x8000, lsl #16		/* reset_type: vendor 1 */
	mov	x2, #0x6789
	movk	x2, #0x2345, lsl #16
	movk	x2, #0x1, lsl #32		/* cookie 0x123456789 */
	psci	PSCI_SYSTEM_RESET2_64
	fail
GUEST_END(run_reset2)

/* hvc #1 is never SMCCC: avcpu-run answers NOT_SUPPORTED; then off. */
GUEST(run_hvc)
	mov	x0, #0x42
	hvc	#1
	cmn	x0, #1
	b.ne	1f
	psci	PSCI_SYSTEM_OFF
1:	fail
GUEST_END(run_hvc)

/* Print a line, then spin: only a signal ends it. */
GUEST(run_spin)
	print	2f
1:	b	1b
2:	.asciz	"spinning\n"
	.balign	4
GUEST_END(run_spin)

/* Print a line, then sleep in WFI (no interrupt ever comes). */
GUEST(run_wfi)
	print	2f
1:	wfi
	b	1b
2:	.asciz	"waiting\n"
	.balign	4
GUEST_END(run_wfi)

/*
 * The GICv3 avcpu-run creates, as a guest finds it: GICD_PIDR2 (GICv3),
 * then with --cpus 2 the second redistributor's GICR_TYPER as one 64-bit
 * read (affinity 1, Processor_Number 1, Last).  "gic ok", then off.
 */
GUEST(run_gic)
	mov	x9, #0x08000000
	movk	x9, #0xffe8			/* GICD_PIDR2 */
	ldr	w0, [x9]
	cmp	w0, #0x3b
	b.ne	1f
	mov	x9, #0x080c0000			/* vCPU 1's RD frame */
	ldr	x0, [x9, #8]			/* GICR_TYPER */
	mov	x1, #0x110
	movk	x1, #1, lsl #32
	cmp	x0, x1
	b.ne	1f
	print	2f
	psci	PSCI_SYSTEM_OFF
1:	fail
2:	.asciz	"gic ok\n"
	.balign	4
GUEST_END(run_gic)

/*
 * The guest's virtual timer through the GIC avcpu-run creates, as a small
 * kernel would use it: the distributor's group 1 and this vCPU's
 * redistributor on, PPI 27 enabled, ICC_PMR_EL1 open; then three times
 * the timer about 1 ms ahead and WFI (interrupts masked: the GIC's
 * pending interrupt ends it) until ICC_IAR1_EL1 gives INTID 27, which is
 * masked at the timer and EOIed.  "timer ok", then off.
 */
GUEST(run_timer)
	mov	x9, #0x08000000
	mov	w0, #2				/* GICD_CTLR.EnableGrp1 */
	str	w0, [x9]
	mov	x9, #0x080a0000			/* vCPU 0's RD frame */
	str	wzr, [x9, #0x14]		/* GICR_WAKER: awake */
	add	x9, x9, #0x10000		/* its SGI frame */
	mov	w0, #(1 << 27)
	str	w0, [x9, #0x100]		/* GICR_ISENABLER0 */
	mov	x0, #0xff
	msr	s3_0_c4_c6_0, x0		/* ICC_PMR_EL1 */
	mov	x0, #1
	msr	s3_0_c12_c12_7, x0		/* ICC_IGRPEN1_EL1 */
	isb
	mov	x3, #3
1:	mrs	x0, cntfrq_el0
	lsr	x0, x0, #10			/* about 1 ms */
	msr	cntv_tval_el0, x0
	mov	x0, #1
	msr	cntv_ctl_el0, x0		/* ENABLE */
	isb
2:	wfi
	mrs	x0, s3_0_c12_c12_0		/* ICC_IAR1_EL1 */
	cmp	x0, #1023			/* spurious: not yet */
	b.eq	2b
	cmp	x0, #27
	b.ne	3f
	mov	x1, #2
	msr	cntv_ctl_el0, x1		/* IMASK: handled */
	msr	s3_0_c12_c12_1, x0		/* ICC_EOIR1_EL1 */
	isb
	subs	x3, x3, #1
	b.ne	1b
	print	4f
	psci	PSCI_SYSTEM_OFF
3:	fail
4:	.asciz	"timer ok\n"
	.balign	4
GUEST_END(run_timer)

/* The unhandled exit itself. */
GUEST(run_bad_mmio)
	mov	x0, #0x2a
	fail
GUEST_END(run_bad_mmio)

/*
 * Vectors of its own (2 KiB aligned, as the image is loaded at
 * 0x40000000): the synchronous entry from EL1h (+0x200) reports ESR_EL1
 * as SYSTEM_RESET2's reset type (W1; bit 31 is set, a vendor reset) and
 * FAR_EL1 as its cookie.  Then a store \insn to 0x1008, with nothing
 * there: avcpu-run injects the abort.
 */
	.macro	abort_guest, name, insn
	.balign	2048
	.global	guest_\name\()_start
guest_\name\()_start:
	b	1f
	.balign	512
	mrs	x1, esr_el1
	mrs	x2, far_el1
	psci	PSCI_SYSTEM_RESET2_64
	fail
1:	adr	x0, guest_\name\()_start
	msr	vbar_el1, x0
	isb
	mov	x2, #0x1008
	mov	x0, #0x2a
	.global	\name\()_at
\name\()_at:
	\insn
	fail
	.global	guest_\name\()_end
guest_\name\()_end:
	.endm

	abort_guest run_abort_str, "str x0, [x2]"
	abort_guest run_abort_stp, "stp x0, x0, [x2]"

/*
 * A system register avcpu does not emulate (ACTLR_EL1, HCR_EL2.TACR):
 * avcpu-run injects an undefined instruction.  The vector (+0x200, from
 * EL1h) steps over the first and retries the same register: said once.
 * The second reports ESR_EL1 | bit 31 (a vendor reset type) and ELR_EL1
 * (the mrs) as SYSTEM_RESET2's type and cookie.
 */
	.balign	2048
GUEST(run_sysreg)
	b	1f
	.balign	512
	cbnz	x19, 2f
	mov	x19, #1
	mrs	x1, elr_el1
	add	x1, x1, #4
	msr	elr_el1, x1
	eret
2:	mrs	x1, esr_el1
	orr	x1, x1, #0x80000000
	mrs	x2, elr_el1
	psci	PSCI_SYSTEM_RESET2_64
	fail
1:	adr	x0, guest_run_sysreg_start
	msr	vbar_el1, x0
	isb
	mov	x19, #0
	.global	run_sysreg_at
run_sysreg_at:
	mrs	x3, actlr_el1
	mrs	x3, actlr_el1
	fail
GUEST_END(run_sysreg)
