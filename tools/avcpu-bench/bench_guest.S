/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guests for avcpu-bench: raw position-independent loops, copied to
 * RAM_IPA and run unchanged under /dev/avcpu and /dev/kvm, so both
 * backends execute the same instructions.  The host sets the registers
 * (avcpu-bench.c):
 *   x9   MMIO_IPA: every access there is an MMIO exit to userspace
 *   x10  the SMCCC function id the loop calls
 *   x11  the answer expected in x0
 *   x13  CPU_ON's target MPIDR, x14 its entry point (IPA)
 * x0..x3 are the SMCCC registers: KVM writes x1..x3 with its answers (and
 * its WORKAROUND_1 fast path clobbers x1), so no loop keeps state there.
 *
 * MMIO offsets from x9 (BENCH_MMIO_* in bench_guest.h):
 *   +0   the exit measured by the MMIO cases (and CPU_ON's second vCPU)
 *   +8   write of a wrong SMCCC answer: the case fails with that value
 *   +16  read: end of a batch of in-kernel/EL2 calls; userspace answers
 *        the size of the next batch
 *   +24  write of CPU_ON's return value
 *   +32  the GIC guests: write of an INTID ICC_IAR1_EL1 should not have
 *        returned
 *   +40  sgi_rtt: write of how many SGIs one round trip took (not 1)
 *   +48  the GIC guests: write of ESR_EL1 | vector offset << 32 from an
 *        exception vector other than IRQ
 *   +56  the timer guests: write of CNTV_CTL_EL0 as their handler found
 *        it, if not ENABLE | ISTATUS (an interrupt with no expiry)
 *   +64  vtimer_wfi: write of the batch's summed lateness (CNTVCT in the
 *        handler - CVAL, counter ticks), before the batch read at +16
 */
#include "bench_guest.h"

	.text

/*
 * Cases 1 and 2: x10 called with "hvc #0" in batches, each answer checked
 * against x11; one exit to userspace per batch.
 */
	.global	bench_smccc_start, bench_smccc_end
