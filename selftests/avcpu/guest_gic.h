/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest test library's GICv3 (guest_lib.h is the rest of it): a
 * guest that drives the VM's virtual GIC (AVCPU_CREATE_IRQCHIP,
 * Documentation/avcpu.rst "The virtual GIC") as Linux does.
 *
 *  - MMIO accessors for the distributor and the redistributors at QEMU
 *    virt's addresses, which the tests give AVCPU_CREATE_IRQCHIP (the
 *    library maps all of GiB 0 outside the binary as Device memory);
 *  - ICC_* system register accessors (the guest reaches the ICV_* view
 *    of its CPU interface; the SGI registers trap to avcpu);
 *  - gic_dist_init_linux() and gic_cpu_init_linux(): Linux 6.12's
 *    irq-gic-v3.c boot sequence (gic_init_bases: the distributor's ID
 *    registers, gic_update_rdist_properties, gic_dist_init, gic_cpu_init
 *    with gic_populate_rdist, gic_enable_redist and
 *    gic_cpu_sys_reg_init, then the IPIs' enables as gic_smp_init makes
 *    them), counting every RWP poll and WAKER read, so a test can demand
 *    that none of them ever had to spin;
 *  - IRQ and FIQ handlers (guest_gic.c) that acknowledge with
 *    ICC_IAR1_EL1 / ICC_IAR0_EL1, record what they took per vCPU (struct
 *    gic_cpu) and EOI.
 *
 * A vCPU's index (the "idx" the test gives gic_cpu_init_linux(), normally
 * its vcpu_id) is kept in TPIDR_EL1: the handlers find their struct
 * gic_cpu with it.
 */
#ifndef _AVCPU_SELFTEST_GUEST_GIC_H
#define _AVCPU_SELFTEST_GUEST_GIC_H

#include <errno.h>
#include <sys/ioctl.h>
#include "guest_lib.h"

#ifndef BIT
#define BIT(n)			(1UL << (n))
#endif

/* QEMU virt's GICv3 layout (hw/arm/virt.c), as avcpu-run uses it. */
#define GICD_BASE		0x08000000UL
#define GICR_BASE		0x080a0000UL
#define GICR_FRAME_SIZE		0x20000UL	/* RD + SGI frame */
#define GICR_RD(n)		(GICR_BASE + (n) * GICR_FRAME_SIZE)
#define GICR_SGI(n)		(GICR_RD(n) + 0x10000)

/* Distributor registers (GICv3 architecture, 12.9). */
#define GICD_CTLR		0x0000
#define GICD_TYPER		0x0004
#define GICD_IIDR		0x0008
#define GICD_TYPER2		0x000c
#define GICD_STATUSR		0x0010
#define GICD_SETSPI_NSR		0x0040
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_ISPENDR		0x0200
#define GICD_ICPENDR		0x0280
#define GICD_ISACTIVER		0x0300
#define GICD_ICACTIVER		0x0380
#define GICD_IPRIORITYR		0x0400
#define GICD_ITARGETSR		0x0800
#define GICD_ICFGR		0x0c00
#define GICD_IGRPMODR		0x0d00
#define GICD_NSACR		0x0e00
#define GICD_SGIR		0x0f00
#define GICD_IROUTER		0x6000	/* + 8 * INTID, SPIs only */
#define GICD_PIDR2		0xffe8

#define GICD_CTLR_ENABLE_G0	BIT(0)	/* DS = 1: Linux's ENABLE_G1 */
#define GICD_CTLR_ENABLE_G1	BIT(1)	/* DS = 1: Linux's ENABLE_G1A */
#define GICD_CTLR_ARE		BIT(4)
#define GICD_CTLR_DS		BIT(6)
#define GICD_CTLR_RWP		BIT(31)

