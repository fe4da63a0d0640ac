// SPDX-License-Identifier: GPL-2.0
/*
 * The guest test library's GICv3 (guest_gic.h): Linux's irq-gic-v3.c boot
 * sequence with its RWP polls counted, per-interrupt configuration, and
 * IRQ/FIQ handlers that record what they take.  Everything above the host
 * part runs in the guest: no libc, no system calls.
 */
#include "guest_gic.h"

#define fallthrough	__attribute__((__fallthrough__))

/* Guest data: each VM has its own copy. */
struct gic_cpu gic_cpus[GUEST_MAX_VCPUS];
void (*gic_irq_hook)(__u32 intid, bool fiq);

/*
 * Linux polls RWP with readl_relaxed_poll_timeout_atomic(), by iteration
 * count; a bit that never clears costs it ~10^6 reads.  Here a stuck bit
 * stops after RWP_MAX_READS, which the counters then show.
 */
#define RWP_MAX_READS	1000
#define WAKER_MAX_READS	1000

static void wait_for_rwp(__u64 ctlr, __u32 bit, __u32 *waits, __u32 *reads)
{
	__u32 n = 0;

	(*waits)++;
	do {
		n++;
	} while ((mmio_read32(ctlr) & bit) && n < RWP_MAX_READS);
	*reads += n;
}

static __u64 this_affinity(void)
{
	return read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
}

/* GIC_LINE_NR: SPIs and below, as GICD_TYPER.ITLinesNumber says. */
static __u32 gic_lines(void)
{
	__u32 n = ((gicd_read(GICD_TYPER) & 0x1f) + 1) * 32;

	return n > GIC_NR_INTIDS ? GIC_NR_INTIDS : n;
}

/*
 * gic_iterate_rdists(): from the region's PIDR2, each frame's 64-bit
 * TYPER until Last.  Records every frame and returns the index of the one
 * with @aff (GICR_TYPER[63:32]), or ~0.  Linux's first walk
 * (gic_update_rdist_properties) also reads each frame's CTLR.
 */
static __u32 iterate_rdists(struct gic_init_stats *st, __u64 aff, bool ctlr)
{
	__u32 i, found = ~0U;
	__u64 typer;

	st->rd_pidr2 = mmio_read32(GICR_BASE + GICR_PIDR2);
	if ((st->rd_pidr2 & GIC_PIDR2_ARCH_MASK) != GIC_PIDR2_ARCH_GICV3)
		return ~0U;
	for (i = 0; i < GUEST_MAX_VCPUS; i++) {
		typer = mmio_read64(GICR_RD(i) + GICR_TYPER);
		st->rd_typer[i] = typer;
		if (ctlr)
			st->rd_ctlr[i] = mmio_read32(GICR_RD(i) + GICR_CTLR);
		if (found == ~0U && (typer >> 32) == aff)
			found = i;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	st->nr_frames = i + 1;
	return found;
}

void gic_dist_init_linux(struct gic_init_stats *st)
{
	__u32 i, lines;
	__u64 aff = this_affinity();

	/* gic_validate_dist_version(), gic_init_bases() */
	st->dist_pidr2 = gicd_read(GICD_PIDR2);
	st->dist_typer = gicd_read(GICD_TYPER);
	st->dist_iidr = gicd_read(GICD_IIDR);
	st->dist_typer2 = gicd_read(GICD_TYPER2);
	lines = gic_lines();
	/* gic_update_rdist_properties() */
	iterate_rdists(st, ~0UL, true);
	/* gic_cpu_sys_reg_enable(): gic_enable_sre() */
	gic_write_sre(gic_read_sre() | ICC_SRE_SRE);
	isb();
	st->sre = gic_read_sre();
	/* gic_prio_init(): gic_dist_security_disabled() */
	(void)gicd_read(GICD_CTLR);

	/* gic_dist_init() */
	gicd_write(GICD_CTLR, 0);
	wait_for_rwp(GICD_BASE + GICD_CTLR, GICD_CTLR_RWP, &st->rwp_waits,
		     &st->rwp_reads);
	for (i = 32; i < lines; i += 32)
		gicd_write(GICD_IGROUPR + i / 8, ~0U);
	/* gic_dist_config(): level, priority, deactivate and disable */
	for (i = 32; i < lines; i += 16)
		gicd_write(GICD_ICFGR + i / 4, 0);
	for (i = 32; i < lines; i += 4)
		gicd_write(GICD_IPRIORITYR + i, GIC_PRIO_IRQ * 0x01010101U);
	for (i = 32; i < lines; i += 32) {
		gicd_write(GICD_ICACTIVER + i / 8, ~0U);
		gicd_write(GICD_ICENABLER + i / 8, ~0U);
	}
	/* ARE_NS | ENABLE_G1A | ENABLE_G1, Linux's names for bits 4, 1, 0 */
	gicd_write(GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1 |
		   GICD_CTLR_ENABLE_G0);
	wait_for_rwp(GICD_BASE + GICD_CTLR, GICD_CTLR_RWP, &st->rwp_waits,
		     &st->rwp_reads);
	for (i = 32; i < lines; i++)
		mmio_write64(GICD_BASE + GICD_IROUTER + i * 8, aff);
}

int gic_cpu_init_linux(__u32 idx, struct gic_init_stats *st)
{
	__u64 mpidr = read_sysreg(mpidr_el1), rd, sgi;
	struct gic_cpu *c = &gic_cpus[idx % GUEST_MAX_VCPUS];
	__u32 i, waker, n, old_pmr;

	write_sysreg(idx, tpidr_el1);
	/* gic_populate_rdist() */
	st->frame = iterate_rdists(st, gic_typer_aff(mpidr), false);
	if (st->frame == ~0U)
		return -1;
	rd = GICR_RD(st->frame);
	sgi = rd + 0x10000;
	c->rd_base = rd;
	st->rd_iidr = mmio_read32(rd + GICR_IIDR);

	/* gic_enable_redist(true) */
	waker = mmio_read32(rd + GICR_WAKER);
	st->waker_before = waker;
	mmio_write32(rd + GICR_WAKER, waker & ~GICR_WAKER_PS);
	n = 0;
	do {
		waker = mmio_read32(rd + GICR_WAKER);
		n++;
	} while ((waker & GICR_WAKER_CA) && n < WAKER_MAX_READS);
	st->waker_reads = n;
	st->waker_after = waker;

	/* gic_cpu_init(): SGIs and PPIs group 1; gic_cpu_config() */
	mmio_write32(sgi + GICR_IGROUPR0, ~0U);
	mmio_write32(sgi + GICR_ICACTIVER0, ~0U);
	mmio_write32(sgi + GICR_ICENABLER0, ~0U);
	for (i = 0; i < 32; i += 4)
		mmio_write32(sgi + GICR_IPRIORITYR0 + i,
			     GIC_PRIO_IRQ * 0x01010101U);
	wait_for_rwp(rd + GICR_CTLR, GICR_CTLR_RWP, &st->rwp_waits,
		     &st->rwp_reads);

	/* gic_cpu_sys_reg_init() */
	st->pribits = ICC_CTLR_PRIBITS(gic_read_ctlr());
	/* gic_has_group0() */
	old_pmr = gic_read_pmr();
	gic_write_pmr(1U << (8 - st->pribits));
	st->group0_pmr = gic_read_pmr();
	gic_write_pmr(old_pmr);
	gic_write_pmr(GIC_PMR_DEFAULT);
	gic_write_bpr1(0);
	gic_write_ctlr(0);	/* EOImode_drop_dir: not at EL2 */
	/* Only the active-priority registers PRIbits implies exist. */
	if (st->group0_pmr) {
		switch (st->pribits) {
		case 8:
		case 7:
			write_sysreg(0, icc_ap0r3_el1);
			write_sysreg(0, icc_ap0r2_el1);
			fallthrough;
		case 6:
			write_sysreg(0, icc_ap0r1_el1);
			fallthrough;
		case 5:
		case 4:
			write_sysreg(0, icc_ap0r0_el1);
		}
		isb();
	}
	switch (st->pribits) {
	case 8:
	case 7:
		write_sysreg(0, icc_ap1r3_el1);
		write_sysreg(0, icc_ap1r2_el1);
		fallthrough;
	case 6:
		write_sysreg(0, icc_ap1r1_el1);
		fallthrough;
	case 5:
	case 4:
		write_sysreg(0, icc_ap1r0_el1);
	}
	isb();
	gic_write_igrpen1(1);
	(void)gic_read_ctlr();	/* the RSS check */

	/* gic_smp_init(): the IPIs' enables, each with its RWP wait */
	for (i = 0; i < 8; i++) {
		mmio_write32(sgi + GICR_ISENABLER0, 1U << i);
		wait_for_rwp(rd + GICR_CTLR, GICR_CTLR_RWP, &st->rwp_waits,
			     &st->rwp_reads);
	}
	return 0;
}

static struct gic_init_stats gic_throwaway;

void gic_init_linux(__u32 idx)
{
	gic_dist_init_linux(&gic_throwaway);
	GUEST_ASSERT_EQ(gic_cpu_init_linux(idx, &gic_throwaway), 0);
}

__u64 gic_rd_base(void)
{
	return gic_this_cpu()->rd_base;
}

/* The frame that holds @intid's bits: this vCPU's SGI frame, or GICD. */
static __u64 irq_base(__u32 intid)
{
	return intid < 32 ? gic_rd_base() + 0x10000 : GICD_BASE;
}

static void irq_rwp(__u32 intid)
{
	struct gic_cpu *c = gic_this_cpu();

	if (intid < 32)
		wait_for_rwp(gic_rd_base() + GICR_CTLR, GICR_CTLR_RWP,
			     &c->rwp_waits, &c->rwp_reads);
	else
		wait_for_rwp(GICD_BASE + GICD_CTLR, GICD_CTLR_RWP,
			     &c->rwp_waits, &c->rwp_reads);
}

static __u64 bit_reg(__u32 intid, __u32 off)
{
	return irq_base(intid) + off + (intid / 32) * 4;
}

void gic_irq_set_priority(__u32 intid, __u8 prio)
{
	mmio_write8(irq_base(intid) + GICD_IPRIORITYR + intid, prio);
}

void gic_irq_set_edge(__u32 intid, bool edge)
{
	__u64 reg = irq_base(intid) + GICD_ICFGR + (intid / 16) * 4;
	__u32 bit = 2U << ((intid % 16) * 2), val;

	val = mmio_read32(reg);
	val = edge ? val | bit : val & ~bit;
	mmio_write32(reg, val);
	/* gic_configure_irq() fails the interrupt on a mismatch. */
	GUEST_ASSERT_EQ(mmio_read32(reg), val);
}

void gic_irq_set_group(__u32 intid, __u32 group)
{
	__u64 reg = bit_reg(intid, GICD_IGROUPR);
	__u32 bit = 1U << (intid % 32), val = mmio_read32(reg);

	mmio_write32(reg, group ? val | bit : val & ~bit);
}

void gic_irq_enable(__u32 intid)
{
	mmio_write32(bit_reg(intid, GICD_ISENABLER), 1U << (intid % 32));
	irq_rwp(intid);
}

void gic_irq_disable(__u32 intid)
{
	mmio_write32(bit_reg(intid, GICD_ICENABLER), 1U << (intid % 32));
	irq_rwp(intid);
}

void gic_irq_set_pending(__u32 intid)
{
	mmio_write32(bit_reg(intid, GICD_ISPENDR), 1U << (intid % 32));
}

void gic_irq_clear_pending(__u32 intid)
{
	mmio_write32(bit_reg(intid, GICD_ICPENDR), 1U << (intid % 32));
}

bool gic_irq_pending(__u32 intid)
{
	return mmio_read32(bit_reg(intid, GICD_ISPENDR)) &
	       (1U << (intid % 32));
}

bool gic_irq_active(__u32 intid)
{
	return mmio_read32(bit_reg(intid, GICD_ISACTIVER)) &
	       (1U << (intid % 32));
}

void gic_irq_setup(__u32 intid, __u8 prio, bool edge, __u32 group)
{
	gic_irq_set_priority(intid, prio);
	if (intid >= 16)	/* SGIs are always edge (ICFGR0 is RO) */
		gic_irq_set_edge(intid, edge);
	gic_irq_set_group(intid, group);
	gic_irq_enable(intid);
}

void gic_spi_route(__u32 intid, __u64 mpidr)
{
	mmio_write64(GICD_BASE + GICD_IROUTER + intid * 8,
		     mpidr & MPIDR_AFF_MASK);
}

/* Both handlers: acknowledge, record, hook, EOI (EOImode 0). */
static void gic_take(bool fiq)
{
	struct gic_cpu *c = gic_this_cpu();
	__u32 intid = fiq ? gic_read_iar0() : gic_read_iar1();
	__u64 n;

	if (fiq)
		WRITE_ONCE(c->nr_fiq, c->nr_fiq + 1);
	else
		WRITE_ONCE(c->nr_irq, c->nr_irq + 1);
	if (intid >= GIC_NR_INTIDS) {
		WRITE_ONCE(c->nr_spurious, c->nr_spurious + 1);
		return;
	}
	n = c->nr_taken;
	if (n < GIC_LOG_LEN) {
		c->log[n] = intid | (fiq ? GIC_LOG_FIQ : 0);
		c->log_rpr[n] = gic_read_rpr();
	}
	WRITE_ONCE(c->count[intid], c->count[intid] + 1);
	/* Readers poll nr_taken: the log entry and count before it. */
	__atomic_store_n(&c->nr_taken, n + 1, __ATOMIC_RELEASE);
	if (gic_irq_hook)
		gic_irq_hook(intid, fiq);
	if (c->no_eoi)
		return;
	if (fiq)
		gic_write_eoir0(intid);
	else
		gic_write_eoir1(intid);
	isb();
}

static void gic_irq_handler(struct ex_regs *regs)
{
	gic_take(false);
}

static void gic_fiq_handler(struct ex_regs *regs)
{
	gic_take(true);
}

void gic_take_pending(void)
{
	asm volatile("msr daifclr, #3" : : : "memory");
	isb();
	asm volatile("msr daifset, #3" : : : "memory");
}

/*
 * The masked wait: check with interrupts masked, WFI (which a pending
 * interrupt ends, masked or not), take what is pending, check again.
 */
#define WAIT_MASKED(cond, timeout_ms) ({				\
	__u64 __daif = read_sysreg(daif), __t0 = guest_ms();		\
	bool __ok;							\
									\
	asm volatile("msr daifset, #3" : : : "memory");		\
	for (;;) {							\
		gic_take_pending();					\
		__ok = (cond);						\
		if (__ok || guest_ms() - __t0 >= (timeout_ms))		\
			break;						\
		wfi();							\
	}								\
	write_sysreg(__daif, daif);					\
	__ok;								\
})