bench_smccc_start:
0:	ldr	x12, [x9, #16]
1:	mov	x0, x10
	hvc	#0
	cmp	x0, x11
	b.ne	2f
	subs	x12, x12, #1
	b.ne	1b
	b	0b
2:	str	x0, [x9, #8]
	b	2b
bench_smccc_end:

/*
 * Case 7: ID_AA64PFR0_EL1 read in batches (HCR_EL2.TID3 on both: KVM
 * emulates it in its kernel, avcpu at EL2); one exit per batch.
 */
	.global	bench_idreg_start, bench_idreg_end
bench_idreg_start:
0:	ldr	x12, [x9, #16]
1:	mrs	x0, id_aa64pfr0_el1
	subs	x12, x12, #1
	b.ne	1b
	b	0b
bench_idreg_end:

/* Case 3: MMIO store, every one an exit to userspace. */
	.global	bench_mmio_write_start, bench_mmio_write_end
bench_mmio_write_start:
1:	str	x1, [x9]
	b	1b
bench_mmio_write_end:

/* Case 4: MMIO load, userspace supplies the value. */
	.global	bench_mmio_read_start, bench_mmio_read_end
bench_mmio_read_start:
1:	ldr	x1, [x9]
	b	1b
bench_mmio_read_end:

/* Case 5: x10 called with "hvc #0", every call an exit to userspace. */
	.global	bench_hvc_user_start, bench_hvc_user_end
bench_hvc_user_start:
1:	mov	x0, x10
	hvc	#0
	b	1b
bench_hvc_user_end:

/*
 * Case 6, vCPU 0: PSCI CPU_ON (x10) of MPIDR x13 at x14, context id
 * MMIO_IPA; reports CPU_ON's result, then calls it again.  vCPU 1 starts
 * at bench_cpu_on_entry with x0 = the context id and every other register
 * 0, and exits to userspace at once with a store of x0 to x0; it loops in
 * case anything resumes it instead of CPU_ON.
 */
	.global	bench_cpu_on_start, bench_cpu_on_entry, bench_cpu_on_end
bench_cpu_on_start:
1:	mov	x0, x10
	mov	x1, x13
	mov	x2, x14
	mov	x3, x9
	hvc	#0
	str	x0, [x9, #24]
	b	1b
bench_cpu_on_entry:
	str	x0, [x0]
	b	bench_cpu_on_entry
bench_cpu_on_end:

/*
 * Cases 8 and 9 (sgi_rtt, spi_latency): guests with a GICv3 at the
 * layout of bench.h (the VMM's irqchip: avcpu's AVCPU_CREATE_IRQCHIP,
 * KVM's in-kernel vGICv3).  One image, three entry points; the vector
 * table is 2 KiB aligned within the image, which the VMM copies to
 * RAM_IPA (64 KiB aligned), so VBAR_EL1 = its IPA is aligned too.
 * Registers from the VMM, besides x9:
 *   x10  the INTID the case uses (ICC_IAR1_EL1 must return it)
 *   x13  sgi_rtt: the ICC_SGI1R_EL1 value that targets the other vCPU
 *   x15  GICD_IPA, x16 this vCPU's redistributor (its RD frame)
 * x18 is the IRQ handler of the entry point, x19 the interrupts vCPU 0
 * of sgi_rtt has taken, x20..x22 scratch of the handlers and of the GIC
 * set-up (which runs with IRQs masked); nothing here uses a stack.
 */
#define GICD_CTLR		0x0000
#define GICD_CTLR_RWP		31
#define GICD_CTLR_G1_ARE	0x12	/* EnableGrp1, ARE (DS = 1 view) */
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_IPRIORITYR		0x0400
#define GICD_ICFGR		0x0c00
#define GICD_IROUTER		0x6000	/* 8 * INTID on: SPIs from 0x6100 */
#define GICR_CTLR		0x0000
#define GICR_CTLR_RWP		3
#define GICR_WAKER		0x0014
#define GICR_WAKER_PS		1	/* ProcessorSleep (bit) */
#define GICR_WAKER_CA		2	/* ChildrenAsleep (bit) */
#define GICR_SGI		0x10000	/* the SGI frame */
#define GICR_IGROUPR0		0x0080
#define GICR_ISENABLER0		0x0100
#define GICR_IPRIORITYR0	0x0400
#define GIC_PRIO		0xa0	/* any: PMR lets every priority in */
#define INTID_SPURIOUS		1023

	.balign	2048
	.global	bench_gic_start, bench_gic_end
	.global	bench_spi_entry, bench_sgi0_entry, bench_sgi1_entry
bench_gic_start:
	b	bench_spi_entry

/* Every vector but IRQ from EL1h reports: ESR_EL1 | vector offset << 32. */
.macro	bad_vector off
	.balign	0x80
	mov	x21, #\off
	b	gic_bad_vector
.endm
	.balign	2048
gic_vectors:
	bad_vector 0x000
	bad_vector 0x080
	bad_vector 0x100
	bad_vector 0x180
	bad_vector 0x200
	.balign	0x80		/* 0x280: IRQ, current EL with SP_ELx */
	br	x18
	bad_vector 0x300
	bad_vector 0x380
	bad_vector 0x400
	bad_vector 0x480
	bad_vector 0x500
	bad_vector 0x580
	bad_vector 0x600
	bad_vector 0x680
	bad_vector 0x700
	bad_vector 0x780
	.balign	0x80
gic_bad_vector:
	mrs	x20, esr_el1
	orr	x20, x20, x21, lsl #32
	str	x20, [x9, #BENCH_MMIO_BAD_VECTOR]
	b	gic_bad_vector

/*
 * The GIC set-up every entry point does (a leaf: returns with x30), the
 * part of Linux's irq-gic-v3.c these guests need: the distributor's
 * affinity routing and group 1 on (both vCPUs of sgi_rtt write the same
 * value), RWP polled as Linux does; this vCPU's redistributor awake
 * (ProcessorSleep cleared, ChildrenAsleep polled until clear); the CPU
 * interface taking every priority (PMR) and group 1 (IGRPEN1).
 */
gic_setup:
	adr	x20, gic_vectors
	msr	vbar_el1, x20
	mov	w20, #GICD_CTLR_G1_ARE
	str	w20, [x15, #GICD_CTLR]
1:	ldr	w20, [x15, #GICD_CTLR]
	tbnz	w20, #GICD_CTLR_RWP, 1b
	ldr	w20, [x16, #GICR_WAKER]
	bic	w20, w20, #(1 << GICR_WAKER_PS)
	str	w20, [x16, #GICR_WAKER]
2:	ldr	w20, [x16, #GICR_WAKER]
	tbnz	w20, #GICR_WAKER_CA, 2b
	mov	x20, #0xff
	msr	icc_pmr_el1, x20
	mov	x20, #1
	msr	icc_igrpen1_el1, x20
	isb
	ret

/*
 * SGI x10 of this vCPU's redistributor: group 1, priority GIC_PRIO,
 * enabled; GICR_CTLR.RWP polled after the enable, as Linux does.
 */
gic_sgi_enable:
	add	x22, x16, #GICR_SGI
	mov	w21, #1
	lsl	w21, w21, w10
	ldr	w20, [x22, #GICR_IGROUPR0]
	orr	w20, w20, w21
	str	w20, [x22, #GICR_IGROUPR0]
	add	x20, x22, #GICR_IPRIORITYR0
	mov	w22, #GIC_PRIO
	strb	w22, [x20, x10]
	add	x22, x16, #GICR_SGI
	str	w21, [x22, #GICR_ISENABLER0]
1:	ldr	w20, [x16, #GICR_CTLR]
	tbnz	w20, #GICR_CTLR_RWP, 1b
	ret

/*
 * SPI x10 in the distributor: group 1, edge-triggered (ICFGR bit
 * 2 * (INTID % 16) + 1: every IRQ_LINE raise is one interrupt), priority
 * GIC_PRIO, routed to the vCPU with MPIDR 0 (IROUTER, 64-bit), enabled;
 * RWP polled.
 */
gic_spi_enable:
	lsr	x21, x10, #5			/* IGROUPR / ISENABLER word */
	lsl	x21, x21, #2
	add	x21, x21, x15
	mov	w22, #1
	lsl	w22, w22, w10			/* bit INTID % 32 */
	ldr	w20, [x21, #GICD_IGROUPR]
	orr	w20, w20, w22
	str	w20, [x21, #GICD_IGROUPR]
	lsr	x21, x10, #4			/* ICFGR word */
	lsl	x21, x21, #2
	add	x21, x21, x15
	add	x21, x21, #GICD_ICFGR
	lsl	w22, w10, #1			/* 2 * (INTID % 16) + 1 */
	add	w22, w22, #1
	mov	w20, #1
	lsl	w22, w20, w22
	ldr	w20, [x21]
	orr	w20, w20, w22
	str	w20, [x21]
	add	x21, x15, #GICD_IPRIORITYR
	mov	w20, #GIC_PRIO
	strb	w20, [x21, x10]
	add	x21, x15, #GICD_IROUTER
	str	xzr, [x21, x10, lsl #3]
	lsr	x21, x10, #5
	lsl	x21, x21, #2
	add	x21, x21, x15
	mov	w22, #1
	lsl	w22, w22, w10
	str	w22, [x21, #GICD_ISENABLER]
1:	ldr	w20, [x15, #GICD_CTLR]
	tbnz	w20, #GICD_CTLR_RWP, 1b
	ret

/*
 * The start of every IRQ handler: x20 = ICC_IAR1_EL1; a spurious read
 * (1023: nothing left pending) returns at once; otherwise EOI, then an
 * INTID other than x10 reports and stops.  EOImode is 0: the EOI also
 * deactivates.
 */
.macro	gic_ack
	mrs	x20, icc_iar1_el1
	cmp	x20, #INTID_SPURIOUS
	b.eq	9f
	msr	icc_eoir1_el1, x20
	cmp	x20, x10
	b.ne	gic_bad_intid
.endm

gic_bad_intid:
	str	x20, [x9, #BENCH_MMIO_BAD_INTID]
	b	gic_bad_intid

/*
 * Case 9, spi_latency, one vCPU: after the set-up it reports ready (an
 * MMIO write of 0 to +0) and waits in WFI with IRQs unmasked.  Its
 * handler writes the INTID to +0: the VMM then raises the next edge.
 */
bench_spi_entry:
	adr	x18, spi_irq
	bl	gic_setup
	bl	gic_spi_enable
	str	xzr, [x9, #BENCH_MMIO_EXIT]
	msr	daifclr, #2
1:	wfi
	b	1b
spi_irq:
	gic_ack
	str	x20, [x9, #BENCH_MMIO_EXIT]
9:	eret

/*
 * Case 8, sgi_rtt, vCPU 0: in batches (the size read from +16, as the
 * SMCCC cases), send SGI x10 to vCPU 1 (x13) and wait for vCPU 1's SGI
 * back: WFI with IRQs masked (it wakes on a pending interrupt without
 * taking it, so none is lost between the check and the WFI), then
 * unmasked for the handler to take it.  One round trip is exactly one
 * interrupt taken (x19); any other count is reported at +40.
 */
bench_sgi0_entry:
	adr	x18, sgi0_irq
	bl	gic_setup
	bl	gic_sgi_enable
0:	ldr	x12, [x9, #BENCH_MMIO_BATCH]
1:	mov	x19, #0
	msr	icc_sgi1r_el1, x13
2:	cbnz	x19, 3f
	wfi
	msr	daifclr, #2
	isb
	msr	daifset, #2
	b	2b
3:	cmp	x19, #1
	b.ne	4f
	subs	x12, x12, #1
	b.ne	1b
	b	0b
4:	str	x19, [x9, #BENCH_MMIO_BAD_COUNT]
	b	4b
sgi0_irq:
	gic_ack
	add	x19, x19, #1
9:	eret

/*
 * sgi_rtt, vCPU 1: waits in WFI with IRQs unmasked; its handler sends
 * SGI x10 back to vCPU 0 (x13).
 */
bench_sgi1_entry:
	adr	x18, sgi1_irq
	bl	gic_setup
	bl	gic_sgi_enable
	msr	daifclr, #2
1:	wfi
	b	1b
sgi1_irq:
	gic_ack
	msr	icc_sgi1r_el1, x13
9:	eret

/*
 * Cases 10 and 11 (vtimer_rtt, vtimer_wfi): one vCPU, its virtual timer's
 * PPI x10 (27) in its redistributor as gic_sgi_enable() sets an SGI
 * (IGROUPR0, IPRIORITYR, ISENABLER0 cover INTIDs 0..31).  Every handler
 * first checks that the interrupt is an expiry: CNTV_CTL_EL0 must read
 * ENABLE | ISTATUS (+56 otherwise).  x19 counts the interrupts of the
 * batch, x12 is its size.
 */
#define CNTV_CTL_ENABLE		1
#define CNTV_CTL_ISTATUS	4

.macro	vtimer_check
	mrs	x21, cntv_ctl_el0
	cmp	x21, #(CNTV_CTL_ENABLE | CNTV_CTL_ISTATUS)
	b.ne	vtimer_bad_ctl
.endm

vtimer_bad_ctl:
	str	x21, [x9, #BENCH_MMIO_BAD_TIMER]
	b	vtimer_bad_ctl

/*
 * Case 10, vtimer_rtt: in batches, the timer armed to expire at once
 * (CVAL = CNTVCT, ENABLE); the handler acks, checks, re-arms the next
 * deadline (again CVAL = CNTVCT, already reached: the next expiry is as
 * soon as the GIC can deliver it) and EOIs, so the round trip is expiry
 * -> vGIC -> handler -> EOI -> the next expiry.  The last interrupt of a
 * batch disables the timer before its EOI; the loop, spinning with IRQs
 * unmasked meanwhile, then checks that exactly x12 were taken (+40).
 */
	.global	bench_vtimer_rtt_entry
bench_vtimer_rtt_entry:
	adr	x18, vtimer_rtt_irq
	bl	gic_setup
	bl	gic_sgi_enable
0:	ldr	x12, [x9, #BENCH_MMIO_BATCH]
	mov	x19, #0
	mrs	x20, cntvct_el0
	msr	cntv_cval_el0, x20
	mov	x20, #CNTV_CTL_ENABLE
	msr	cntv_ctl_el0, x20
	isb
	msr	daifclr, #2
1:	cmp	x19, x12
	b.lo	1b
	msr	daifset, #2
	isb
	cmp	x19, x12
	b.ne	2f
	b	0b
2:	str	x19, [x9, #BENCH_MMIO_BAD_COUNT]
	b	2b
vtimer_rtt_irq:
	mrs	x20, icc_iar1_el1
	cmp	x20, #INTID_SPURIOUS
	b.eq	9f
	cmp	x20, x10
	b.ne	gic_bad_intid
	vtimer_check
	add	x19, x19, #1
	cmp	x19, x12
	b.hs	1f
	mrs	x21, cntvct_el0
	msr	cntv_cval_el0, x21
	b	2f
1:	msr	cntv_ctl_el0, xzr
2:	isb
	msr	icc_eoir1_el1, x20
9:	eret

/*
 * Case 11, vtimer_wfi: in batches, the timer armed x14 counter ticks
 * ahead (CVAL = CNTVCT + x14) and the vCPU in WFI with IRQs masked (it
 * wakes on the pending interrupt without taking it, as sgi_rtt's vCPU 0),
 * then unmasked to take it.  The handler acks, checks, adds CNTVCT - CVAL
 * (how late it runs) to x23, disables the timer and EOIs.  A WFI that
 * ends with no interrupt pending just goes round again.  At the end of
 * a batch, the summed lateness is written to +64.
 */
	.global	bench_vtimer_wfi_entry
bench_vtimer_wfi_entry:
	adr	x18, vtimer_wfi_irq
	bl	gic_setup
	bl	gic_sgi_enable
0:	ldr	x12, [x9, #BENCH_MMIO_BATCH]
	mov	x23, #0
1:	mov	x19, #0
	mrs	x20, cntvct_el0
	add	x20, x20, x14
	msr	cntv_cval_el0, x20
	mov	x20, #CNTV_CTL_ENABLE
	msr	cntv_ctl_el0, x20
	isb
2:	cbnz	x19, 3f
	wfi
	msr	daifclr, #2
	isb
	msr	daifset, #2
	b	2b
3:	cmp	x19, #1
	b.ne	4f
	subs	x12, x12, #1
	b.ne	1b
	str	x23, [x9, #BENCH_MMIO_LATENESS]
	b	0b
4:	str	x19, [x9, #BENCH_MMIO_BAD_COUNT]
	b	4b
vtimer_wfi_irq:
	mrs	x20, icc_iar1_el1
	cmp	x20, #INTID_SPURIOUS
	b.eq	9f
	cmp	x20, x10
	b.ne	gic_bad_intid
	vtimer_check
	mrs	x21, cntvct_el0
	mrs	x22, cntv_cval_el0
	sub	x21, x21, x22
	add	x23, x23, x21
	add	x19, x19, #1
	msr	cntv_ctl_el0, xzr
	isb
	msr	icc_eoir1_el1, x20
9:	eret
bench_gic_end:
