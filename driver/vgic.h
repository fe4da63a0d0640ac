/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu: the virtual GICv3, KVM's arch/arm64/kvm/vgic/ in small.
 *
 *   driver/vgic.c          the irqchip of a VM: AVCPU_CREATE_IRQCHIP,
 *                          AVCPU_IRQ_LINE, vCPUs joining and leaving, the
 *                          guest's MMIO and SGI traps, kicks, WFI wakes,
 *                          the maintenance interrupt
 *   driver/vgic_mmio_v3.c  the distributor's and redistributors' registers
 *   driver/vgic_lr.c       pending interrupts into list registers before
 *                          an entry, their state back after the exit
 *   lib/vgic_sr.c          EL2: the list registers and ICH_HCR_EL2 in the
 *                          world switch (struct avcpu_hyp_vgic)
 *
 * One lock per VM (struct avcpu_vgic.lock) covers every interrupt's state,
 * the distributor and every redistributor: a VM has a handful of vCPUs,
 * and one lock keeps each decision (is it pending, enabled, whose list
 * registers hold it) simple to get right.  Lock order: vgic lock, then
 * the VM's psci lock (a kick).
 *
 * The register emulation and the list-register logic only change state
 * and mark the vCPUs that must look at it again (avcpu_vgic_cpu.kick);
 * driver/vgic.c kicks them.  Both files are pure enough for KUnit to
 * build them alone (selftests/avcpu/kunit/).
 */
#ifndef _AVCPU_DRIVER_VGIC_H
#define _AVCPU_DRIVER_VGIC_H

#include <linux/spinlock.h>
#include <linux/types.h>
#include <avcpu/hyp_abi.h>

#define AVCPU_VGIC_NR_SGIS	16
#define AVCPU_VGIC_NR_PRIVATE	32	/* SGIs and PPIs */
#define AVCPU_VGIC_MAX_VCPUS	512	/* vcpu_id 0..511 */
/* GICD_CTLR (DS = 1 view) */
#define AVCPU_GICD_CTLR_ENABLE_G0	BIT(0)
#define AVCPU_GICD_CTLR_ENABLE_G1	BIT(1)
#define AVCPU_GICD_CTLR_ARE		BIT(4)
#define AVCPU_GICD_CTLR_DS		BIT(6)
/* IROUTER / MPIDR affinity: Aff3 [39:32], Aff2..Aff0 [23:0] */
#define AVCPU_VGIC_AFF_MASK		0xff00ffffffULL

struct avcpu_vcpu;
struct avcpu_vgic_cpu;

/* One interrupt: an SGI or PPI of one vCPU, or an SPI of the VM. */
struct avcpu_vgic_irq {
	u32 intid;
	u8 priority;		/* the 5 bits KVM keeps (0xf8) */
	bool group;		/* 1: group 1 (IRQ), 0: group 0 (FIQ) */
	bool edge;		/* GICD_ICFGR: edge-triggered */
	bool enabled;
	bool pending_latch;	/* an edge, or GICD_ISPENDR */
	bool line_level;	/* level-sensitive: the input line */
	bool active;
	/*
	 * A host PPI linked to it (LR.HW): the guest's deactivation ends
	 * that one too (the virtual timer's, driver/timer.c).  0: none.
	 */
	u32 hwintid;
	/* SPIs: IROUTER's affinity, and the vCPU it names (or NULL) */
	u64 mpidr;
	/* Private: the owner.  SPIs: the target.  NULL: nobody. */
	struct avcpu_vgic_cpu *target;
	/* Between flush and fold: in these list registers (vgic_lr.c). */
	struct avcpu_vgic_cpu *on_lr;
	/*
	 * Active on this vCPU (its guest acknowledged it there): it stays
	 * that vCPU's until the guest ends it, whatever IROUTER says now
	 * (KVM's vgic_target_oracle()).
	 */
	struct avcpu_vgic_cpu *active_on;
};

/* One vCPU's part: its redistributor and its private interrupts. */
struct avcpu_vgic_cpu {
	struct avcpu_vcpu *vcpu;	/* NULL in KUnit */
	u32 vcpu_id;
	u64 mpidr;			/* Aff fields */
	bool sleep;			/* GICR_WAKER.ProcessorSleep */
	/* Something changed that this vCPU must see: kick it. */
	bool kick;
	struct avcpu_vgic_irq priv[AVCPU_VGIC_NR_PRIVATE];
	/* vgic_lr.c: what lr[i] of struct avcpu_hyp_vgic holds */
	struct avcpu_vgic_irq *lr_irq[AVCPU_HYP_MAX_LR];
	unsigned int nr_lr_used;
};

/* A VM's irqchip (AVCPU_CREATE_IRQCHIP). */
struct avcpu_vgic {
	spinlock_t lock;		/* everything below, every vCPU's part */
	u64 dist_base;
	u64 redist_base;
	u32 nr_spis;
	u32 ctlr;			/* AVCPU_GICD_CTLR_ENABLE_G* */
	/* vCPUs by vcpu_id; the highest one's frame is GICR_TYPER.Last. */
	struct avcpu_vgic_cpu *cpus[AVCPU_VGIC_MAX_VCPUS];
	int last_vcpu_id;		/* -1: none */
	struct avcpu_vgic_cpu hole;	/* read for frames without a vCPU */
	struct avcpu_vgic_irq spis[];	/* nr_spis, INTID 32 up */
};

/* A level interrupt is pending while its line is high or latched. */
static inline bool avcpu_vgic_irq_pending(const struct avcpu_vgic_irq *irq)
{
	return irq->pending_latch || (!irq->edge && irq->line_level);
}

static inline bool avcpu_vgic_group_enabled(const struct avcpu_vgic *d,
					    const struct avcpu_vgic_irq *irq)
{
	return d->ctlr & (irq->group ? AVCPU_GICD_CTLR_ENABLE_G1 :
				       AVCPU_GICD_CTLR_ENABLE_G0);
}

/* The distributor would forward it to its target's CPU interface. */
static inline bool avcpu_vgic_irq_deliverable(const struct avcpu_vgic *d,
					      const struct avcpu_vgic_irq *irq)
{
	return irq->enabled && avcpu_vgic_irq_pending(irq) &&
	       avcpu_vgic_group_enabled(d, irq);
}

/* The vCPU whose list registers it belongs in, or NULL. */
static inline struct avcpu_vgic_cpu *
avcpu_vgic_irq_owner(const struct avcpu_vgic_irq *irq)
{
	return irq->active && irq->active_on ? irq->active_on : irq->target;
}

/*
 * After any change to an interrupt: if its owner may now have to take it
 * (or give it back), mark it for a kick, and the vCPU whose list
 * registers hold it now, if another, so that it gives it back.  Lock
 * held.
 */
static inline void avcpu_vgic_irq_changed(const struct avcpu_vgic *d,
					  struct avcpu_vgic_irq *irq)
{
	struct avcpu_vgic_cpu *owner = avcpu_vgic_irq_owner(irq);

	if (owner && (avcpu_vgic_irq_deliverable(d, irq) || irq->on_lr))
		owner->kick = true;
	if (irq->on_lr && irq->on_lr != owner)
		irq->on_lr->kick = true;
}

/* An interrupt by INTID as @c sees it, or NULL (not implemented). */
static inline struct avcpu_vgic_irq *
avcpu_vgic_get_irq(struct avcpu_vgic *d, struct avcpu_vgic_cpu *c, u32 intid)
{
	if (intid < AVCPU_VGIC_NR_PRIVATE)
		return c ? &c->priv[intid] : NULL;
	if (intid - AVCPU_VGIC_NR_PRIVATE < d->nr_spis)
		return &d->spis[intid - AVCPU_VGIC_NR_PRIVATE];
	return NULL;
}

/* The vCPU whose MPIDR affinity is @mpidr, or NULL.  Lock held. */
static inline struct avcpu_vgic_cpu *
avcpu_vgic_mpidr_to_cpu(struct avcpu_vgic *d, u64 mpidr)
{
	int i;

	for (i = 0; i <= d->last_vcpu_id; i++)
		if (d->cpus[i] && d->cpus[i]->mpidr == (mpidr & AVCPU_VGIC_AFF_MASK))
			return d->cpus[i];
	return NULL;
}

/* An SPI's IROUTER was written (or a vCPU joined or left).  Lock held. */
static inline void avcpu_vgic_spi_route(struct avcpu_vgic *d,
					struct avcpu_vgic_irq *irq, u64 mpidr)
{
	irq->mpidr = mpidr & AVCPU_VGIC_AFF_MASK;
	irq->target = avcpu_vgic_mpidr_to_cpu(d, irq->mpidr);
	avcpu_vgic_irq_changed(d, irq);
}

/*
 * The frame of a vcpu_id no vCPU has (a hole in the redistributor
 * region): a redistributor whose affinity (all ones) no vCPU can have,
 * so that Linux's walk to the Last frame goes on past it.
 */
#define AVCPU_VGIC_HOLE_MPIDR	AVCPU_VGIC_AFF_MASK

/* Reset state of a vCPU's private interrupts (as KVM: SGIs enabled). */
void avcpu_vgic_cpu_init(struct avcpu_vgic_cpu *c, u32 vcpu_id, u64 mpidr);
/* Reset state of a VM's irqchip, after allocation with nr_spis SPIs. */
void avcpu_vgic_dist_init(struct avcpu_vgic *d, u32 nr_spis);

/*
 * vgic_mmio_v3.c, with the lock held.  @offset is from the start of the
 * distributor, or of @c's 128 KiB redistributor; @len 1, 2, 4 or 8.  An
 * access of a width the register does not allow, or to an offset with no
 * register, reads 0 and is ignored (RAZ/WI).
 */
u64 avcpu_vgic_dist_read(struct avcpu_vgic *d, u32 offset, u32 len);
void avcpu_vgic_dist_write(struct avcpu_vgic *d, u32 offset, u32 len, u64 val);
u64 avcpu_vgic_redist_read(struct avcpu_vgic *d, struct avcpu_vgic_cpu *c,
			   u32 offset, u32 len);
void avcpu_vgic_redist_write(struct avcpu_vgic *d, struct avcpu_vgic_cpu *c,
			     u32 offset, u32 len, u64 val);

/*
 * vgic_lr.c, with the lock held.  flush: before an entry, the
 * interrupts @c should see (active ones, then pending ones by priority)
 * into @h's list registers, at most @h->nr_lr, with UIE when more wait.
 * fold: after the exit, their state back.  pending: an interrupt that
 * would wake the vCPU from WFI (deliverable, not active, and of higher
 * priority than @vpmr, the guest's ICV_PMR_EL1).
 */
void avcpu_vgic_flush_lrs(struct avcpu_vgic *d, struct avcpu_vgic_cpu *c,
			  struct avcpu_hyp_vgic *h);
void avcpu_vgic_fold_lrs(struct avcpu_vgic *d, struct avcpu_vgic_cpu *c,
			 struct avcpu_hyp_vgic *h);
bool avcpu_vgic_cpu_pending(struct avcpu_vgic *d, struct avcpu_vgic_cpu *c,
			    u8 vpmr);
/* A write to ICC_SGI1R_EL1 (@g1) or ICC_SGI0R/ASGI1R_EL1 by @src. */
void avcpu_vgic_sgi(struct avcpu_vgic *d, struct avcpu_vgic_cpu *src,
		    u64 val, bool g1);

/* vgic.c: the driver's entry points (no lock held) */
struct avcpu_vm;
struct avcpu_irqchip;
int avcpu_vgic_init(void);		/* module load: the maintenance PPI */
void avcpu_vgic_exit(void);
long avcpu_vgic_create(struct avcpu_vm *vm, void __user *arg);
long avcpu_vgic_irq_line(struct avcpu_vm *vm, void __user *arg);
void avcpu_vgic_destroy(struct avcpu_vgic *d);
int avcpu_vgic_vcpu_add(struct avcpu_vcpu *vcpu);	/* at CREATE_VCPU */
void avcpu_vgic_vcpu_remove(struct avcpu_vcpu *vcpu);
int avcpu_vgic_flush(struct avcpu_vcpu *vcpu, u64 now);	/* irqs masked */
void avcpu_vgic_fold(struct avcpu_vcpu *vcpu);
bool avcpu_vgic_wake(struct avcpu_vcpu *vcpu);		/* WFI ends */
/* An MMIO access in the irqchip's ranges: true when answered here. */
bool avcpu_vgic_mmio(struct avcpu_vcpu *vcpu, u64 ipa, u32 len,
		     bool is_write, u64 *data);
/* A trapped ICC_SGI*R_EL1 access: true when answered (and completed). */
bool avcpu_vgic_sysreg(struct avcpu_vcpu *vcpu, u64 esr);

#endif /* _AVCPU_DRIVER_VGIC_H */