/* Redistributor, RD frame. */
#define GICR_CTLR		0x0000
#define GICR_IIDR		0x0004
#define GICR_TYPER		0x0008
#define GICR_STATUSR		0x0010
#define GICR_WAKER		0x0014
#define GICR_PROPBASER		0x0070
#define GICR_PENDBASER		0x0078
#define GICR_PIDR2		0xffe8

#define GICR_CTLR_RWP		BIT(3)
#define GICR_TYPER_LAST		BIT(4)
#define GICR_WAKER_PS		BIT(1)	/* ProcessorSleep */
#define GICR_WAKER_CA		BIT(2)	/* ChildrenAsleep */

/* Redistributor, SGI frame (the distributor's offsets, word 0 only). */
#define GICR_IGROUPR0		0x0080
#define GICR_ISENABLER0		0x0100
#define GICR_ICENABLER0		0x0180
#define GICR_ISPENDR0		0x0200
#define GICR_ICPENDR0		0x0280
#define GICR_ISACTIVER0		0x0300
#define GICR_ICACTIVER0		0x0380
#define GICR_IPRIORITYR0	0x0400
#define GICR_ICFGR0		0x0c00
#define GICR_ICFGR1		0x0c04
#define GICR_IGRPMODR0		0x0d00
#define GICR_NSACR		0x0e00

#define GIC_PIDR2_ARCH_MASK	0xf0
#define GIC_PIDR2_ARCH_GICV3	0x30
#define GIC_NR_INTIDS		1020	/* SGIs, PPIs and SPIs: 0..1019 */
#define GIC_SPURIOUS		1023
#define GIC_PRIO_IRQ		0xa0	/* Linux's GICV3_PRIO_IRQ (DS = 1) */
#define GIC_PMR_DEFAULT		0xf0	/* Linux's DEFAULT_PMR_VALUE */

/* ICC_SGI1R_EL1 / ICC_SGI0R_EL1 / ICC_ASGI1R_EL1 fields. */
#define ICC_SGI_TARGETS(l)	((__u64)(l) & 0xffff)
#define ICC_SGI_AFF1(a)		((__u64)((a) & 0xff) << 16)
#define ICC_SGI_INTID(i)	((__u64)((i) & 0xf) << 24)
#define ICC_SGI_AFF2(a)		((__u64)((a) & 0xff) << 32)
#define ICC_SGI_IRM		BIT(40)
#define ICC_SGI_AFF3(a)		((__u64)((a) & 0xff) << 48)

#define MPIDR_AFF0(m)		((m) & 0xff)
#define MPIDR_AFF1(m)		(((m) >> 8) & 0xff)
#define MPIDR_AFF2(m)		(((m) >> 16) & 0xff)
#define MPIDR_AFF3(m)		(((m) >> 32) & 0xff)
#define MPIDR_AFF_MASK		0xff00ffffffUL

/*
 * ICC_SGI1R_EL1 value that sends SGI @intid to the vCPU with MPIDR
 * affinity @mpidr alone (its cluster Aff3.Aff2.Aff1, bit Aff0 of the list).
 */
static inline __u64 gic_sgi_to(__u64 mpidr, __u32 intid)
{
	return ICC_SGI_AFF3(MPIDR_AFF3(mpidr)) |
	       ICC_SGI_AFF2(MPIDR_AFF2(mpidr)) |
	       ICC_SGI_AFF1(MPIDR_AFF1(mpidr)) | ICC_SGI_INTID(intid) |
	       ICC_SGI_TARGETS(1U << MPIDR_AFF0(mpidr));
}

/* GICR_TYPER[63:32]: Aff3.Aff2.Aff1.Aff0 of an MPIDR. */
static inline __u64 gic_typer_aff(__u64 mpidr)
{
	return MPIDR_AFF3(mpidr) << 24 | MPIDR_AFF2(mpidr) << 16 |
	       MPIDR_AFF1(mpidr) << 8 | MPIDR_AFF0(mpidr);
}

#ifndef __ASSEMBLY__

/* ---- guest side ------------------------------------------------------ */

