// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: a vCPU's list registers (KVM's vgic.c vgic_flush_lr_state() and
 * vgic-v3.c vgic_v3_populate_lr()/vgic_v3_fold_lr_state()).
 *
 * Before every entry, with interrupts masked (so that a kick sent after
 * this look ends the guest's slice at once), the interrupts the vCPU
 * should see go into its list registers: the active ones first (the
 * guest must be able to deactivate them), then the pending ones by
 * priority, then by INTID.  When more wait than the CPU has list
 * registers, ICH_HCR_EL2.UIE asks for a maintenance interrupt once at
 * most one is left, and the vCPU comes out to refill.  A level-sensitive
 * interrupt carries LR.EOI, so that the guest's EOI brings the vCPU out
 * to look at the line again (still high: pending again).  After the
 * exit, the list registers' state is folded back.
 *
 * Pure: the VM's vGIC lock is held by the caller (driver/vgic.c); built
 * alone into a KUnit module too.
 */
#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/types.h>

#include "vgic.h"

/* Goes before @b in the list registers: active, priority, INTID. */
static bool lr_before(const struct avcpu_vgic_irq *a,
		      const struct avcpu_vgic_irq *b)
{
	if (a->active != b->active)
		return a->active;
	if (a->priority != b->priority)
		return a->priority < b->priority;
	return a->intid < b->intid;
}

/* Not in any list register, and active or deliverable to @c. */
static bool lr_wanted(const struct avcpu_vgic *d, const struct avcpu_vgic_cpu *c,
		      const struct avcpu_vgic_irq *irq)
{
	return avcpu_vgic_irq_owner(irq) == c && !irq->on_lr &&
	       (irq->active || avcpu_vgic_irq_deliverable(d, irq));
}

/*
 * Keep the @max first of everything offered, sorted, in @sel; count what
 * was offered in @nr.
 */
static void lr_offer(struct avcpu_vgic_irq **sel, unsigned int max,
		     unsigned int *nr, struct avcpu_vgic_irq *irq)
{
	unsigned int n = *nr < max ? *nr : max, i;

	(*nr)++;
	if (n == max && (!max || !lr_before(irq, sel[max - 1])))
		return;
	if (n == max)
		n--;
	for (i = n; i > 0 && lr_before(irq, sel[i - 1]); i--)
		sel[i] = sel[i - 1];
	sel[i] = irq;
}

static u64 lr_value(struct avcpu_vgic_irq *irq)
{
	u64 lr = irq->intid | ((u64)irq->priority << AVCPU_ICH_LR_PRIO_SHIFT);

	if (irq->group)
		lr |= AVCPU_ICH_LR_GROUP;
	/*
	 * Not pending and active at once for a level interrupt, as KVM's
	 * vgic_v3_populate_lr(): its EOI would leave it pending, without
	 * the EOI maintenance that looks at the line again (which may
	 * have dropped).  It comes back pending, if still so, after it.
	 */
	if (avcpu_vgic_irq_pending(irq) &&
	    ((irq->edge && !irq->hwintid) || !irq->active)) {
		lr |= AVCPU_ICH_LR_PENDING;
		/* The edge is the list register's now (folded back). */
		if (irq->edge)
			irq->pending_latch = false;
	}
	if (irq->active)
		lr |= AVCPU_ICH_LR_ACTIVE;
	/*
	 * Linked to a host PPI: the guest's deactivation deactivates it,
	 * and it fires again at once if its line is still high, which is
	 * the level interrupt's re-fire without an EOI maintenance exit
	 * (the EOI bit is pINTID's then).
	 */
	if (irq->hwintid)
		lr |= AVCPU_ICH_LR_HW |
		      ((u64)irq->hwintid << AVCPU_ICH_LR_PINTID_SHIFT);
	else if (!irq->edge)
		lr |= AVCPU_ICH_LR_EOI;
	return lr;
}

void avcpu_vgic_flush_lrs(struct avcpu_vgic *d, struct avcpu_vgic_cpu *c,
			  struct avcpu_hyp_vgic *h)
{
	struct avcpu_vgic_irq *sel[AVCPU_HYP_MAX_LR];
	unsigned int max = h->nr_lr, nr = 0, n, i;

	if (max > AVCPU_HYP_MAX_LR)
		max = AVCPU_HYP_MAX_LR;
	for (i = 0; i < AVCPU_VGIC_NR_PRIVATE; i++)
		if (lr_wanted(d, c, &c->priv[i]))
			lr_offer(sel, max, &nr, &c->priv[i]);
	for (i = 0; i < d->nr_spis; i++)
		if (lr_wanted(d, c, &d->spis[i]))
			lr_offer(sel, max, &nr, &d->spis[i]);

	n = nr < max ? nr : max;
	for (i = 0; i < n; i++) {
		h->lr[i] = lr_value(sel[i]);
		sel[i]->on_lr = c;
		c->lr_irq[i] = sel[i];
	}
	c->nr_lr_used = n;
	h->nr_used = n;
	/*
	 * Nothing to show: the virtual interface stays off (no list
	 * register, no maintenance interrupt, nothing for EL2 to switch).
	 */
	h->hcr = n ? AVCPU_ICH_HCR_EN | (nr > n ? AVCPU_ICH_HCR_UIE : 0) : 0;
}

void avcpu_vgic_fold_lrs(struct avcpu_vgic *d, struct avcpu_vgic_cpu *c,
			 struct avcpu_hyp_vgic *h)
{
	unsigned int i;

	for (i = 0; i < c->nr_lr_used; i++) {
		struct avcpu_vgic_irq *irq = c->lr_irq[i];
		u64 lr = h->lr[i];

		irq->active = !!(lr & AVCPU_ICH_LR_ACTIVE);
		irq->active_on = irq->active ? c : NULL;
		/* An edge not yet acknowledged stays pending. */
		if (irq->edge && (lr & AVCPU_ICH_LR_PENDING))
			irq->pending_latch = true;
		/*
		 * A level interrupt the guest acknowledged: what ISPENDR
		 * latched is consumed; the line alone decides from now on.
		 */
		if (!irq->edge &&
		    !(lr & (AVCPU_ICH_LR_PENDING | AVCPU_ICH_LR_ACTIVE)))
			irq->pending_latch = false;
		irq->on_lr = NULL;
		c->lr_irq[i] = NULL;
		/* Rerouted meanwhile: its new target must look. */
		if (avcpu_vgic_irq_owner(irq) != c)
			avcpu_vgic_irq_changed(d, irq);
	}
	c->nr_lr_used = 0;
	h->nr_used = 0;
	h->hcr = 0;
}

bool avcpu_vgic_cpu_pending(struct avcpu_vgic *d, struct avcpu_vgic_cpu *c,
			    u8 vpmr)
{
	unsigned int i;

	for (i = 0; i < AVCPU_VGIC_NR_PRIVATE + d->nr_spis; i++) {
		struct avcpu_vgic_irq *irq = i < AVCPU_VGIC_NR_PRIVATE ?
			&c->priv[i] : &d->spis[i - AVCPU_VGIC_NR_PRIVATE];

		if (avcpu_vgic_irq_owner(irq) == c && !irq->active &&
		    avcpu_vgic_irq_deliverable(d, irq) && irq->priority < vpmr)
			return true;
	}
	return false;
}

/* ICC_SGI1R_EL1 / ICC_SGI0R_EL1 / ICC_ASGI1R_EL1 fields */
#define SGIR_TARGETS(v)		((v) & 0xffff)
#define SGIR_AFF1(v)		(((v) >> 16) & 0xff)
#define SGIR_INTID(v)		(((v) >> 24) & 0xf)
#define SGIR_AFF2(v)		(((v) >> 32) & 0xff)
#define SGIR_IRM		BIT_ULL(40)
#define SGIR_RS(v)		(((v) >> 44) & 0xf)
#define SGIR_AFF3(v)		(((v) >> 48) & 0xff)

/*
 * With GICD_CTLR.DS = 1: ICC_SGI1R_EL1 raises the SGI whatever group the
 * target configured, ICC_SGI0R/ASGI1R_EL1 only a group 0 one (KVM's
 * vgic_v3_queue_sgi()).
 */
static void sgi_raise(struct avcpu_vgic *d, struct avcpu_vgic_cpu *c,
		      u32 intid, bool g1)
{
	struct avcpu_vgic_irq *irq = &c->priv[intid];

	if (irq->group && !g1)
		return;
	irq->pending_latch = true;
	avcpu_vgic_irq_changed(d, irq);
}

void avcpu_vgic_sgi(struct avcpu_vgic *d, struct avcpu_vgic_cpu *src,
		    u64 val, bool g1)
{
	u32 intid = SGIR_INTID(val);
	unsigned long targets = SGIR_TARGETS(val);
	u64 aff;
	int i;

	if (val & SGIR_IRM) {
		/* Every vCPU of the VM but the sender. */
		for (i = 0; i <= d->last_vcpu_id; i++)
			if (d->cpus[i] && d->cpus[i] != src)
				sgi_raise(d, d->cpus[i], intid, g1);
		return;
	}
	aff = ((u64)SGIR_AFF3(val) << 32) | (SGIR_AFF2(val) << 16) |
	      (SGIR_AFF1(val) << 8);
	for_each_set_bit(i, &targets, 16) {
		/* Aff0 = RS * 16 + bit: only RS 0 exists (Aff0 <= 15). */
		struct avcpu_vgic_cpu *c =
			avcpu_vgic_mpidr_to_cpu(d, aff | (SGIR_RS(val) * 16 + i));

		if (c)
			sgi_raise(d, c, intid, g1);
	}
}
