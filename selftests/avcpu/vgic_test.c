// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual GICv3 (Documentation/avcpu.rst, "The virtual GIC"), driven
 * by C guests the way Linux drives a GIC (guest_gic.h), with SPIs raised
 * by the VMM (AVCPU_IRQ_LINE):
 *  - Linux's irq-gic-v3.c boot sequence completes without one exit to
 *    userspace and without one RWP poll or WAKER read that had to spin;
 *    the ID registers, GICD_TYPER for the SPI count, the redistributors'
 *    64-bit GICR_TYPER with affinity, Processor_Number and Last, what every
 *    register reads back (and what is RAZ/WI), reset state;
 *  - an edge SPI is taken once at the IRQ vector with its INTID from
 *    ICC_IAR1_EL1 and EOIs; two edges before it is taken are one
 *    interrupt, an edge while it is active is taken again after the EOI;
 *  - EOImode 1: the EOI drops the priority, ICC_DIR_EL1 deactivates;
 *  - a level SPI held high re-fires after each EOI; dropped, it does not,
 *    nor does a pulse the guest never saw; raised and dropped while the
 *    guest runs, it appears and disappears there;
 *  - pending and active bits written by the guest (ISPENDR, ICPENDR, a
 *    level latch, an SGI by GICR_ISPENDR0, ISACTIVER/ICACTIVER);
 *  - no maintenance interrupt reaches the host while it runs, whatever
 *    state the guest left its list registers in;
 *  - priorities order delivery; an interrupt with priority >= PMR waits
 *    until PMR is raised; six pending at once (more than the 4 list
 *    registers) are all taken, in priority order, none twice;
 *  - a group-0 SPI is an FIQ (ICC_IAR0_EL1) and never an IRQ;
 *  - a vCPU in WFI sleeps through a disabled and a PMR-masked SPI and is
 *    woken by a deliverable one raised from another host thread; one in a
 *    tight loop is kicked out by an SPI raised from another thread;
 *  - two VMs with irqchips on one physical CPU never see each other's
 *    interrupts (pending in list registers, active, PMR), and a VM
 *    destroyed with interrupts pending and active leaves nothing;
 *  - AVCPU_CREATE_IRQCHIP's and AVCPU_IRQ_LINE's errno values.
 *
 * Needs avcpu.ko in $AVCPU_MODDIR (default /avcpu).
 */
#include <sched.h>
#include <signal.h>

#include "kselftest_harness.h"
#include "avcpu_util.h"
#include "guest_gic.h"
#include "guest_report.h"

/* Values avcpu gives (Documentation/avcpu.rst, "The virtual GIC"). */
#define PIDR2_GICV3	0x3b
#define AVCPU_IIDR	0xa600043bUL	/* ProductID 0xa6, implementer 0x43b */
/*
 * ITLinesNumber (nr_spis + 32) / 32 - 1, IDbits 9, A3V (IROUTER and the
 * SGI registers keep Aff3), No1N.
 */
#define TYPER(nr_spis)	((((nr_spis) + 32) / 32 - 1) | 9 << 19 | 1 << 24 | \
			 1 << 25)
#define CTLR_DS_ARE	(GICD_CTLR_DS | GICD_CTLR_ARE)
/*
 * QEMU's virtual CPU interface (hw/intc/arm_gicv3_cpuif.c, ICH_VTR_EL2:
 * 5 priority and preemption bits): ICC_CTLR_EL1 reads A3V (bit 15),
 * IDbits 1 (24 bits) and PRIbits 4; the lowest ICC_BPR1_EL1 is 3.
 */
#define QEMU_ICC_CTLR	0x8c00
#define QEMU_MIN_BPR1	3

#define POLL_MS		5000	/* a guest wait that fails the test */
#define QUIET_WINDOW	200	/* ms a guest stays open for a second IRQ */

/* vCPU 2 of the init test: every affinity level set. */
#define ODD_MPIDR	0x100020304UL	/* Aff3 1, Aff2 2, Aff1 3, Aff0 4 */

/* ---- guest ------------------------------------------------------------ */

static struct gic_init_stats init_st;

/* What the init test's guest read back after the sequence. */
struct after {
	__u64 gicd_ctlr, igroupr0, igroupr1, igroupr_last, igroupr_beyond;
	__u64 icfgr0, icfgr2, iprio0, iprio32, iprio_last, isenabler1;
	__u64 isactiver1, ispendr1, irouter32, irouter_last, irouter40_odd;
	__u64 irouter40_lo, irouter40_hi, irouter40_irm, irouter_sgi;
	__u64 itargetsr32, statusr, unknown, unknown_wi, sgir_iar;
	__u64 rd_ctlr, rd_waker, rd_statusr, propbaser, pendbaser;
	__u64 typer2_lo, typer2_hi, sgi_pidr2, sgi_igroupr0, sgi_isenabler0;
	__u64 sgi_icfgr0, sgi_icfgr1, sgi_icfgr1_edge, sgi_iprio0;
	__u64 sgi_iprio5_byte, sgi_isactiver0, sgi_ispendr0, sgi_igrpmodr0;
	__u64 rd1_waker, rd1_isenabler0, rd1_igroupr0, rd1_iprio0;
	__u64 icc_sre, icc_ctlr, icc_pmr, icc_bpr1, icc_igrpen1;
	__u64 icc_igrpen0, icc_rpr, icc_iar1, icc_hppir1, icc_ap1r0;
	__u64 rd_typer_again;
};

static struct after after;

static void guest_linux_init(void)
{
	__u64 sgi = GICR_SGI(0), odd = ODD_MPIDR & MPIDR_AFF_MASK;
	struct after *a = &after;

	gic_dist_init_linux(&init_st);
	GUEST_ASSERT_EQ(gic_cpu_init_linux(0, &init_st), 0);
	GUEST_SYNC(1);

	/* The distributor as the sequence left it; RAZ/WI where noted. */
	a->gicd_ctlr = gicd_read(GICD_CTLR);
	gicd_write(GICD_IGROUPR, ~0U);		/* word 0: RAZ/WI (ARE) */
	a->igroupr0 = gicd_read(GICD_IGROUPR);
	a->igroupr1 = gicd_read(GICD_IGROUPR + 4);
	a->igroupr_last = gicd_read(GICD_IGROUPR + 8 * 4);
	gicd_write(GICD_IGROUPR + 9 * 4, ~0U);	/* beyond the 256 SPIs */
	a->igroupr_beyond = gicd_read(GICD_IGROUPR + 9 * 4);
	gicd_write(GICD_ICFGR, ~0U);		/* SGIs: RAZ/WI */
	a->icfgr0 = gicd_read(GICD_ICFGR);
	a->icfgr2 = gicd_read(GICD_ICFGR + 8);
	gicd_write(GICD_IPRIORITYR, ~0U);		/* SGIs: RAZ/WI */
	a->iprio0 = gicd_read(GICD_IPRIORITYR);
	a->iprio32 = gicd_read(GICD_IPRIORITYR + 32);
	a->iprio_last = gicd_read(GICD_IPRIORITYR + 284);
	a->isenabler1 = gicd_read(GICD_ISENABLER + 4);
	a->isactiver1 = gicd_read(GICD_ISACTIVER + 4);
	a->ispendr1 = gicd_read(GICD_ISPENDR + 4);
	a->irouter32 = mmio_read64(GICD_BASE + GICD_IROUTER + 32 * 8);
	a->irouter_last = mmio_read64(GICD_BASE + GICD_IROUTER + 287 * 8);
	mmio_write64(GICD_BASE + GICD_IROUTER + 40 * 8, odd);
	a->irouter40_odd = mmio_read64(GICD_BASE + GICD_IROUTER + 40 * 8);
	a->irouter40_lo = gicd_read(GICD_IROUTER + 40 * 8);
	a->irouter40_hi = gicd_read(GICD_IROUTER + 40 * 8 + 4);
	/* IRM (bit 31) is RAZ/WI: GICD_TYPER.No1N */
	mmio_write64(GICD_BASE + GICD_IROUTER + 40 * 8, odd | 1UL << 31);
	a->irouter40_irm = mmio_read64(GICD_BASE + GICD_IROUTER + 40 * 8);
	mmio_write64(GICD_BASE + GICD_IROUTER + 40 * 8, 0);
	mmio_write64(GICD_BASE + GICD_IROUTER + 8 * 8, odd);	/* a PPI's */
	a->irouter_sgi = mmio_read64(GICD_BASE + GICD_IROUTER + 8 * 8);
	gicd_write(GICD_ITARGETSR + 32, ~0U);
	a->itargetsr32 = gicd_read(GICD_ITARGETSR + 32);
	a->statusr = gicd_read(GICD_STATUSR);
	a->unknown = gicd_read(0x5000);
	gicd_write(0x5000, ~0U);
	a->unknown_wi = gicd_read(0x5000);
	/* GICD_SGIR is RAZ/WI with ARE: no SGI 3 to vCPU 0 */
	gicd_write(GICD_SGIR, 0x02000003);
	a->sgir_iar = gic_read_iar1();

	/* This vCPU's redistributor. */
	a->rd_ctlr = mmio_read32(GICR_RD(0) + GICR_CTLR);
	a->rd_waker = mmio_read32(GICR_RD(0) + GICR_WAKER);
	a->rd_statusr = mmio_read32(GICR_RD(0) + GICR_STATUSR);
	mmio_write64(GICR_RD(0) + GICR_PROPBASER, ~0UL);
	mmio_write64(GICR_RD(0) + GICR_PENDBASER, ~0UL);
	a->propbaser = mmio_read64(GICR_RD(0) + GICR_PROPBASER);
	a->pendbaser = mmio_read64(GICR_RD(0) + GICR_PENDBASER);
	a->typer2_lo = mmio_read32(GICR_RD(2) + GICR_TYPER);
	a->typer2_hi = mmio_read32(GICR_RD(2) + GICR_TYPER + 4);
	a->sgi_pidr2 = mmio_read32(sgi + 0xffe8);
	a->sgi_igroupr0 = mmio_read32(sgi + GICR_IGROUPR0);
	a->sgi_isenabler0 = mmio_read32(sgi + GICR_ISENABLER0);
	mmio_write32(sgi + GICR_ICFGR0, 0);	/* SGIs are edge: RO */
	a->sgi_icfgr0 = mmio_read32(sgi + GICR_ICFGR0);
	a->sgi_icfgr1 = mmio_read32(sgi + GICR_ICFGR1);
	mmio_write32(sgi + GICR_ICFGR1, 0x8);	/* PPI 17 edge */
	a->sgi_icfgr1_edge = mmio_read32(sgi + GICR_ICFGR1);
	mmio_write32(sgi + GICR_ICFGR1, 0);
	a->sgi_iprio0 = mmio_read32(sgi + GICR_IPRIORITYR0);
	mmio_write8(sgi + GICR_IPRIORITYR0 + 5, 0x48);
	a->sgi_iprio5_byte = mmio_read8(sgi + GICR_IPRIORITYR0 + 5) |
			     (__u64)mmio_read32(sgi + GICR_IPRIORITYR0 + 4) << 8;
	mmio_write8(sgi + GICR_IPRIORITYR0 + 5, GIC_PRIO_IRQ);
	a->sgi_isactiver0 = mmio_read32(sgi + GICR_ISACTIVER0);
	a->sgi_ispendr0 = mmio_read32(sgi + GICR_ISPENDR0);
	mmio_write32(sgi + GICR_IGRPMODR0, ~0U);
	a->sgi_igrpmodr0 = mmio_read32(sgi + GICR_IGRPMODR0);

	/* vCPU 1's, which never ran: reset state. */
	a->rd1_waker = mmio_read32(GICR_RD(1) + GICR_WAKER);
	a->rd1_isenabler0 = mmio_read32(GICR_SGI(1) + GICR_ISENABLER0);
	a->rd1_igroupr0 = mmio_read32(GICR_SGI(1) + GICR_IGROUPR0);
	a->rd1_iprio0 = mmio_read32(GICR_SGI(1) + GICR_IPRIORITYR0);

	/* The CPU interface, after exits: the guest's own. */
	a->icc_sre = gic_read_sre();
	a->icc_ctlr = gic_read_ctlr();
	a->icc_pmr = gic_read_pmr();
	a->icc_bpr1 = gic_read_bpr1();
	a->icc_igrpen1 = gic_read_igrpen1();
	a->icc_igrpen0 = gic_read_igrpen0();
	a->icc_rpr = gic_read_rpr();
	a->icc_hppir1 = gic_read_hppir1();
	a->icc_iar1 = gic_read_iar1();
	a->icc_ap1r0 = gic_read_ap1r0();
	a->rd_typer_again = mmio_read64(GICR_RD(2) + GICR_TYPER);
	GUEST_SYNC(2);
	GUEST_DONE();
}