bool gic_wait_ge(const __u32 *p, __u32 val, __u64 timeout_ms)
{
	return WAIT_MASKED(__atomic_load_n(p, __ATOMIC_ACQUIRE) >= val,
			   timeout_ms);
}

bool gic_wait_ge64(const __u64 *p, __u64 val, __u64 timeout_ms)
{
	return WAIT_MASKED(__atomic_load_n(p, __ATOMIC_ACQUIRE) >= val,
			   timeout_ms);
}

__u32 gic_wait_ne(const __u32 *p, __u32 old, __u64 timeout_ms)
{
	__u32 v = old;

	WAIT_MASKED((v = __atomic_load_n(p, __ATOMIC_ACQUIRE)) != old,
		    timeout_ms);
	return v;
}

bool gic_poll_ge(const __u32 *p, __u32 val, __u64 timeout_ms)
{
	__u64 daif = read_sysreg(daif), t0 = guest_ms();
	bool ok;

	local_irqfiq_enable();
	while (!(ok = __atomic_load_n(p, __ATOMIC_ACQUIRE) >= val) &&
	       guest_ms() - t0 < timeout_ms)
		cpu_relax();
	write_sysreg(daif, daif);
	return ok;
}

void gic_irqs_open_for(__u64 ms)
{
	__u64 t0 = guest_ms();

	local_irqfiq_enable();
	while (guest_ms() - t0 < ms)
		cpu_relax();
	local_irqfiq_disable();
}

/* ---- host side ------------------------------------------------------- */

void vm_gic_install_handlers(struct gvm *vm)
{
	vm_install_exception_handler(vm, VECTOR_IRQ_CURRENT, gic_irq_handler);
	vm_install_exception_handler(vm, VECTOR_FIQ_CURRENT, gic_fiq_handler);
}
