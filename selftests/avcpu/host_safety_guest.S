/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest programs for host_safety_test.c, with the convention of
 * guest_code.S: position independent, copied to RAM_IPA; "hvc #0" with
 * x0 = a report number talks to the test.
 */
#define GUEST(name)	.global guest_##name##_start; guest_##name##_start:
#define GUEST_END(name)	.global guest_##name##_end; guest_##name##_end:

	.text
	.balign	4

/* x9 = an unbacked address: one load from it (an MMIO exit), report. */
GUEST(load)
	ldr	x1, [x9]
	mov	x0, #0x1000
	hvc	#0
1:	b	1b
GUEST_END(load)

/*
 * A trapped system-register read avcpu does not emulate (HCR_EL2.TACR:
 * ACTLR_EL1, an AVCPU_EXIT_SYSREG, EC 0x18, which has no FAR), then
 * report.
 */
GUEST(sysreg)
	mrs	x1, actlr_el1
	mov	x0, #0x1001
	hvc	#0
1:	b	1b
GUEST_END(sysreg)

/*
 * The GIC virtual CPU interface and DISR_EL1: if x9 != 0 write
 * ICC_PMR_EL1 = x1, ICC_BPR1_EL1 = x3 and, with FEAT_RAS,
 * DISR_EL1 = x2; report 0x1100 (x1 = RAS field), then read the three
 * back and report 0x1101 (x1 = PMR, x2 = DISR or 0, x3 = BPR1).
 */
GUEST(gic_ras)
	mrs	x5, id_aa64pfr0_el1
	ubfx	x5, x5, #28, #4
	cbz	x9, 2f
	msr	s3_0_c4_c6_0, x1		/* ICC_PMR_EL1 */
	msr	s3_0_c12_c12_3, x3		/* ICC_BPR1_EL1 */
	cbz	x5, 1f
	msr	s3_0_c12_c1_1, x2		/* DISR_EL1 */
1:	isb
2:	mov	x0, #0x1100
	mov	x1, x5
	hvc	#0
	mrs	x1, s3_0_c4_c6_0
	mov	x2, #0
	cbz	x5, 3f
	mrs	x2, s3_0_c12_c1_1
3:	mrs	x3, s3_0_c12_c12_3
	mov	x0, #0x1101
	hvc	#0
4:	b	4b
GUEST_END(gic_ras)

/*
 * An illegal exception return (to EL2h) with ELR_EL1 at mapped code: the
 * guest takes its own Illegal Execution State exception at its VBAR_EL1
 * (this program's start) + 0x200, which reports ESR/ELR/SPSR_EL1.
 */
	.balign	2048
GUEST(illegal)
	b	2f
	.balign	0x200
	mrs	x1, esr_el1
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	mov	x0, #0x1200
	hvc	#0
1:	b	1b
2:	adr	x0, guest_illegal_start
	msr	vbar_el1, x0
	mov	x0, #0x3c9
	msr	spsr_el1, x0
	adr	x1, guest_illegal_target
	msr	elr_el1, x1
	isb
	eret
	.global	guest_illegal_target
guest_illegal_target:
	nop
	b	guest_illegal_target
GUEST_END(illegal)

/* The sequence the fuzzer found: an illegal return to PC 0. */
GUEST(illegal0)
	mov	x0, #0x3c9
	msr	spsr_el1, x0
	mov	x1, #0
	msr	elr_el1, x1
	eret
GUEST_END(illegal0)

/* Copied to IPA 0x200 (VBAR_EL1 = 0): report ESR/ELR/SPSR_EL1. */
GUEST(report_el1)
	mrs	x1, esr_el1
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	mov	x0, #0x1201
	hvc	#0
1:	b	1b
GUEST_END(report_el1)

/*
 * Report ID_AA64PFR0_EL1 (0x1300), then return to AArch32 User mode at
 * an unbacked IPA (MMU off): a stage-2 instruction abort from AArch32.
 */
GUEST(aarch32)
	mrs	x1, id_aa64pfr0_el1
	mov	x0, #0x1300
	hvc	#0
	mov	x0, #0x10
	msr	spsr_el1, x0
	movz	x1, #0x7f00, lsl #16
	msr	elr_el1, x1
	eret
GUEST_END(aarch32)

/*
 * TVM (no FEAT_S2FWB): x1 = MAIR, x2 = TCR, x3 = TTBR0, x4 = SCTLR with
 * M and C.  Three trapped writes (0x1400), the MMU and caches on, an
 * untrapped write (0x1401, x1 = SCTLR_EL1), three set/way cleans (0x1402).
 */
GUEST(tvm)
	msr	mair_el1, x1
	msr	tcr_el1, x2
	msr	ttbr0_el1, x3
	isb
	mov	x0, #0x1400
	hvc	#0
	msr	sctlr_el1, x4
	isb
	msr	ttbr0_el1, x3
	mrs	x1, sctlr_el1
	mov	x0, #0x1401
	hvc	#0
	mov	x5, #0
	dc	isw, x5
	dc	csw, x5
	dc	cisw, x5
	mov	x0, #0x1402
	hvc	#0
1:	b	1b
GUEST_END(tvm)

/* FEAT_LOR: report ID_AA64MMFR1_EL1 (0x1500), then read LORID_EL1. */
GUEST(lor)
	mrs	x1, id_aa64mmfr1_el1
	mov	x0, #0x1500
	hvc	#0
	mrs	x2, s3_0_c10_c4_7		/* LORID_EL1 */
	mov	x0, #0x1501
	hvc	#0
1:	b	1b
GUEST_END(lor)

/* Three wfe (trapped when they would wait), then report. */
GUEST(wfe)
	sevl
	wfe
	wfe
	wfe
	mov	x0, #0x1600
	hvc	#0
1:	b	1b
GUEST_END(wfe)

/* Report ID_AA64DFR0_EL1 (SPE: PMSVer, TRBE: TraceBuffer). */
GUEST(dfr0)
	mrs	x1, id_aa64dfr0_el1
	mov	x0, #0x1700
	hvc	#0
1:	b	1b
GUEST_END(dfr0)

/* Cache identification: CTR, CLIDR, CSSELR = 2 (L2 data), CCSIDR. */
GUEST(cache_id)
	mrs	x1, ctr_el0
	mrs	x2, clidr_el1
	mov	x5, #2
	msr	csselr_el1, x5
	isb
	mrs	x3, csselr_el1
	mrs	x4, ccsidr_el1
	mov	x0, #0x1800
	hvc	#0
1:	b	1b
GUEST_END(cache_id)

/*
 * PAR_EL1 is the guest's: x10 = an address to translate (AT S1E1R),
 * x9 = a read-only address to store to (a stage-2 permission fault, for
 * which EL2 runs an AT of its own); report PAR_EL1 before and after.
 */
GUEST(par)
	at	s1e1r, x10
	isb
	mrs	x11, par_el1
	str	x1, [x9]
	mrs	x12, par_el1
	mov	x1, x11
	mov	x2, x12
	mov	x0, #0x1900
	hvc	#0
1:	b	1b
GUEST_END(par)