/* The init test's VM: vCPU 0 runs, 1 and 2 (powered off) only exist. */
static struct gvcpu *three_vcpus(struct __test_metadata *_metadata,
				 struct gvm *vm, void *fn)
{
	struct gvcpu *v = vm_vcpu_add(vm, 0, fn);

	vm_vcpu_add(vm, 1, NULL);
	vm_vcpu_add_mpidr(vm, 2, ODD_MPIDR, NULL);
	return v;
}

/* Reads of the distributor's TYPER and of the last and first-beyond words. */
static void guest_typer(__u64 nr_spis)
{
	__u32 last = (nr_spis + 32) / 32 - 1;
	__u64 r_last, r_beyond;

	gicd_write(GICD_ISENABLER + last * 4, ~0U);
	r_last = gicd_read(GICD_ISENABLER + last * 4);
	gicd_write(GICD_ICENABLER + last * 4, ~0U);
	gicd_write(GICD_ISENABLER + (last + 1) * 4, ~0U);
	r_beyond = gicd_read(GICD_ISENABLER + (last + 1) * 4);
	GUEST_SYNC_ARGS(gicd_read(GICD_TYPER), r_last, r_beyond,
			gicd_read(GICD_ISENABLER + last * 4));
	GUEST_DONE();
}

/* Edge SPI 40: taken once; two edges are one; an edge while active. */
#define SPI_EDGE	40
static __u32 edge_round;

static void edge_hook(__u32 intid, bool fiq)
{
	/* Third round, first take: the VMM raises it again meanwhile. */
	if (READ_ONCE(edge_round) == 3 && gic_count(0, intid) == 3)
		GUEST_SYNC_ARGS(0xac, gic_irq_pending(intid),
				gic_irq_active(intid));
}

static void guest_edge(void)
{
	struct gic_cpu *c;
	__u64 hppir, pend, taken;

	gic_init_linux(0);
	c = gic_this_cpu();
	gic_irq_setup(SPI_EDGE, 0x80, true, 1);
	gic_irq_hook = edge_hook;

	/* 1: one edge, one interrupt. */
	WRITE_ONCE(edge_round, 1);
	GUEST_SYNC(1);
	hppir = gic_read_hppir1();
	pend = gic_irq_pending(SPI_EDGE);
	taken = c->nr_taken;
	GUEST_ASSERT(gic_wait_ge64(&c->nr_taken, 1, POLL_MS));
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC_ARGS(hppir, pend, taken, c->nr_taken, gic_read_rpr(),
			gic_read_iar1());
	GUEST_SYNC_ARGS(gic_irq_pending(SPI_EDGE), gic_irq_active(SPI_EDGE),
			gic_read_hppir1());

	/* 2: two edges before it is taken: one interrupt. */
	WRITE_ONCE(edge_round, 2);
	GUEST_SYNC(2);
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC(c->nr_taken);

	/* 3: an edge while active: pending and active, then again. */
	WRITE_ONCE(edge_round, 3);
	GUEST_SYNC(3);
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC_ARGS(c->nr_taken, gic_irq_pending(SPI_EDGE),
			gic_irq_active(SPI_EDGE));
	GUEST_DONE();
}

/* EOImode 1: the EOI drops the priority, DIR deactivates. */
static void guest_eoimode1(void)
{
	struct gic_cpu *c;
	__u64 ctlr, rpr_taken, act_taken, rpr_dropped, act_dropped;

	gic_init_linux(0);
	c = gic_this_cpu();
	gic_irq_setup(SPI_EDGE, 0x80, true, 1);
	gic_write_ctlr(ICC_CTLR_EOIMODE);
	isb();
	ctlr = gic_read_ctlr();
	c->no_eoi = 1;
	GUEST_SYNC(1);
	GUEST_ASSERT(gic_wait_ge64(&c->nr_taken, 1, POLL_MS));
	rpr_taken = gic_read_rpr();
	act_taken = gic_irq_active(SPI_EDGE);
	gic_write_eoir1(SPI_EDGE);
	isb();
	rpr_dropped = gic_read_rpr();
	act_dropped = gic_irq_active(SPI_EDGE);
	gic_write_dir(SPI_EDGE);
	isb();
	GUEST_SYNC_ARGS(ctlr, rpr_taken, act_taken, rpr_dropped, act_dropped,
			gic_irq_active(SPI_EDGE));
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC(c->nr_taken);
	GUEST_DONE();
}

/* Level SPI 41: re-fires after each EOI while high. */
#define SPI_LEVEL	41

static void level_hook(__u32 intid, bool fiq)
{
	/* In the handler, active: the VMM decides whether to drop it. */
	GUEST_SYNC_ARGS(0x1e, intid, gic_count(0, intid),
			gic_irq_pending(intid), gic_irq_active(intid));
}

static void guest_level(void)
{
	struct gic_cpu *c;
	__u64 pend;

	gic_init_linux(0);
	c = gic_this_cpu();
	gic_irq_setup(SPI_LEVEL, 0x80, false, 1);
	gic_irq_hook = level_hook;
	GUEST_SYNC(1);
	GUEST_ASSERT(gic_wait_ge(&c->count[SPI_LEVEL], 3, POLL_MS));
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC_ARGS(2, c->nr_taken, gic_irq_pending(SPI_LEVEL),
			gic_read_iar1());
	/* A pulse while the guest was out: never pending here. */
	GUEST_SYNC(3);
	pend = gic_irq_pending(SPI_LEVEL);
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC_ARGS(4, pend, c->nr_taken);
	GUEST_DONE();
}

