/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest programs for vcpu_test.c.  Each is position independent and is
 * copied to guest memory between its GUEST(name) and GUEST_END(name)
 * labels.  Convention: "hvc #0" with x0 = a GUEST_* report number is how a
 * guest talks to the test (a hypercall exit).
 */
#define GUEST(name)	.global guest_##name##_start; guest_##name##_start:
#define GUEST_END(name)	.global guest_##name##_end; guest_##name##_end:

	.text
	.balign	4

/* Report the entry state: x1 = MPIDR_EL1, x2 = CurrentEL, x3 = DAIF,
 * x4 = x0 at entry (dtb_addr), x5 = SPSel. */
GUEST(entry_state)
	mov	x4, x0
	mrs	x1, mpidr_el1
	mrs	x2, CurrentEL
	mrs	x3, daif
	mrs	x5, spsel
	mov	x0, #0x100
	hvc	#0
1:	b	1b
GUEST_END(entry_state)

/* x9 = a RAM address: read the client's word at [x9], store it + 1 at
 * [x9 + 8], report it. */
GUEST(memory)
	ldr	x1, [x9]
	add	x1, x1, #1
	str	x1, [x9, #8]
	mov	x0, #0x200
	hvc	#0
1:	b	1b
GUEST_END(memory)

/* x9 = an unbacked (MMIO) address, x1 = a value to store. */
GUEST(mmio)
	strb	w1, [x9]
	strh	w1, [x9, #2]
	str	w1, [x9, #4]
	str	x1, [x9, #8]
	ldrsb	x2, [x9]
	ldrsh	w3, [x9]
	ldrsw	x4, [x9]
	ldrb	w5, [x9]
	ldr	x6, [x9]
	ldr	xzr, [x9]
	ldrsb	w7, [x9, #1]
	mov	x0, #0x300
	hvc	#0
1:	b	1b
GUEST_END(mmio)

/* A hypercall with six arguments; report what x0..x3 came back as. */
GUEST(hypercall)
	mov	x0, #0x400
	mov	x1, #1
	mov	x2, #2
	mov	x3, #3
	mov	x4, #4
	mov	x5, #5
	mov	x6, #6
	hvc	#0x55
	mov	x10, x0
	mov	x11, x1
	mov	x12, x2
	mov	x13, x3
	mov	x0, #0x401
	mov	x1, x10
	mov	x2, x11
	mov	x3, x12
	mov	x4, x13
	hvc	#0
1:	b	1b
GUEST_END(hypercall)

/* hvc with the hyp-stub's call numbers and a physical address in x1:
 * x9 = that address.  Each is just a hypercall. */
GUEST(stub_numbers)
	mov	x0, #0
	mov	x1, x9
	hvc	#0
	mov	x0, #1
	mov	x1, x9
	hvc	#0
	mov	x0, #2
	mov	x1, x9
	hvc	#0
	mov	x0, #3
	mov	x1, x9
	hvc	#0
	mov	x0, #0x500
	hvc	#0
1:	b	1b
GUEST_END(stub_numbers)

/* Spin forever, counting in x1. */
GUEST(spin)
1:	add	x1, x1, #1
	b	1b
GUEST_END(spin)

/* FP/SIMD: set d16 from x1 and v31 from x2, exit, then report them. */
GUEST(fpsimd)
	fmov	d16, x1
	fmov	d31, x2
	mov	x0, #0x600
	hvc	#0
	fmov	x1, d16
	fmov	x2, d31
	mov	x0, #0x601
	hvc	#0
1:	b	1b
GUEST_END(fpsimd)

/* System registers: set VBAR_EL1, TPIDR_EL1, TTBR0_EL1, SCTLR_EL1 from
 * x1..x4, exit twice. */
GUEST(sysregs)
	msr	vbar_el1, x1
	msr	tpidr_el1, x2
	msr	ttbr0_el1, x3
	msr	sctlr_el1, x4
	isb
	mov	x0, #0x700
	hvc	#0
	mrs	x1, vbar_el1
	mrs	x2, tpidr_el1
	mov	x0, #0x701
	hvc	#0
1:	b	1b
GUEST_END(sysregs)

/* x9 = an address to store to (read-only region), then report. */
GUEST(store)
	str	x1, [x9]
	mov	x0, #0x800
	hvc	#0
1:	b	1b
GUEST_END(store)

/* x9 = an address to branch to (no-execute region). */
GUEST(jump)
	br	x9
GUEST_END(jump)

/* hvc in a loop. */
GUEST(hvc_loop)
1:	hvc	#0
	b	1b
GUEST_END(hvc_loop)

/* All of v0..v31, FPCR, FPSR: set, exit, then count mismatches. */
GUEST(fp_all)
	mov	x1, #0x1000
	.irp	n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,\
		16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	add	x1, x1, #1
	fmov	d\n, x1
	.endr
	mov	x3, #0x00c00000			/* FPCR.RMode = RZ */
	msr	fpcr, x3
	mov	x3, #0x10			/* FPSR.IXC */
	msr	fpsr, x3
	mov	x0, #0x900
	hvc	#0
	mov	x1, #0x1000
	mov	x4, #0
	.irp	n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,\
		16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	add	x1, x1, #1
	fmov	x2, d\n
	cmp	x2, x1
	cinc	x4, x4, ne
	.endr
	mrs	x5, fpcr
	mrs	x6, fpsr
	mov	x0, #0x901
	mov	x1, x4
	mov	x2, x5
	mov	x3, x6
	hvc	#0
1:	b	1b
GUEST_END(fp_all)

/* The virtual timer: fire it (CVAL 0, enabled), exit, read CTL back. */
GUEST(vtimer)
	msr	cntv_cval_el0, xzr
	mov	x1, #1
	msr	cntv_ctl_el0, x1
	isb
	mov	x0, #0xa00
	hvc	#0
	mrs	x1, cntv_ctl_el0
	mov	x0, #0xa01
	hvc	#0
1:	b	1b
GUEST_END(vtimer)

/* smc with the PSCI_VERSION id: a hypercall exit, never firmware. */
GUEST(smc)
	mov	x0, #0x84000000
	smc	#0x12
	mov	x1, x0
	mov	x0, #0xb00
	hvc	#0
1:	b	1b
GUEST_END(smc)