/* Device accesses of each width (one ldr/str with a valid syndrome). */
static inline __u8 mmio_read8(__u64 addr)
{
	__u8 val;

	asm volatile("ldrb %w0, [%1]" : "=r" (val) : "r" (addr) : "memory");
	return val;
}

static inline void mmio_write8(__u64 addr, __u8 val)
{
	asm volatile("strb %w0, [%1]" : : "rZ" (val), "r" (addr) : "memory");
}

static inline void mmio_write64(__u64 addr, __u64 val)
{
	asm volatile("str %x0, [%1]" : : "rZ" (val), "r" (addr) : "memory");
}

static inline __u32 gicd_read(__u32 off)
{
	return mmio_read32(GICD_BASE + off);
}

static inline void gicd_write(__u32 off, __u32 val)
{
	mmio_write32(GICD_BASE + off, val);
}

/* The ICC_* registers, by their architectural names. */
#define gic_read_iar1()		((__u32)read_sysreg(icc_iar1_el1))
#define gic_write_eoir1(v)	write_sysreg(v, icc_eoir1_el1)
#define gic_read_iar0()		((__u32)read_sysreg(icc_iar0_el1))
#define gic_write_eoir0(v)	write_sysreg(v, icc_eoir0_el1)
#define gic_read_hppir1()	((__u32)read_sysreg(icc_hppir1_el1))
#define gic_read_hppir0()	((__u32)read_sysreg(icc_hppir0_el1))
#define gic_write_dir(v)	write_sysreg(v, icc_dir_el1)
#define gic_read_rpr()		((__u32)read_sysreg(icc_rpr_el1))
#define gic_read_pmr()		((__u32)read_sysreg(icc_pmr_el1))
#define gic_write_pmr(v)	write_sysreg(v, icc_pmr_el1)
#define gic_read_bpr1()		((__u32)read_sysreg(icc_bpr1_el1))
#define gic_write_bpr1(v)	write_sysreg(v, icc_bpr1_el1)
#define gic_read_ctlr()		((__u32)read_sysreg(icc_ctlr_el1))
#define gic_write_ctlr(v)	write_sysreg(v, icc_ctlr_el1)
#define gic_read_sre()		((__u32)read_sysreg(icc_sre_el1))
#define gic_write_sre(v)	write_sysreg(v, icc_sre_el1)
#define gic_read_igrpen1()	((__u32)read_sysreg(icc_igrpen1_el1))
#define gic_write_igrpen1(v)	write_sysreg(v, icc_igrpen1_el1)
#define gic_read_igrpen0()	((__u32)read_sysreg(icc_igrpen0_el1))
#define gic_write_igrpen0(v)	write_sysreg(v, icc_igrpen0_el1)
#define gic_read_ap0r0()	((__u32)read_sysreg(icc_ap0r0_el1))
#define gic_read_ap1r0()	((__u32)read_sysreg(icc_ap1r0_el1))

/*
 * SGIs, as Linux sends IPIs: a dsb first, so that what the target reads
 * when it takes the SGI is visible to it, and an isb after, so the SGI
 * has been made before what follows.
 */
static inline void gic_write_sgi1r(__u64 v)
{
	dsb_ish();
	write_sysreg(v, icc_sgi1r_el1);
	isb();
}

static inline void gic_write_sgi0r(__u64 v)
{
	dsb_ish();
	write_sysreg(v, icc_sgi0r_el1);
	isb();
}

static inline void gic_write_asgi1r(__u64 v)
{
	dsb_ish();
	write_sysreg(v, icc_asgi1r_el1);
	isb();
}

#define ICC_CTLR_EOIMODE	BIT(1)
#define ICC_CTLR_PRIBITS(c)	((((c) >> 8) & 7) + 1)
#define ICC_SRE_SRE		BIT(0)

static inline void local_irq_enable(void)
{
	asm volatile("msr daifclr, #2" : : : "memory");
	isb();
}