/* Priorities: 43 (0x40) before 42 (0x90); 44 (0x80) waits for PMR. */
static void guest_priorities(void)
{
	struct gic_cpu *c;
	__u64 hppir, before, rpr;

	gic_init_linux(0);
	c = gic_this_cpu();
	gic_irq_setup(42, 0x90, true, 1);
	gic_irq_setup(43, 0x40, true, 1);
	gic_irq_setup(44, 0x80, true, 1);
	GUEST_SYNC(1);
	GUEST_ASSERT(gic_wait_ge64(&c->nr_taken, 2, POLL_MS));
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC(c->nr_taken);

	gic_write_pmr(0x80);		/* 0x80 >= PMR: masked */
	isb();
	GUEST_SYNC(gic_read_pmr());
	hppir = gic_read_hppir1();	/* pending, masked */
	gic_irqs_open_for(QUIET_WINDOW);
	before = c->nr_taken;
	rpr = gic_read_rpr();
	gic_write_pmr(0x88);
	isb();
	GUEST_ASSERT(gic_wait_ge64(&c->nr_taken, 3, POLL_MS));
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC_ARGS(hppir, before, rpr, gic_read_pmr(), c->nr_taken);
	GUEST_DONE();
}

/* Six SPIs, more than the 4 list registers, priorities out of order. */
#define NR_SIX		6
static const __u8 six_prio[NR_SIX] = { 0x60, 0x30, 0x50, 0x10, 0x40, 0x20 };
#define SIX_BASE	45

static void guest_six(void)
{
	struct gic_cpu *c;
	__u64 hppir;
	int i;

	gic_init_linux(0);
	c = gic_this_cpu();
	for (i = 0; i < NR_SIX; i++)
		gic_irq_setup(SIX_BASE + i, six_prio[i], true, 1);
	GUEST_SYNC(1);
	hppir = gic_read_hppir1();
	GUEST_ASSERT(gic_wait_ge64(&c->nr_taken, NR_SIX, POLL_MS));
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC_ARGS(hppir, c->nr_taken, c->nr_spurious, gic_read_iar1());
	GUEST_DONE();
}

/* Group 0 SPI 51: an FIQ, only with ICC_IGRPEN0_EL1. */
#define SPI_G0		51

static void guest_group0(void)
{
	struct gic_cpu *c;
	__u64 taken_off, hppir0_off, hppir0, hppir1, iar1, taken_irq_only;

	gic_init_linux(0);
	c = gic_this_cpu();
	gic_irq_setup(SPI_G0, 0x80, true, 0);
	GUEST_SYNC(gic_read_igrpen0());
	/* Group 0 disabled at the CPU interface (Linux leaves it so). */
	gic_irqs_open_for(QUIET_WINDOW);
	taken_off = c->nr_taken;
	hppir0_off = gic_read_hppir0();
	gic_write_igrpen0(1);
	isb();
	hppir0 = gic_read_hppir0();
	hppir1 = gic_read_hppir1();
	iar1 = gic_read_iar1();		/* not group 1's: 1023, no ack */
	/* An FIQ, not an IRQ: nothing with only PSTATE.I clear. */
	local_irq_enable();
	{
		__u64 t0 = guest_ms();

		while (guest_ms() - t0 < QUIET_WINDOW)
			cpu_relax();
	}
	local_irq_disable();
	taken_irq_only = c->nr_taken;
	GUEST_SYNC_ARGS(taken_off, hppir0_off, hppir0, hppir1, iar1,
			taken_irq_only);
	GUEST_ASSERT(gic_wait_ge64(&c->nr_taken, 1, POLL_MS));
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC_ARGS(c->nr_taken, c->nr_fiq, c->nr_irq, gic_read_igrpen0(),
			gic_read_iar0());
	GUEST_DONE();
}

/* WFI: asleep through a disabled and a masked SPI, woken by 52. */
#define SPI_WAKE	52
#define SPI_MASKED	54	/* priority 0xf0 = PMR */
#define SPI_DISABLED	55

static void guest_wfi_spi(void)
{
	__u32 intid, masked, disabled_pend, disabled;

	gic_init_linux(0);
	gic_irq_setup(SPI_WAKE, 0x80, true, 1);
	gic_irq_setup(SPI_MASKED, GIC_PMR_DEFAULT, true, 1);
	gic_irq_setup(SPI_DISABLED, 0x80, true, 1);
	gic_irq_disable(SPI_DISABLED);
	GUEST_SYNC(1);
	wfi();			/* PSTATE.I set: a wake, not a vector */
	intid = gic_read_iar1();
	if (intid < GIC_NR_INTIDS)
		gic_write_eoir1(intid);
	GUEST_SYNC_ARGS(2, intid);
	/* The masked one once PMR allows it. */
	gic_write_pmr(0xf8);
	isb();
	masked = gic_read_iar1();
	if (masked < GIC_NR_INTIDS)
		gic_write_eoir1(masked);
	/* The disabled one is pending, and taken once enabled. */
	disabled_pend = gic_irq_pending(SPI_DISABLED);
	gic_irq_enable(SPI_DISABLED);
	disabled = gic_read_iar1();
	if (disabled < GIC_NR_INTIDS)
		gic_write_eoir1(disabled);
	GUEST_SYNC_ARGS(3, masked, disabled_pend, disabled, gic_read_iar1());
	GUEST_DONE();
}

/* A tight loop with interrupts open, no exit of its own. */
#define SPI_KICK	53

static void guest_tight_loop(void)
{
	struct gic_cpu *c;
	__u64 loops = 0, t0;

	gic_init_linux(0);
	c = gic_this_cpu();
	gic_irq_setup(SPI_KICK, 0x80, true, 1);
	local_irq_enable();
	GUEST_SYNC(1);
	t0 = guest_ms();
	while (!READ_ONCE(c->count[SPI_KICK]) && guest_ms() - t0 < 10000)
		loops++;
	local_irq_disable();
	GUEST_SYNC_ARGS(2, READ_ONCE(c->count[SPI_KICK]), c->nr_taken, loops);
	GUEST_DONE();
}

/* Pending and active bits written by the guest itself. */
static void guest_bits(void)
{
	__u64 pend, hppir, taken, pend2, taken2, act, before;
	struct gic_cpu *c;

	gic_init_linux(0);
	c = gic_this_cpu();
	gic_irq_setup(56, 0x80, true, 1);
	gic_irq_setup(57, 0x80, true, 1);
	gic_irq_setup(58, 0x80, false, 1);	/* level, its line low */
	gic_irq_setup(9, 0x80, true, 1);	/* an SGI */
	/* GICD_ISPENDR: pending, taken once. */
	gic_irq_set_pending(56);
	pend = gic_irq_pending(56);
	hppir = gic_read_hppir1();
	gic_irqs_open_for(QUIET_WINDOW);
	taken = c->count[56];
	/* Set, then cleared by GICD_ICPENDR before it could be taken. */
	gic_irq_set_pending(57);
	gic_irq_clear_pending(57);
	pend2 = gic_irq_pending(57);
	gic_irqs_open_for(QUIET_WINDOW);
	taken2 = c->count[57];
	GUEST_SYNC_ARGS(1, pend, hppir, taken, pend2, taken2);
	/* A level one with its line low: the latch, taken once, consumed. */
	gic_irq_set_pending(58);
	gic_irqs_open_for(QUIET_WINDOW);
	taken = c->count[58];
	pend = gic_irq_pending(58);
	/* An SGI by GICR_ISPENDR0. */
	gic_irq_set_pending(9);
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC_ARGS(2, taken, pend, c->count[9], c->nr_spurious);
	/* Made active by GICD_ISACTIVER: pending and active waits. */
	gicd_write(GICD_ISACTIVER + 4, 1U << (56 - 32));
	gic_irq_set_pending(56);
	act = gic_irq_active(56);
	pend = gic_irq_pending(56);
	hppir = gic_read_hppir1();
	gic_irqs_open_for(QUIET_WINDOW);
	before = c->count[56];
	gicd_write(GICD_ICACTIVER + 4, 1U << (56 - 32));
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC_ARGS(3, act, pend, hppir, before, c->count[56]);
	GUEST_DONE();
}

/* The level line goes high and low while the guest runs, masked. */
static __u32 live_hppir;
static __u32 live_stop;

static void guest_level_live(void)
{
	struct gic_cpu *c;
	__u64 t0;

	gic_init_linux(0);
	c = gic_this_cpu();
	gic_irq_setup(SPI_LEVEL, 0x80, false, 1);
	GUEST_SYNC(1);
	t0 = guest_ms();
	while (!READ_ONCE(live_stop) && guest_ms() - t0 < 4 * POLL_MS)
		WRITE_ONCE(live_hppir, gic_read_hppir1());
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC_ARGS(2, c->nr_taken, gic_read_hppir1(),
			gic_irq_pending(SPI_LEVEL));
	GUEST_DONE();
}

/*
 * States the host must never see a maintenance interrupt in: list
 * registers full with more waiting (UIE), a level interrupt active with
 * LR.EOI, and the same after its line dropped.
 */
#define SPI_MAINT_LEVEL	41

static void guest_maint(void)
{
	struct gic_cpu *c;
	__u32 iar;
	int i;

	gic_init_linux(0);
	c = gic_this_cpu();
	for (i = 0; i < NR_SIX; i++)
		gic_irq_setup(SIX_BASE + i, six_prio[i], true, 1);
	/* At PMR: masked until the six are done. */
	gic_irq_setup(SPI_MAINT_LEVEL, GIC_PMR_DEFAULT, false, 1);
	GUEST_SYNC(1);
	GUEST_SYNC_ARGS(2, gic_read_hppir1());
	GUEST_ASSERT(gic_wait_ge64(&c->nr_taken, NR_SIX, POLL_MS));
	gic_write_pmr(0xf8);
	isb();
	iar = gic_read_iar1();
	GUEST_SYNC_ARGS(3, iar);
	/* EOI with the line still high: pending again at once. */
	gic_write_eoir1(iar);
	isb();
	iar = gic_read_iar1();
	GUEST_SYNC_ARGS(4, iar);
	gic_write_eoir1(iar);
	isb();
	GUEST_SYNC_ARGS(5, gic_read_iar1(), c->nr_taken);
	GUEST_DONE();
}

static void guest_sync_done(void)
{
	GUEST_SYNC(0);
	GUEST_DONE();
}

/* ---- host ------------------------------------------------------------- */

FIXTURE(vgic) {
	struct gvm *vm;
};

FIXTURE_SETUP(vgic)
{
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	install_sigusr1_noop();
	self->vm = vm_create();
	vm_gic_install_handlers(self->vm);
}

FIXTURE_TEARDOWN(vgic)
{
	vm_destroy(self->vm);
}

TEST_F(vgic, linux_init_no_exit_no_rwp_spin)
{
	struct gvcpu *v = three_vcpus(_metadata, self->vm, guest_linux_init);
	unsigned long t2 = exit_count("t2");
	struct gic_init_stats st;
	struct vcpu_event ev;
	struct after a;

	ASSERT_NE(~0UL, t2);
	/* vCPUs first, then the irqchip: they get their frames now. */
	ASSERT_EQ(0, vm_create_gic(self->vm));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	/* The whole sequence: one exit to userspace, the GUEST_SYNC. */
	EXPECT_EQ(t2 + 1, exit_count("t2"));

	sync_global_from_guest(self->vm, init_st);
	st = init_st;
	EXPECT_EQ(PIDR2_GICV3, st.dist_pidr2);
	EXPECT_EQ(TYPER(256), st.dist_typer);
	EXPECT_EQ(0x03480008, st.dist_typer);
	EXPECT_EQ(0, st.dist_typer2);
	EXPECT_EQ(AVCPU_IIDR, st.dist_iidr);
	EXPECT_EQ(PIDR2_GICV3, st.rd_pidr2);
	EXPECT_EQ(AVCPU_IIDR, st.rd_iidr);
	/* Frames by vcpu_id: affinity, Processor_Number, Last on vCPU 2. */
	EXPECT_EQ(3, st.nr_frames);
	EXPECT_EQ(0, st.rd_typer[0]);
	EXPECT_EQ(0x0000000100000100UL, st.rd_typer[1]);
	EXPECT_EQ(0x0102030400000210UL, st.rd_typer[2]);
	EXPECT_EQ(0, st.rd_ctlr[0]);
	EXPECT_EQ(0, st.rd_ctlr[1]);
	EXPECT_EQ(0, st.rd_ctlr[2]);
	EXPECT_EQ(0, st.frame);
	/* The WAKER handshake: asleep at reset, awake at the first read. */
	EXPECT_EQ(GICR_WAKER_PS | GICR_WAKER_CA, st.waker_before);
	EXPECT_EQ(0, st.waker_after);
	EXPECT_EQ(1, st.waker_reads);
	/* RWP: 2 GICD waits, 1 GICR, 8 SGI enables; none ever read 1. */
	EXPECT_EQ(11, st.rwp_waits);
	EXPECT_EQ(st.rwp_waits, st.rwp_reads);
	EXPECT_EQ(7, st.sre);
	EXPECT_EQ(5, st.pribits);
	EXPECT_EQ(0x08, st.group0_pmr);	/* group 0 is ours (DS = 1) */

	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(2, ev.uc.args[0]);
	EXPECT_EQ(t2 + 2, exit_count("t2"));
	sync_global_from_guest(self->vm, after);
	a = after;
	EXPECT_EQ(CTLR_DS_ARE | GICD_CTLR_ENABLE_G1 | GICD_CTLR_ENABLE_G0,
		  a.gicd_ctlr);
	EXPECT_EQ(0x53, a.gicd_ctlr);
	EXPECT_EQ(0, a.igroupr0);
	EXPECT_EQ(0xffffffff, a.igroupr1);
	EXPECT_EQ(0xffffffff, a.igroupr_last);
	EXPECT_EQ(0, a.igroupr_beyond);
	EXPECT_EQ(0, a.icfgr0);
	EXPECT_EQ(0, a.icfgr2);
	EXPECT_EQ(0, a.iprio0);
	EXPECT_EQ(0xa0a0a0a0, a.iprio32);
	EXPECT_EQ(0xa0a0a0a0, a.iprio_last);
	EXPECT_EQ(0, a.isenabler1);
	EXPECT_EQ(0, a.isactiver1);
	EXPECT_EQ(0, a.ispendr1);
	EXPECT_EQ(0, a.irouter32);
	EXPECT_EQ(0, a.irouter_last);
	EXPECT_EQ(ODD_MPIDR, a.irouter40_odd);
	EXPECT_EQ(0x00020304, a.irouter40_lo);
	EXPECT_EQ(0x1, a.irouter40_hi);
	EXPECT_EQ(ODD_MPIDR, a.irouter40_irm);
	EXPECT_EQ(0, a.irouter_sgi);
	EXPECT_EQ(0, a.itargetsr32);
	EXPECT_EQ(0, a.statusr);
	EXPECT_EQ(0, a.unknown);
	EXPECT_EQ(0, a.unknown_wi);
	EXPECT_EQ(GIC_SPURIOUS, a.sgir_iar);
	EXPECT_EQ(0, a.rd_ctlr);
	EXPECT_EQ(0, a.rd_waker);
	EXPECT_EQ(0, a.rd_statusr);
	EXPECT_EQ(0, a.propbaser);
	EXPECT_EQ(0, a.pendbaser);
	EXPECT_EQ(0x210, a.typer2_lo);
	EXPECT_EQ(0x01020304, a.typer2_hi);
	EXPECT_EQ(PIDR2_GICV3, a.sgi_pidr2);
	EXPECT_EQ(0xffffffff, a.sgi_igroupr0);
	EXPECT_EQ(0xff, a.sgi_isenabler0);	/* Linux's IPIs, SGIs 0-7 */
	EXPECT_EQ(0xaaaaaaaa, a.sgi_icfgr0);
	EXPECT_EQ(0, a.sgi_icfgr1);
	EXPECT_EQ(0x8, a.sgi_icfgr1_edge);
	EXPECT_EQ(0xa0a0a0a0, a.sgi_iprio0);
	EXPECT_EQ(0xa0a048a0UL << 8 | 0x48, a.sgi_iprio5_byte);
	EXPECT_EQ(0, a.sgi_isactiver0);
	EXPECT_EQ(0, a.sgi_ispendr0);
	EXPECT_EQ(0, a.sgi_igrpmodr0);
	/* Reset state (as KVM): asleep, SGIs enabled, group 1, priority 0. */
	EXPECT_EQ(GICR_WAKER_PS | GICR_WAKER_CA, a.rd1_waker);
	EXPECT_EQ(0xffff, a.rd1_isenabler0);
	EXPECT_EQ(0xffffffff, a.rd1_igroupr0);
	EXPECT_EQ(0, a.rd1_iprio0);
	EXPECT_EQ(7, a.icc_sre);
	EXPECT_EQ(QEMU_ICC_CTLR, a.icc_ctlr);
	EXPECT_EQ(GIC_PMR_DEFAULT, a.icc_pmr);
	EXPECT_EQ(QEMU_MIN_BPR1, a.icc_bpr1);
	EXPECT_EQ(1, a.icc_igrpen1);
	EXPECT_EQ(0, a.icc_igrpen0);
	EXPECT_EQ(0xff, a.icc_rpr);
	EXPECT_EQ(GIC_SPURIOUS, a.icc_hppir1);
	EXPECT_EQ(GIC_SPURIOUS, a.icc_iar1);
	EXPECT_EQ(0, a.icc_ap1r0);
	EXPECT_EQ(0x0102030400000210UL, a.rd_typer_again);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

/* GICD_TYPER.ITLinesNumber and the SPI range follow nr_spis. */
TEST(typer_follows_nr_spis)
{
	static const __u32 nr[] = { 32, 64, 960 };
	unsigned int i;
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	for (i = 0; i < ARRAY_SIZE(nr); i++) {
		struct gvm *vm = vm_create();
		struct gvcpu *v;
		struct vcpu_event ev;

		ASSERT_EQ(0, vm_create_irqchip(vm, GICD_BASE, GICR_BASE, nr[i]));
		v = vm_vcpu_add(vm, 0, guest_typer);
		vcpu_args_set(v, 1, (__u64)nr[i]);
		ASSERT_UCALL(v, UCALL_SYNC, &ev);
		EXPECT_EQ(TYPER(nr[i]), ev.uc.args[0]) {
			TH_LOG("nr_spis %u", nr[i]);
		}
		EXPECT_EQ(0xffffffff, ev.uc.args[1]);	/* last word's SPIs */
		EXPECT_EQ(0, ev.uc.args[2]);		/* beyond: RAZ/WI */
		EXPECT_EQ(0, ev.uc.args[3]);		/* ICENABLER worked */
		ASSERT_UCALL(v, UCALL_DONE, &ev);
		vm_destroy(vm);
	}
	EXPECT_EQ(0x03480001, TYPER(32));
	EXPECT_EQ(0x0348001e, TYPER(960));
}

/* The record of vCPU 0's handlers. */
static struct gic_cpu *cpu0(struct gvm *vm)
{
	return vm_gic_cpu(vm, 0);
}

TEST_F(vgic, edge_spi_taken_once)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_edge);
	struct gic_cpu *c = cpu0(self->vm);
	struct vcpu_event ev;

	ASSERT_EQ(0, vm_create_gic(self->vm));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	/* The VMM's device: one edge (level 0 afterwards does nothing). */
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_EDGE, 1));
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_EDGE, 0));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(SPI_EDGE, ev.uc.args[0]);	/* ICC_HPPIR1_EL1 */
	EXPECT_EQ(1, ev.uc.args[1]);		/* GICD_ISPENDR */
	EXPECT_EQ(0, ev.uc.args[2]);		/* nothing while masked */
	EXPECT_EQ(1, ev.uc.args[3]);		/* once, no second IRQ */
	EXPECT_EQ(0xff, ev.uc.args[4]);		/* idle after the EOI */
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[5]);
	EXPECT_EQ(1, c->nr_irq);
	EXPECT_EQ(0, c->nr_fiq);
	EXPECT_EQ(0, c->nr_spurious);
	EXPECT_EQ(SPI_EDGE, c->log[0]);
	EXPECT_EQ(0x80, c->log_rpr[0]);		/* its priority, running */
	EXPECT_EQ(1, c->count[SPI_EDGE]);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0, ev.uc.args[0]);		/* not pending */
	EXPECT_EQ(0, ev.uc.args[1]);		/* not active */
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[2]);

	/* Two edges before the guest takes it: one interrupt. */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(2, ev.uc.args[0]);
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_EDGE, 1));
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_EDGE, 0));
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_EDGE, 1));
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_EDGE, 0));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(2, ev.uc.args[0]);

	/* An edge while it is active: taken again after the EOI. */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(3, ev.uc.args[0]);
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_EDGE, 1));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);	/* the hook, in the handler */
	EXPECT_EQ(0xac, ev.uc.args[0]);
	EXPECT_EQ(0, ev.uc.args[1]);		/* active, not pending */
	EXPECT_EQ(1, ev.uc.args[2]);
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_EDGE, 1));
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_EDGE, 0));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(4, ev.uc.args[0]);		/* 1 + 1 + 2 */
	EXPECT_EQ(0, ev.uc.args[1]);
	EXPECT_EQ(0, ev.uc.args[2]);
	EXPECT_EQ(4, c->count[SPI_EDGE]);
	EXPECT_EQ(0, c->nr_spurious);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

TEST_F(vgic, eoimode1_dir_deactivates)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_eoimode1);
	struct vcpu_event ev;

	ASSERT_EQ(0, vm_create_gic(self->vm));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_EDGE, 1));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(QEMU_ICC_CTLR | ICC_CTLR_EOIMODE, ev.uc.args[0]);
	EXPECT_EQ(0x80, ev.uc.args[1]);		/* taken, no EOI yet */
	EXPECT_EQ(1, ev.uc.args[2]);
	EXPECT_EQ(0xff, ev.uc.args[3]);		/* EOIR: priority dropped */
	EXPECT_EQ(1, ev.uc.args[4]);		/* ... still active */
	EXPECT_EQ(0, ev.uc.args[5]);		/* DIR: inactive */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

TEST_F(vgic, level_spi_refires_until_dropped)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_level);
	struct vcpu_event ev;
	int i;

	ASSERT_EQ(0, vm_create_gic(self->vm));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_LEVEL, 1));
	for (i = 1; i <= 3; i++) {
		ASSERT_UCALL(v, UCALL_SYNC, &ev);
		EXPECT_EQ(0x1e, ev.uc.args[0]);
		EXPECT_EQ(SPI_LEVEL, ev.uc.args[1]);
		EXPECT_EQ(i, ev.uc.args[2]);
		/* High and active: active and pending. */
		EXPECT_EQ(1, ev.uc.args[3]);
		EXPECT_EQ(1, ev.uc.args[4]);
		/* Dropped in the third handler, before its EOI. */
		if (i == 3)
			EXPECT_EQ(0, vm_irq_line(self->vm, SPI_LEVEL, 0));
	}
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(2, ev.uc.args[0]);
	EXPECT_EQ(3, ev.uc.args[1]);		/* no fourth */
	EXPECT_EQ(0, ev.uc.args[2]);
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[3]);
	/* High and low again while the guest is out. */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(3, ev.uc.args[0]);
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_LEVEL, 1));
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_LEVEL, 0));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(4, ev.uc.args[0]);
	EXPECT_EQ(0, ev.uc.args[1]);
	EXPECT_EQ(3, ev.uc.args[2]);
	EXPECT_EQ(3, cpu0(self->vm)->count[SPI_LEVEL]);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

TEST_F(vgic, priorities_and_pmr)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_priorities);
	struct gic_cpu *c = cpu0(self->vm);
	struct vcpu_event ev;

	ASSERT_EQ(0, vm_create_gic(self->vm));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	/* The lower priority first. */
	EXPECT_EQ(0, vm_irq_line(self->vm, 42, 1));
	EXPECT_EQ(0, vm_irq_line(self->vm, 43, 1));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(2, ev.uc.args[0]);
	EXPECT_EQ(43, c->log[0]);
	EXPECT_EQ(0x40, c->log_rpr[0]);
	EXPECT_EQ(42, c->log[1]);
	EXPECT_EQ(0x90, c->log_rpr[1]);

	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0x80, ev.uc.args[0]);		/* PMR reads as written */
	EXPECT_EQ(0, vm_irq_line(self->vm, 44, 1));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(44, ev.uc.args[0]);		/* pending, masked */
	EXPECT_EQ(2, ev.uc.args[1]);		/* not taken at PMR 0x80 */
	EXPECT_EQ(0xff, ev.uc.args[2]);
	EXPECT_EQ(0x88, ev.uc.args[3]);
	EXPECT_EQ(3, ev.uc.args[4]);		/* taken at PMR 0x88, once */
	EXPECT_EQ(44, c->log[2]);
	EXPECT_EQ(0x80, c->log_rpr[2]);
	EXPECT_EQ(0, c->nr_spurious);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

TEST_F(vgic, six_pending_more_than_lrs)
{
	static const __u32 order[NR_SIX] = { 48, 50, 46, 49, 47, 45 };
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_six);
	struct gic_cpu *c = cpu0(self->vm);
	struct vcpu_event ev;
	int i;

	ASSERT_EQ(0, vm_create_gic(self->vm));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	for (i = 0; i < NR_SIX; i++)
		EXPECT_EQ(0, vm_irq_line(self->vm, SIX_BASE + i, 1));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(48, ev.uc.args[0]);		/* the highest, 0x10 */
	EXPECT_EQ(NR_SIX, ev.uc.args[1]);	/* all, none twice */
	EXPECT_EQ(0, ev.uc.args[2]);
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[3]);
	for (i = 0; i < NR_SIX; i++) {
		EXPECT_EQ(order[i], c->log[i]) {
			TH_LOG("interrupt %d taken", i);
		}
		EXPECT_EQ(0x10 * (i + 1), c->log_rpr[i]);
		EXPECT_EQ(1, c->count[SIX_BASE + i]);
	}
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

TEST_F(vgic, group0_spi_is_an_fiq)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_group0);
	struct gic_cpu *c = cpu0(self->vm);
	struct vcpu_event ev;

	ASSERT_EQ(0, vm_create_gic(self->vm));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0, ev.uc.args[0]);		/* IGRPEN0 after Linux's init */
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_G0, 1));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0, ev.uc.args[0]);		/* not with IGRPEN0 0 */
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[1]);
	EXPECT_EQ(SPI_G0, ev.uc.args[2]);	/* ICC_HPPIR0_EL1 */
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[3]);	/* ICC_HPPIR1_EL1 */
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[4]);	/* ICC_IAR1_EL1 */
	EXPECT_EQ(0, ev.uc.args[5]);		/* no IRQ */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	EXPECT_EQ(1, ev.uc.args[1]);		/* at the FIQ vector */
	EXPECT_EQ(0, ev.uc.args[2]);
	EXPECT_EQ(1, ev.uc.args[3]);
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[4]);
	EXPECT_EQ(SPI_G0 | GIC_LOG_FIQ, c->log[0]);
	EXPECT_EQ(0x80, c->log_rpr[0]);
	EXPECT_EQ(0, c->nr_spurious);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

TEST_F(vgic, wfi_woken_by_spi_from_another_thread)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_wfi_spi);
	unsigned long wfi = exit_count("wfi");
	struct vcpu_event ev;

	ASSERT_NE(~0UL, wfi);
	ASSERT_EQ(0, vm_create_gic(self->vm));
	vcpu_thread_start(v);
	ASSERT_THREAD_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	expect_waiting(_metadata, v);
	/* Neither a disabled nor a masked SPI wakes it. */
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_DISABLED, 1));
	expect_waiting(_metadata, v);
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_MASKED, 1));
	expect_waiting(_metadata, v);
	EXPECT_LT(wfi, exit_count("wfi"));
	/* From this thread, while the vCPU's thread sleeps in RUN. */
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_WAKE, 1));
	ASSERT_THREAD_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(2, ev.uc.args[0]);
	EXPECT_EQ(SPI_WAKE, ev.uc.args[1]);
	ASSERT_THREAD_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(3, ev.uc.args[0]);
	EXPECT_EQ(SPI_MASKED, ev.uc.args[1]);
	EXPECT_EQ(1, ev.uc.args[2]);
	EXPECT_EQ(SPI_DISABLED, ev.uc.args[3]);
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[4]);
	ASSERT_THREAD_UCALL(v, UCALL_DONE, &ev);
	vcpu_thread_join(v);
}