static inline void local_irq_disable(void)
{
	asm volatile("msr daifset, #2" : : : "memory");
}

/* I and F. */
static inline void local_irqfiq_enable(void)
{
	asm volatile("msr daifclr, #3" : : : "memory");
	isb();
}

static inline void local_irqfiq_disable(void)
{
	asm volatile("msr daifset, #3" : : : "memory");
}

/* What gic_dist_init_linux() and gic_cpu_init_linux() saw. */
struct gic_init_stats {
	__u32 rwp_waits;	/* RWP waits, GICD_CTLR and GICR_CTLR */
	__u32 rwp_reads;	/* CTLR reads in them: == rwp_waits unless it spun */
	__u32 waker_reads;	/* WAKER reads until ChildrenAsleep was 0 */
	__u32 nr_frames;	/* redistributor frames up to Last */
	__u32 frame;		/* this vCPU's, ~0: none had its affinity */
	__u32 pribits;		/* ICC_CTLR_EL1.PRIbits + 1 */
	__u64 dist_pidr2, dist_typer, dist_typer2, dist_iidr;
	__u64 rd_pidr2, rd_iidr;
	__u64 rd_typer[GUEST_MAX_VCPUS];	/* 64-bit reads, frame order */
	__u64 rd_ctlr[GUEST_MAX_VCPUS];
	__u64 waker_before, waker_after;
	__u64 sre;		/* ICC_SRE_EL1 after setting SRE */
	__u64 group0_pmr;	/* gic_has_group0()'s PMR probe, read back */
};

/*
 * Linux's gic_dist_init() (and the ID reads before it); boot vCPU only.
 * Both add to the counters of @st, which start at 0.
 */
void gic_dist_init_linux(struct gic_init_stats *st);
/*
 * Linux's gic_cpu_init() on this vCPU, then the enables of SGIs 0..7
 * (Linux's IPIs, gic_smp_init) with their RWP waits.  @idx: the vCPU's
 * index for struct gic_cpu (kept in TPIDR_EL1).  0, or -1 when no
 * redistributor has this vCPU's affinity.
 */
int gic_cpu_init_linux(__u32 idx, struct gic_init_stats *st);
/* Both, on the boot vCPU, with a throw-away record. */
void gic_init_linux(__u32 idx);

/* This vCPU's redistributor (found by gic_cpu_init_linux()). */
__u64 gic_rd_base(void);

/*
 * Per-interrupt configuration, as irq-gic-v3.c makes it: SGIs and PPIs in
 * this vCPU's SGI frame, SPIs in the distributor; enables and disables
 * wait for RWP (counted in this vCPU's struct gic_cpu).
 */
void gic_irq_set_priority(__u32 intid, __u8 prio);	/* byte access */
void gic_irq_set_edge(__u32 intid, bool edge);		/* reads back */
void gic_irq_set_group(__u32 intid, __u32 group);
void gic_irq_enable(__u32 intid);
void gic_irq_disable(__u32 intid);
void gic_irq_set_pending(__u32 intid);
void gic_irq_clear_pending(__u32 intid);
bool gic_irq_pending(__u32 intid);
bool gic_irq_active(__u32 intid);
/* All of it: priority, trigger, group, then enabled. */
void gic_irq_setup(__u32 intid, __u8 prio, bool edge, __u32 group);
/* SPI routing (64-bit GICD_IROUTER). */
void gic_spi_route(__u32 intid, __u64 mpidr);

/*
 * What the library's handlers took on one vCPU.  Written only by that
 * vCPU's handlers; other vCPUs and the host read it.
 */
#define GIC_LOG_LEN		64
#define GIC_LOG_FIQ		0x80000000U	/* log[]: taken as an FIQ */