TEST_F(vgic, irq_line_kicks_a_running_vcpu)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_tight_loop);
	struct vcpu_event ev;

	ASSERT_EQ(0, vm_create_gic(self->vm));
	vcpu_thread_start(v);
	ASSERT_THREAD_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	/* Looping in the guest: no event of its own. */
	expect_waiting(_metadata, v);
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_KICK, 1));
	ASSERT_THREAD_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(2, ev.uc.args[0]);
	EXPECT_EQ(1, ev.uc.args[1]);
	EXPECT_EQ(1, ev.uc.args[2]);
	EXPECT_LT(0, ev.uc.args[3]);
	TH_LOG("%llu loop iterations before the SPI", ev.uc.args[3]);
	ASSERT_THREAD_UCALL(v, UCALL_DONE, &ev);
	vcpu_thread_join(v);
}

TEST_F(vgic, guest_pending_and_active_bits)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_bits);
	struct vcpu_event ev;

	ASSERT_EQ(0, vm_create_gic(self->vm));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	EXPECT_EQ(1, ev.uc.args[1]);		/* ISPENDR set it */
	EXPECT_EQ(56, ev.uc.args[2]);
	EXPECT_EQ(1, ev.uc.args[3]);		/* taken once */
	EXPECT_EQ(0, ev.uc.args[4]);		/* ICPENDR cleared it */
	EXPECT_EQ(0, ev.uc.args[5]);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(2, ev.uc.args[0]);
	EXPECT_EQ(1, ev.uc.args[1]);		/* level latch: once */
	EXPECT_EQ(0, ev.uc.args[2]);		/* ... and consumed */
	EXPECT_EQ(1, ev.uc.args[3]);		/* the SGI */
	EXPECT_EQ(0, ev.uc.args[4]);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(3, ev.uc.args[0]);
	EXPECT_EQ(1, ev.uc.args[1]);		/* active */
	EXPECT_EQ(1, ev.uc.args[2]);		/* and pending */
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[3]);	/* not signalled */
	EXPECT_EQ(1, ev.uc.args[4]);		/* not taken while active */
	EXPECT_EQ(2, ev.uc.args[5]);		/* taken once deactivated */
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

/* Wait until the guest's published HPPIR is @want; 0 or -ETIMEDOUT. */
static int wait_hppir(struct gvm *vm, __u32 want)
{
	__u32 *p = addr_gva2hva(vm, (__u64)&live_hppir);
	int ms;

	for (ms = 0; ms < POLL_MS; ms++) {
		if (__atomic_load_n(p, __ATOMIC_ACQUIRE) == want)
			return 0;
		usleep(1000);
	}
	return -ETIMEDOUT;
}

TEST_F(vgic, level_line_while_the_guest_runs)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_level_live);
	struct vcpu_event ev;

	ASSERT_EQ(0, vm_create_gic(self->vm));
	vcpu_thread_start(v);
	ASSERT_THREAD_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	ASSERT_EQ(0, wait_hppir(self->vm, GIC_SPURIOUS));
	/* High: the running guest sees it pending (masked, not taken). */
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_LEVEL, 1));
	EXPECT_EQ(0, wait_hppir(self->vm, SPI_LEVEL));
	/* Low again before the guest took it: gone. */
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_LEVEL, 0));
	EXPECT_EQ(0, wait_hppir(self->vm, GIC_SPURIOUS));
	__atomic_store_n((__u32 *)addr_gva2hva(self->vm, (__u64)&live_stop),
			 1, __ATOMIC_RELEASE);
	ASSERT_THREAD_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(2, ev.uc.args[0]);
	EXPECT_EQ(0, ev.uc.args[1]);		/* never taken */
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[2]);
	EXPECT_EQ(0, ev.uc.args[3]);
	ASSERT_THREAD_UCALL(v, UCALL_DONE, &ev);
	vcpu_thread_join(v);
}

/* The "avcpu-vgic" line of /proc/interrupts, summed over CPUs; -1 if none. */
static long maint_irqs(void)
{
	char line[512];
	long sum = -1;
	FILE *f = fopen("/proc/interrupts", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *p = strchr(line, ':'), *end;

		if (!p || !strstr(line, "avcpu-vgic"))
			continue;
		for (sum = 0, p++;; p = end) {
			long n = strtol(p, &end, 10);

			if (end == p)
				break;
			sum += n;
		}
	}
	fclose(f);
	return sum;
}

/* The VM is out of RUN: one second without a maintenance interrupt. */
static void expect_host_quiet(struct __test_metadata *_metadata,
			      const char *state)
{
	long before = maint_irqs();

	sleep(1);
	EXPECT_EQ(before, maint_irqs()) {
		TH_LOG("maintenance interrupts in the host, %s", state);
	}
}

TEST_F(vgic, maintenance_irq_quiet_while_host_runs)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_maint);
	struct vcpu_event ev;
	long start;
	int i;

	ASSERT_EQ(0, vm_create_gic(self->vm));
	start = maint_irqs();
	ASSERT_LE(0, start);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	for (i = 0; i < NR_SIX; i++)
		EXPECT_EQ(0, vm_irq_line(self->vm, SIX_BASE + i, 1));
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_MAINT_LEVEL, 1));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(2, ev.uc.args[0]);
	EXPECT_EQ(48, ev.uc.args[1]);
	expect_host_quiet(_metadata, "list registers full, more waiting");
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(3, ev.uc.args[0]);
	EXPECT_EQ(SPI_MAINT_LEVEL, ev.uc.args[1]);
	expect_host_quiet(_metadata, "a level interrupt active, LR.EOI");
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(4, ev.uc.args[0]);
	EXPECT_EQ(SPI_MAINT_LEVEL, ev.uc.args[1]);	/* re-fired */
	EXPECT_EQ(0, vm_irq_line(self->vm, SPI_MAINT_LEVEL, 0));
	expect_host_quiet(_metadata, "active, its line dropped");
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(5, ev.uc.args[0]);
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[1]);
	EXPECT_EQ(NR_SIX, ev.uc.args[2]);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
	expect_host_quiet(_metadata, "after the guest");
	TH_LOG("%ld maintenance interrupts in all", maint_irqs() - start);
}

/* ---- bad input -------------------------------------------------------- */

static int create_irqchip(struct gvm *vm, struct avcpu_irqchip *c)
{
	return ioctl(vm->fd, AVCPU_CREATE_IRQCHIP, c) ? errno : 0;
}

TEST_F(vgic, create_irqchip_errors)
{
	struct avcpu_irqchip ok = { .dist_base = GICD_BASE,
				    .redist_base = GICR_BASE };
	struct avcpu_irqchip c;
	static const __u32 bad_spis[] = {
		1, 16, 31, 33, 100, 990, 992, 1024, 0x80000000, ~0U
	};
	unsigned int i;

	/* One vCPU, so its frame has a place the checks must see. */
	vm_vcpu_add(self->vm, 0, guest_sync_done);
	/* Misaligned (64 KiB). */
	c = ok;
	c.dist_base = GICD_BASE + 0x1000;
	EXPECT_EQ(EINVAL, create_irqchip(self->vm, &c));
	c = ok;
	c.dist_base = GICD_BASE + 0x8000;
	EXPECT_EQ(EINVAL, create_irqchip(self->vm, &c));
	c = ok;
	c.redist_base = GICR_BASE + 0x8000;
	EXPECT_EQ(EINVAL, create_irqchip(self->vm, &c));
	c = ok;
	c.redist_base = GICR_BASE + 4;
	EXPECT_EQ(EINVAL, create_irqchip(self->vm, &c));
	/* The two ranges overlap. */
	c = ok;
	c.redist_base = GICD_BASE;
	EXPECT_EQ(EINVAL, create_irqchip(self->vm, &c));
	c = ok;
	c.dist_base = GICR_BASE + 0x10000;	/* vCPU 0's SGI frame */
	EXPECT_EQ(EINVAL, create_irqchip(self->vm, &c));
	c = ok;
	c.redist_base = GICD_BASE - 0x10000;	/* frame 0 covers GICD */
	EXPECT_EQ(EINVAL, create_irqchip(self->vm, &c));
	/* Beyond the 39-bit IPA space. */
	c = ok;
	c.dist_base = 1UL << AVCPU_IPA_BITS;
	EXPECT_EQ(EINVAL, create_irqchip(self->vm, &c));
	c = ok;
	c.redist_base = 1UL << AVCPU_IPA_BITS;
	EXPECT_EQ(EINVAL, create_irqchip(self->vm, &c));
	c = ok;
	c.redist_base = (1UL << AVCPU_IPA_BITS) - 0x10000;
	EXPECT_EQ(EINVAL, create_irqchip(self->vm, &c));
	c = ok;
	c.dist_base = ~0xffffUL;
	EXPECT_EQ(EINVAL, create_irqchip(self->vm, &c));
	/* nr_spis: 0 (256) or a multiple of 32 up to the maximum. */
	for (i = 0; i < ARRAY_SIZE(bad_spis); i++) {
		c = ok;
		c.nr_spis = bad_spis[i];
		EXPECT_EQ(EINVAL, create_irqchip(self->vm, &c)) {
			TH_LOG("nr_spis %u", bad_spis[i]);
		}
	}
	/* flags and reserved. */
	c = ok;
	c.flags = 1;
	EXPECT_EQ(EINVAL, create_irqchip(self->vm, &c));
	c = ok;
	c.flags = 0x80000000;
	EXPECT_EQ(EINVAL, create_irqchip(self->vm, &c));
	for (i = 0; i < ARRAY_SIZE(c.reserved); i++) {
		c = ok;
		c.reserved[i] = 1UL << 63;
		EXPECT_EQ(EINVAL, create_irqchip(self->vm, &c)) {
			TH_LOG("reserved[%u]", i);
		}
	}
	EXPECT_EQ(-1, ioctl(self->vm->fd, AVCPU_CREATE_IRQCHIP, (void *)8));
	EXPECT_EQ(EFAULT, errno);
	/* None of that created one; this does, once. */
	EXPECT_EQ(ENXIO, -vm_irq_line(self->vm, 32, 1));
	c = ok;
	EXPECT_EQ(0, create_irqchip(self->vm, &c));
	EXPECT_EQ(EEXIST, create_irqchip(self->vm, &c));
	c.nr_spis = 64;
	EXPECT_EQ(EEXIST, create_irqchip(self->vm, &c));
	EXPECT_EQ(0, vm_irq_line(self->vm, 32 + 255, 1));	/* 256 SPIs */
}

TEST_F(vgic, create_irqchip_accepts)
{
	static const __u32 good_spis[] = { 32, 960 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(good_spis); i++) {
		struct gvm *vm = vm_create();

		EXPECT_EQ(0, vm_create_irqchip(vm, GICD_BASE, GICR_BASE,
					       good_spis[i]));
		EXPECT_EQ(0, vm_irq_line(vm, 31 + good_spis[i], 1));
		EXPECT_EQ(-EINVAL, vm_irq_line(vm, 32 + good_spis[i], 1));
		vm_destroy(vm);
	}
	/*
	 * The redistributors below the distributor, as a VMM may lay them
	 * (room for the most vCPUs a VM can have, 512 frames, in between).
	 */
	EXPECT_EQ(0, vm_create_irqchip(self->vm, 0x10000000, 0x08000000, 0));
}

TEST_F(vgic, create_irqchip_after_run_ebusy)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_sync_done);
	struct vcpu_event ev;

	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(-EBUSY, vm_create_gic(self->vm));
	EXPECT_EQ(-ENXIO, vm_irq_line(self->vm, 32, 1));
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

/*
 * AVCPU_CREATE_VCPU: 0 or -errno.  The fd stays open (the vCPU lives as
 * long as it), until the process ends.
 */
static int create_vcpu(struct gvm *vm, __u32 id, __u64 mpidr)
{
	struct avcpu_vcpu_create c = { .vcpu_id = id, .mpidr = mpidr };

	return ioctl(vm->fd, AVCPU_CREATE_VCPU, &c) < 0 ? -errno : 0;
}

TEST_F(vgic, create_vcpu_after_run_ebusy)
{
	struct gvcpu *v;
	struct vcpu_event ev;

	ASSERT_EQ(0, vm_create_gic(self->vm));
	v = vm_vcpu_add(self->vm, 0, guest_sync_done);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(-EBUSY, create_vcpu(self->vm, 1, 1));
	EXPECT_EQ(-EBUSY, create_vcpu(self->vm, 5, 0x100));
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

TEST_F(vgic, aff0_above_15_einval)
{
	struct gvm *vm2 = vm_create();

	/* A vCPU with Aff0 16 first: the irqchip is refused. */
	ASSERT_EQ(0, create_vcpu(vm2, 0, 0x10));
	EXPECT_EQ(-EINVAL, vm_create_gic(vm2));
	vm_destroy(vm2);
	/* The irqchip first: such a vCPU is refused, others are not. */
	ASSERT_EQ(0, vm_create_gic(self->vm));
	EXPECT_EQ(-EINVAL, create_vcpu(self->vm, 0, 0x10));
	EXPECT_EQ(-EINVAL, create_vcpu(self->vm, 1, 0x1ff));
	EXPECT_EQ(-EINVAL, create_vcpu(self->vm, 2, 0x1000020));
	EXPECT_EQ(0, create_vcpu(self->vm, 3, 0xf));
	EXPECT_EQ(0, create_vcpu(self->vm, 4, 0x10f));
	EXPECT_EQ(0, create_vcpu(self->vm, 5, 0xff00ff000fUL));
}

TEST_F(vgic, irq_line_errors)
{
	static const __u32 bad_intid[] = {
		0, 1, 15, 16, 27, 31, 96, 97, 1019, 1020, 1023, 1024,
		0x80000020, ~0U
	};
	struct avcpu_irq_level l = { .intid = 32, .level = 1 };
	unsigned int i;

	/* No irqchip. */
	EXPECT_EQ(-ENXIO, vm_irq_line(self->vm, 32, 1));
	EXPECT_EQ(-ENXIO, vm_irq_line(self->vm, 32, 0));
	ASSERT_EQ(0, vm_create_irqchip(self->vm, GICD_BASE, GICR_BASE, 64));
	/* Not an SPI of this VM (32 .. 95). */
	for (i = 0; i < ARRAY_SIZE(bad_intid); i++) {
		EXPECT_EQ(-EINVAL, vm_irq_line(self->vm, bad_intid[i], 1)) {
			TH_LOG("intid %u", bad_intid[i]);
		}
	}
	EXPECT_EQ(0, vm_irq_line(self->vm, 32, 1));
	EXPECT_EQ(0, vm_irq_line(self->vm, 95, 1));
	EXPECT_EQ(0, vm_irq_line(self->vm, 95, 0));
	/* level 0 or 1 only. */
	EXPECT_EQ(-EINVAL, vm_irq_line(self->vm, 32, 2));
	EXPECT_EQ(-EINVAL, vm_irq_line(self->vm, 32, 0x80000001));
	EXPECT_EQ(-EINVAL, vm_irq_line(self->vm, 32, ~0U));
	/* pad. */
	l.pad = 1;
	EXPECT_EQ(-1, ioctl(self->vm->fd, AVCPU_IRQ_LINE, &l));
	EXPECT_EQ(EINVAL, errno);
	l.pad = 1UL << 63;
	EXPECT_EQ(-1, ioctl(self->vm->fd, AVCPU_IRQ_LINE, &l));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->vm->fd, AVCPU_IRQ_LINE, (void *)8));
	EXPECT_EQ(EFAULT, errno);
}

/* ---- isolation -------------------------------------------------------- */

#define ISO_SPI		40
#define ISO_SGI		3

/*
 * A: its SPI and an SGI to itself pending in its list registers while
 * masked, then one acknowledged and left active, PMR 0xe0; then takes
 * what is left.
 */
static void guest_iso_a(void)
{
	struct gic_cpu *c;
	__u64 hppir, rpr;

	gic_init_linux(0);
	c = gic_this_cpu();
	gic_irq_setup(ISO_SPI, 0x80, true, 1);
	gic_irq_setup(ISO_SGI, 0x40, true, 1);
	gic_write_pmr(0xe0);
	isb();
	GUEST_SYNC(1);		/* the VMM raises A's SPI */
	gic_write_sgi1r(gic_sgi_to(read_sysreg(mpidr_el1), ISO_SGI));
	hppir = gic_read_hppir1();
	GUEST_SYNC_ARGS(2, hppir, gic_irq_pending(ISO_SPI));
	/* Acknowledge the SGI (0x40): active, running priority 0x40. */
	GUEST_ASSERT_EQ(gic_read_iar1(), ISO_SGI);
	rpr = gic_read_rpr();
	GUEST_SYNC_ARGS(3, rpr, gic_read_pmr(), gic_read_hppir1());
	gic_write_eoir1(ISO_SGI);
	isb();
	GUEST_ASSERT(gic_wait_ge(&c->count[ISO_SPI], 1, POLL_MS));
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC_ARGS(4, c->nr_taken, c->count[ISO_SPI], c->count[ISO_SGI],
			gic_read_rpr(), gic_read_pmr());
	GUEST_DONE();
}

/* B: runs while A has all that; sees none of it. */
static void guest_iso_b(void)
{
	struct gic_cpu *c;
	__u64 hppir, iar, rpr, pmr, spend, sgipend;

	gic_init_linux(0);
	c = gic_this_cpu();
	gic_irq_setup(ISO_SPI, 0x80, true, 1);
	gic_irq_setup(ISO_SGI, 0x40, true, 1);
	GUEST_SYNC(1);
	for (;;) {
		hppir = gic_read_hppir1();
		rpr = gic_read_rpr();
		pmr = gic_read_pmr();
		spend = gicd_read(GICD_ISPENDR + 4);
		sgipend = mmio_read32(GICR_SGI(0) + GICR_ISPENDR0);
		gic_irqs_open_for(QUIET_WINDOW);
		iar = gic_read_iar1();
		GUEST_SYNC_ARGS(hppir, rpr, pmr, spend, sgipend,
				iar | c->nr_taken << 32);
	}
}

static void expect_b_sees_nothing(struct __test_metadata *_metadata,
				  struct gvcpu *b)
{
	struct vcpu_event ev;