struct gic_cpu {
	__u64 rd_base;			/* its RD frame */
	__u64 nr_taken;			/* IRQs + FIQs acknowledged */
	__u64 nr_irq, nr_fiq;		/* exceptions taken */
	__u64 nr_spurious;		/* of which IAR read 1023 */
	__u32 log[GIC_LOG_LEN];		/* the first INTIDs, | GIC_LOG_FIQ */
	__u8 log_rpr[GIC_LOG_LEN];	/* ICC_RPR_EL1 after each IAR */
	__u32 count[GIC_NR_INTIDS];	/* acknowledged, per INTID */
	__u32 no_eoi;			/* set: the handler does not EOI */
	/* RWP waits of gic_irq_enable/disable on this vCPU, as in init */
	__u32 rwp_waits, rwp_reads;
};

extern struct gic_cpu gic_cpus[GUEST_MAX_VCPUS];
/*
 * Called by the handlers after the acknowledge and before the EOI (set
 * by the guest or the host; a guest function's address is the same in
 * both).
 */
extern void (*gic_irq_hook)(__u32 intid, bool fiq);

static inline struct gic_cpu *gic_this_cpu(void)
{
	return &gic_cpus[read_sysreg(tpidr_el1) % GUEST_MAX_VCPUS];
}

static inline __u32 gic_count(__u32 cpu, __u32 intid)
{
	return READ_ONCE(gic_cpus[cpu].count[intid]);
}

/*
 * Wait with interrupts masked until *@p >= @val, taking interrupts
 * between WFIs (a pending interrupt ends a WFI even while masked, so
 * none can slip in between the check and the WFI).  false after
 * @timeout_ms without it (only if something else wakes the vCPU).
 */
bool gic_wait_ge(const __u32 *p, __u32 val, __u64 timeout_ms);
bool gic_wait_ge64(const __u64 *p, __u64 val, __u64 timeout_ms);
/* The same until *@p != @old; returns the new value (@old on timeout). */
__u32 gic_wait_ne(const __u32 *p, __u32 old, __u64 timeout_ms);
/*
 * For what another vCPU changes without interrupting this one: a busy
 * loop with interrupts unmasked until *@p >= @val; false on timeout.
 */
bool gic_poll_ge(const __u32 *p, __u32 val, __u64 timeout_ms);
/* Interrupts unmasked for @ms (a busy loop: no WFI), then masked again. */
void gic_irqs_open_for(__u64 ms);
/* Take whatever is pending now, then mask again. */
void gic_take_pending(void);

/* ---- host side ------------------------------------------------------- */

/* AVCPU_CREATE_IRQCHIP; 0 or -errno. */
static inline int vm_create_irqchip(struct gvm *vm, __u64 dist, __u64 redist,
				    __u32 nr_spis)
{
	struct avcpu_irqchip c = {
		.dist_base = dist,
		.redist_base = redist,
		.nr_spis = nr_spis,
	};

	return ioctl(vm->fd, AVCPU_CREATE_IRQCHIP, &c) ? -errno : 0;
}

/* The QEMU virt layout, default SPI count. */
static inline int vm_create_gic(struct gvm *vm)
{
	return vm_create_irqchip(vm, GICD_BASE, GICR_BASE, 0);
}

/* AVCPU_IRQ_LINE; 0 or -errno. */
static inline int vm_irq_line(struct gvm *vm, __u32 intid, __u32 level)
{
	struct avcpu_irq_level l = { .intid = intid, .level = level };

	return ioctl(vm->fd, AVCPU_IRQ_LINE, &l) ? -errno : 0;
}

/* The library's handlers at the EL1h IRQ and FIQ vectors of @vm. */
void vm_gic_install_handlers(struct gvm *vm);

/* @vm's copy of vCPU @idx's record (live: the guest writes it). */
static inline struct gic_cpu *vm_gic_cpu(struct gvm *vm, __u32 idx)
{
	return addr_gva2hva(vm, (__u64)&gic_cpus[idx]);
}

#endif /* __ASSEMBLY__ */
#endif /* _AVCPU_SELFTEST_GUEST_GIC_H */