	ASSERT_UCALL(b, UCALL_SYNC, &ev);
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[0]);	/* HPPIR1 */
	EXPECT_EQ(0xff, ev.uc.args[1]);		/* RPR: nothing active */
	EXPECT_EQ(GIC_PMR_DEFAULT, ev.uc.args[2]); /* its PMR, not A's */
	EXPECT_EQ(0, ev.uc.args[3]);		/* GICD_ISPENDR1 */
	EXPECT_EQ(0, ev.uc.args[4]);		/* GICR_ISPENDR0 */
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[5]);	/* IAR1, nothing taken */
}

TEST(two_vms_one_cpu_isolated)
{
	struct gvm *va, *vb;
	struct gvcpu *a, *b;
	struct vcpu_event ev;
	int cpu, ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	cpu = pin_one_cpu();
	ASSERT_LE(0, cpu);
	TH_LOG("both VMs on CPU %d", cpu);
	va = vm_create();
	vb = vm_create();
	vm_gic_install_handlers(va);
	vm_gic_install_handlers(vb);
	ASSERT_EQ(0, vm_create_gic(va));
	ASSERT_EQ(0, vm_create_gic(vb));
	a = vm_vcpu_add(va, 0, guest_iso_a);
	b = vm_vcpu_add(vb, 0, guest_iso_b);

	ASSERT_UCALL(a, UCALL_SYNC, &ev);
	ASSERT_UCALL(b, UCALL_SYNC, &ev);
	/* A's SPI, raised on A: B runs next and sees nothing. */
	EXPECT_EQ(0, vm_irq_line(va, ISO_SPI, 1));
	expect_b_sees_nothing(_metadata, b);
	/* A: SPI and SGI pending in its list registers, masked. */
	ASSERT_UCALL(a, UCALL_SYNC, &ev);
	EXPECT_EQ(2, ev.uc.args[0]);
	EXPECT_EQ(ISO_SGI, ev.uc.args[1]);
	EXPECT_EQ(1, ev.uc.args[2]);
	expect_b_sees_nothing(_metadata, b);
	/* A: the SGI active, running priority 0x40, PMR 0xe0. */
	ASSERT_UCALL(a, UCALL_SYNC, &ev);
	EXPECT_EQ(3, ev.uc.args[0]);
	EXPECT_EQ(0x40, ev.uc.args[1]);
	EXPECT_EQ(0xe0, ev.uc.args[2]);
	/* HPPIR names the SPI, though it cannot preempt 0x40. */
	EXPECT_EQ(ISO_SPI, ev.uc.args[3]);
	expect_b_sees_nothing(_metadata, b);
	/* A has exactly its own. */
	ASSERT_UCALL(a, UCALL_SYNC, &ev);
	EXPECT_EQ(4, ev.uc.args[0]);
	EXPECT_EQ(1, ev.uc.args[1]);
	EXPECT_EQ(1, ev.uc.args[2]);
	EXPECT_EQ(0, ev.uc.args[3]);		/* the SGI was polled */
	EXPECT_EQ(0xff, ev.uc.args[4]);
	EXPECT_EQ(0xe0, ev.uc.args[5]);
	ASSERT_UCALL(a, UCALL_DONE, &ev);
	/* B's own SPI, after all that: B's and only once. */
	EXPECT_EQ(0, vm_irq_line(vb, ISO_SPI, 1));
	ASSERT_UCALL(b, UCALL_SYNC, &ev);
	EXPECT_EQ(ISO_SPI, ev.uc.args[0]);
	EXPECT_EQ(GIC_SPURIOUS | 1UL << 32, ev.uc.args[5]);
	EXPECT_EQ(1, vm_gic_cpu(vb, 0)->count[ISO_SPI]);
	EXPECT_EQ(0, vm_gic_cpu(vb, 0)->count[ISO_SGI]);
	vm_destroy(va);
	vm_destroy(vb);
}

/* A guest that leaves an edge, a level, an SGI pending and one active. */
static void guest_dies_busy(void)
{
	gic_init_linux(0);
	gic_irq_setup(ISO_SPI, 0x80, true, 1);
	gic_irq_setup(ISO_SPI + 1, 0x80, false, 1);
	gic_irq_setup(ISO_SPI + 2, 0x40, true, 1);
	gic_irq_setup(ISO_SGI, 0x60, true, 1);
	GUEST_SYNC(1);
	GUEST_ASSERT_EQ(gic_read_iar1(), ISO_SPI + 2);	/* left active */
	gic_write_sgi1r(gic_sgi_to(read_sysreg(mpidr_el1), ISO_SGI));
	GUEST_SYNC_ARGS(2, gic_read_hppir1(), gicd_read(GICD_ISPENDR + 4),
			gicd_read(GICD_ISACTIVER + 4),
			mmio_read32(GICR_SGI(0) + GICR_ISPENDR0));
	GUEST_ASSERT(0);
}

/* A new VM: reset state, nothing pending or active anywhere. */
static void guest_fresh(void)
{
	__u32 i, pend = 0, act = 0, en = 0, lines;

	GUEST_SYNC_ARGS(1, gicd_read(GICD_CTLR),
			mmio_read32(GICR_RD(0) + GICR_WAKER),
			mmio_read32(GICR_SGI(0) + GICR_ISPENDR0),
			mmio_read32(GICR_SGI(0) + GICR_ISACTIVER0),
			mmio_read32(GICR_SGI(0) + GICR_ISENABLER0));
	gic_init_linux(0);
	lines = ((gicd_read(GICD_TYPER) & 0x1f) + 1) * 32;
	for (i = 32; i < lines; i += 32) {
		pend |= gicd_read(GICD_ISPENDR + i / 8);
		act |= gicd_read(GICD_ISACTIVER + i / 8);
		en |= gicd_read(GICD_ISENABLER + i / 8);
	}
	GUEST_SYNC_ARGS(2, pend, act, en, gic_read_hppir1(), gic_read_iar1());
	GUEST_SYNC_ARGS(3, gic_read_rpr(),
			mmio_read32(GICR_SGI(0) + GICR_ISPENDR0),
			mmio_read32(GICR_SGI(0) + GICR_ISACTIVER0));
	/* And it works: an SPI of its own. */
	gic_irq_setup(ISO_SPI, 0x80, true, 1);
	GUEST_SYNC(4);
	GUEST_ASSERT(gic_wait_ge(&gic_this_cpu()->count[ISO_SPI], 1,
				 POLL_MS));
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC_ARGS(5, gic_this_cpu()->nr_taken);
	GUEST_DONE();
}

TEST(destroyed_busy_vm_leaves_nothing)
{
	struct gvm *vm;
	struct gvcpu *v;
	struct vcpu_event ev;
	int cpu, round, ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	cpu = pin_one_cpu();
	ASSERT_LE(0, cpu);
	for (round = 0; round < 3; round++) {
		vm = vm_create();
		vm_gic_install_handlers(vm);
		ASSERT_EQ(0, vm_create_gic(vm));
		v = vm_vcpu_add(vm, 0, guest_dies_busy);
		ASSERT_UCALL(v, UCALL_SYNC, &ev);
		EXPECT_EQ(0, vm_irq_line(vm, ISO_SPI, 1));
		EXPECT_EQ(0, vm_irq_line(vm, ISO_SPI + 1, 1));
		EXPECT_EQ(0, vm_irq_line(vm, ISO_SPI + 2, 1));
		ASSERT_UCALL(v, UCALL_SYNC, &ev);
		EXPECT_EQ(ISO_SGI, ev.uc.args[1]);	/* 0x60, then 0x80s */
		EXPECT_EQ(0x3UL << 8, ev.uc.args[2]);
		EXPECT_EQ(0x4UL << 8, ev.uc.args[3]);
		EXPECT_EQ(1U << ISO_SGI, ev.uc.args[4]);
		/* Closed with all that in its list registers. */
		vm_destroy(vm);

		vm = vm_create();
		vm_gic_install_handlers(vm);
		ASSERT_EQ(0, vm_create_gic(vm));
		v = vm_vcpu_add(vm, 0, guest_fresh);
		ASSERT_UCALL(v, UCALL_SYNC, &ev);
		EXPECT_EQ(CTLR_DS_ARE, ev.uc.args[1]);
		EXPECT_EQ(GICR_WAKER_PS | GICR_WAKER_CA, ev.uc.args[2]);
		EXPECT_EQ(0, ev.uc.args[3]);
		EXPECT_EQ(0, ev.uc.args[4]);
		EXPECT_EQ(0xffff, ev.uc.args[5]);
		ASSERT_UCALL(v, UCALL_SYNC, &ev);
		EXPECT_EQ(0, ev.uc.args[1]);
		EXPECT_EQ(0, ev.uc.args[2]);
		EXPECT_EQ(0, ev.uc.args[3]);
		EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[4]);
		EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[5]);
		ASSERT_UCALL(v, UCALL_SYNC, &ev);
		EXPECT_EQ(0xff, ev.uc.args[1]);
		EXPECT_EQ(0, ev.uc.args[2]);
		EXPECT_EQ(0, ev.uc.args[3]);
		ASSERT_UCALL(v, UCALL_SYNC, &ev);
		EXPECT_EQ(0, vm_irq_line(vm, ISO_SPI, 1));
		ASSERT_UCALL(v, UCALL_SYNC, &ev);
		EXPECT_EQ(1, ev.uc.args[1]);
		ASSERT_UCALL(v, UCALL_DONE, &ev);
		vm_destroy(vm);
	}
}

TEST_HARNESS_MAIN
