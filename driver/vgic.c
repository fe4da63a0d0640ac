// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: a VM's virtual GICv3 (driver/vgic.h has the map of the files).
 * This file is where the rest of the driver meets it: the two VM ioctls,
 * vCPUs joining and leaving, the run loop's flush and fold around every
 * entry, WFI, the guest's accesses to the distributor and redistributors
 * (T1: answered here, never a userspace exit) and its SGI register
 * writes, the kicks that make a vCPU look again, and the GIC maintenance
 * interrupt that brings a vCPU out when its list registers need a refill.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpuhotplug.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/of.h>
#include <linux/of_irq.h>
#include <linux/overflow.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <uapi/linux/avcpu.h>

#include "avcpu.h"
#include "psci.h"
#include "timer.h"
#include "vcpu.h"
#include "vgic.h"
#include "../lib/inject.h"
#include "../lib/sysreg.h"

/*
 * The GIC maintenance interrupt (PPI 25 on QEMU virt), index 0 of the GIC
 * node's interrupts.  Asserted while a guest runs with ICH_HCR_EL2.En and
 * a maintenance condition (UIE, a level interrupt's EOI): it ends the
 * guest's slice at EL2 like any host interrupt, and EL2 has dropped it
 * (En clear) before the host takes it.  The host's GIC driver disables
 * every PPI nobody requested, so it is requested here to be delivered at
 * all; there is nothing left to do in the handler (KVM's
 * vgic_maintenance_handler()).
 */
static struct {
	int irq;		/* Linux IRQ number, 0: none */
	int err;		/* why guests get no GIC, or 0 */
	int hp_state;
	bool requested;
} maint;

static DEFINE_PER_CPU(u8, maint_dev_id);

static irqreturn_t vgic_maint_handler(int irq, void *dev_id)
{
	return IRQ_HANDLED;
}

static int vgic_cpu_online(unsigned int cpu)
{
	enable_percpu_irq(maint.irq, IRQ_TYPE_NONE);
	return 0;
}

static int vgic_cpu_offline(unsigned int cpu)
{
	disable_percpu_irq(maint.irq);
	return 0;
}

int avcpu_vgic_init(void)
{
	struct device_node *np;
	int ret;

	maint.err = -ENODEV;
	if (!cpus_have_final_cap(ARM64_HAS_GIC_CPUIF_SYSREGS))
		return 0;
	np = of_find_compatible_node(NULL, NULL, "arm,gic-v3");
	if (!np)
		return 0;
	maint.irq = irq_of_parse_and_map(np, 0);
	of_node_put(np);
	if (maint.irq <= 0) {
		maint.irq = 0;
		return 0;
	}
	/*
	 * KVM requests it at its own init when it will take EL2 later
	 * (kvm.enable_virt_at_load=0): then it is KVM's, and no guest of
	 * ours can have a GIC.  Looked at first, so that the refusal does
	 * not cost a "Flags mismatch" stack dump in the log.
	 */
	if (irq_has_action(maint.irq)) {
		maint.err = -EBUSY;
		return 0;
	}
	ret = request_percpu_irq(maint.irq, vgic_maint_handler, "avcpu-vgic",
				 &maint_dev_id);
	if (ret) {
		maint.err = ret;
		return 0;
	}
	maint.requested = true;
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "avcpu/vgic:online",
				vgic_cpu_online, vgic_cpu_offline);
	if (ret < 0) {
		/* Guests without an irqchip still run. */
		free_percpu_irq(maint.irq, &maint_dev_id);
		maint.requested = false;
		maint.err = ret;
		return 0;
	}
	maint.hp_state = ret;
	maint.err = 0;
	return 0;
}

void avcpu_vgic_exit(void)
{
	if (!maint.requested)
		return;
	cpuhp_remove_state(maint.hp_state);
	free_percpu_irq(maint.irq, &maint_dev_id);
	maint.requested = false;
}

/*
 * Kick every vCPU marked by the state changes of this operation, except
 * @self (it is in the kernel, and flushes before it enters again).  Lock
 * held: a vCPU cannot leave the VM meanwhile.
 */
static void vgic_kick_marked(struct avcpu_vgic *d, struct avcpu_vgic_cpu *self)
{
	int i;

	for (i = 0; i <= d->last_vcpu_id; i++) {
		struct avcpu_vgic_cpu *c = d->cpus[i];

		if (!c || !c->kick)
			continue;
		c->kick = false;
		if (c != self && c->vcpu)
			avcpu_vcpu_kick(c->vcpu);
	}
}

static bool range_overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

/*
 * The redistributor of @vcpu_id fits: inside the guest's IPA space and
 * clear of the distributor.
 */
static bool vgic_frame_ok(const struct avcpu_vgic *d, u32 vcpu_id)
{
	u64 frame = d->redist_base + (u64)vcpu_id * AVCPU_GICR_SIZE;

	return frame <= BIT_ULL(AVCPU_IPA_BITS) - AVCPU_GICR_SIZE &&
	       !range_overlap(d->dist_base, AVCPU_GICD_SIZE, frame,
			      AVCPU_GICR_SIZE);
}

/* A vCPU that can have a redistributor in @d (Aff0 <= 15: no RSS). */
static bool vgic_vcpu_ok(const struct avcpu_vgic *d,
			 const struct avcpu_vcpu *vcpu)
{
	return (vcpu->mpidr & 0xff) <= 15 && vgic_frame_ok(d, vcpu->vcpu_id);
}

/* Attach @vcpu's redistributor to @d.  Lock held. */
static void vgic_attach(struct avcpu_vgic *d, struct avcpu_vcpu *vcpu)
{
	struct avcpu_vgic_cpu *c = &vcpu->vgic_cpu;
	int i;

	avcpu_vgic_cpu_init(c, vcpu->vcpu_id, vcpu->mpidr);
	/* The guest's EOI of its timer's interrupt ends the host's. */
	c->priv[AVCPU_TIMER_VTIMER_INTID].hwintid = avcpu_timer_vtimer_hwintid();
	c->vcpu = vcpu;
	d->cpus[vcpu->vcpu_id] = c;
	if ((int)vcpu->vcpu_id > d->last_vcpu_id)
		d->last_vcpu_id = vcpu->vcpu_id;
	/* SPIs routed to its MPIDR before it existed now reach it. */
	for (i = 0; i < d->nr_spis; i++)
		if (!d->spis[i].target)
			avcpu_vgic_spi_route(d, &d->spis[i], d->spis[i].mpidr);
	vcpu->vgic = d;
}

long avcpu_vgic_create(struct avcpu_vm *vm, void __user *arg)
{
	struct avcpu_vm_psci *p = avcpu_vm_psci(vm);
	struct avcpu_irqchip ic;
	u64 limit = BIT_ULL(AVCPU_IPA_BITS);
	struct avcpu_vgic *d;
	struct avcpu_vcpu *v;
	u32 nr;
	long ret;

	if (copy_from_user(&ic, arg, sizeof(ic)))
		return -EFAULT;
	nr = ic.nr_spis ?: AVCPU_IRQCHIP_NR_SPIS_DEFAULT;
	if (ic.flags || memchr_inv(ic.reserved, 0, sizeof(ic.reserved)) ||
	    nr % 32 || nr > AVCPU_IRQCHIP_NR_SPIS_MAX ||
	    !IS_ALIGNED(ic.dist_base, SZ_64K) ||
	    !IS_ALIGNED(ic.redist_base, SZ_64K) ||
	    ic.dist_base > limit - AVCPU_GICD_SIZE ||
	    ic.redist_base > limit - AVCPU_GICR_SIZE ||
	    range_overlap(ic.dist_base, AVCPU_GICD_SIZE, ic.redist_base,
			  AVCPU_GICR_SIZE))
		return -EINVAL;

	d = kzalloc(struct_size(d, spis, nr), GFP_KERNEL_ACCOUNT);
	if (!d)
		return -ENOMEM;
	spin_lock_init(&d->lock);
	d->dist_base = ic.dist_base;
	d->redist_base = ic.redist_base;
	d->last_vcpu_id = -1;
	avcpu_vgic_dist_init(d, nr);
	avcpu_vgic_cpu_init(&d->hole, 0, AVCPU_VGIC_HOLE_MPIDR);

	mutex_lock(&p->filter_lock);
	ret = -EEXIST;
	if (avcpu_vm_vgic(vm))
		goto out;
	ret = -EBUSY;
	if (p->ran)
		goto out;
	if (maint.err) {
		ret = maint.err;
		if (ret == -EBUSY)
			pr_warn_ratelimited("no virtual GIC for guests: KVM holds the GIC maintenance interrupt (kvm.enable_virt_at_load=0)\n");
		else
			pr_warn_ratelimited("no virtual GIC for guests: no GICv3 CPU interface or maintenance interrupt (%ld)\n",
					    ret);
		goto out;
	}
	/* Its timer's interrupt goes through the vGIC: it needs the PPI. */
	ret = avcpu_timer_irqchip_err();
	if (ret) {
		if (ret == -EBUSY)
			pr_warn_ratelimited("no virtual GIC for guests: KVM holds the virtual timer interrupt (kvm.enable_virt_at_load=0)\n");
		else
			pr_warn_ratelimited("no virtual GIC for guests: no virtual timer interrupt from the device tree (%ld)\n",
					    ret);
		goto out;
	}
	/* Every vCPU needs a redistributor its Aff0 can name. */
	ret = -EINVAL;
	spin_lock(&p->lock);
	list_for_each_entry(v, &p->vcpus, psci_node)
		if (!vgic_vcpu_ok(d, v))
			break;
	/*
	 * No vGIC lock: @d is nobody else's until it is published below
	 * (and taking it inside the psci lock would invert the order
	 * every kick takes them in).
	 */
	if (&v->psci_node == &p->vcpus) {
		list_for_each_entry(v, &p->vcpus, psci_node)
			vgic_attach(d, v);
		ret = 0;
	}
	spin_unlock(&p->lock);
	if (!ret)
		avcpu_vm_set_vgic(vm, d);
out:
	mutex_unlock(&p->filter_lock);
	if (ret)
		kfree(d);
	return ret;
}

void avcpu_vgic_destroy(struct avcpu_vgic *d)
{
	kfree(d);
}

int avcpu_vgic_vcpu_add(struct avcpu_vcpu *vcpu)
{
	struct avcpu_vm_psci *p = avcpu_vm_psci(vcpu->vm);
	struct avcpu_vgic *d;
	int ret = 0;

	mutex_lock(&p->filter_lock);
	d = avcpu_vm_vgic(vcpu->vm);
	if (d) {
		/* As KVM once its vGIC is initialised: no more vCPUs. */
		if (p->ran)
			ret = -EBUSY;
		else if (!vgic_vcpu_ok(d, vcpu))
			ret = -EINVAL;
	}
	if (d && !ret) {
		spin_lock(&d->lock);
		vgic_attach(d, vcpu);
		spin_unlock(&d->lock);
	}
	mutex_unlock(&p->filter_lock);
	return ret;
}

/* The vCPU's fd is gone: nothing of the VM may point at it. */
void avcpu_vgic_vcpu_remove(struct avcpu_vcpu *vcpu)
{
	struct avcpu_vm_psci *p = avcpu_vm_psci(vcpu->vm);
	struct avcpu_vgic_cpu *c = &vcpu->vgic_cpu;
	struct avcpu_vgic *d;
	int i;

	/*
	 * After avcpu_psci_vcpu_remove(): an AVCPU_CREATE_IRQCHIP that found
	 * the vCPU on the VM's list has attached it by the time this lock
	 * is ours, and none can find it any more.
	 */
	mutex_lock(&p->filter_lock);
	d = vcpu->vgic;
	if (!d) {
		mutex_unlock(&p->filter_lock);
		return;
	}
	spin_lock(&d->lock);
	d->cpus[vcpu->vcpu_id] = NULL;
	while (d->last_vcpu_id >= 0 && !d->cpus[d->last_vcpu_id])
		d->last_vcpu_id--;
	for (i = 0; i < d->nr_spis; i++) {
		if (d->spis[i].target == c)
			d->spis[i].target = NULL;
		if (d->spis[i].on_lr == c)
			d->spis[i].on_lr = NULL;
		if (d->spis[i].active_on == c)
			d->spis[i].active_on = NULL;
	}
	spin_unlock(&d->lock);
	vcpu->vgic = NULL;
	mutex_unlock(&p->filter_lock);
}

long avcpu_vgic_irq_line(struct avcpu_vm *vm, void __user *arg)
{
	struct avcpu_vgic *d = avcpu_vm_vgic(vm);
	struct avcpu_irq_level l;
	struct avcpu_vgic_irq *irq;

	if (copy_from_user(&l, arg, sizeof(l)))
		return -EFAULT;
	if (!d)
		return -ENXIO;
	if (l.pad || l.level > 1 || l.intid < AVCPU_VGIC_NR_PRIVATE ||
	    l.intid - AVCPU_VGIC_NR_PRIVATE >= d->nr_spis)
		return -EINVAL;
	avcpu_stat_inc(AVCPU_STAT_IRQ_LINE);
	irq = &d->spis[l.intid - AVCPU_VGIC_NR_PRIVATE];
	spin_lock(&d->lock);
	/* KVM's vgic_update_irq_pending(): every rising call is an edge. */
	if (irq->edge) {
		if (l.level)
			irq->pending_latch = true;
	} else {
		irq->line_level = l.level;
	}
	avcpu_vgic_irq_changed(d, irq);
	vgic_kick_marked(d, NULL);
	spin_unlock(&d->lock);
	return 0;
}

/*
 * Just before the entry, interrupts masked: after this look, any new
 * interrupt for this vCPU comes with a kick, which is then pending and
 * ends the guest's slice before it starts (lib/vcpu.c).  The timers'
 * lines first, as the counter stands at @now (driver/timer.c).  Returns
 * whether the virtual timer's interrupt is pending or active (its
 * physical PPI must then stay active), or -1 without an irqchip.
 */
int avcpu_vgic_flush(struct avcpu_vcpu *vcpu, u64 now)
{
	struct avcpu_vgic *d = vcpu->vgic;
	struct avcpu_vgic_cpu *c = &vcpu->vgic_cpu;
	struct avcpu_vgic_irq *vt = &c->priv[AVCPU_TIMER_VTIMER_INTID];
	int ret;

	if (!d)
		return -1;
	spin_lock(&d->lock);
	avcpu_timer_update_lines(vcpu, d, now);
	avcpu_vgic_flush_lrs(d, c, &vcpu->hyp->vgic);
	vcpu->timer.hw_lr = vt->on_lr == c;
	ret = vt->line_level || avcpu_vgic_irq_pending(vt) || vt->active;
	spin_unlock(&d->lock);
	return ret;
}

void avcpu_vgic_fold(struct avcpu_vcpu *vcpu)
{
	struct avcpu_vgic *d = vcpu->vgic;

	if (!d || !vcpu->vgic_cpu.nr_lr_used)
		return;
	if (vcpu->hyp->vgic.misr)
		avcpu_stat_inc(AVCPU_STAT_VGIC_MAINT);
	spin_lock(&d->lock);
	avcpu_vgic_fold_lrs(d, &vcpu->vgic_cpu, &vcpu->hyp->vgic);
	vgic_kick_marked(d, &vcpu->vgic_cpu);
	spin_unlock(&d->lock);
}

/* WFI completes: an interrupt the guest would take is pending. */
bool avcpu_vgic_wake(struct avcpu_vcpu *vcpu)
{
	struct avcpu_vgic *d = vcpu->vgic;
	/* ICH_VMCR_EL2.VPMR, the guest's ICV_PMR_EL1, as it left it. */
	u8 vpmr = vcpu->hyp->feat.ich_vmcr_el2 >> 24;
	bool ret;

	if (!d)
		return false;
	spin_lock(&d->lock);
	avcpu_timer_update_lines(vcpu, d, avcpu_timer_count());
	ret = avcpu_vgic_cpu_pending(d, &vcpu->vgic_cpu, vpmr);
	spin_unlock(&d->lock);
	return ret;
}

bool avcpu_vgic_mmio(struct avcpu_vcpu *vcpu, u64 ipa, u32 len,
		     bool is_write, u64 *data)
{
	struct avcpu_vgic *d = vcpu->vgic;
	struct avcpu_vgic_cpu *c;
	u64 off;

	if (!d)
		return false;
	if (ipa - d->dist_base < AVCPU_GICD_SIZE) {
		off = ipa - d->dist_base;
		spin_lock(&d->lock);
		if (is_write)
			avcpu_vgic_dist_write(d, off, len, *data);
		else
			*data = avcpu_vgic_dist_read(d, off, len);
		goto done;
	}
	off = ipa - d->redist_base;
	spin_lock(&d->lock);
	if (d->last_vcpu_id < 0 ||
	    off >= (u64)AVCPU_GICR_SIZE * (d->last_vcpu_id + 1)) {
		spin_unlock(&d->lock);
		return false;
	}
	c = d->cpus[off / AVCPU_GICR_SIZE];
	if (!c) {
		/*
		 * A vcpu_id nobody has: a redistributor no MPIDR matches,
		 * writes ignored (Linux walks every frame up to Last,
		 * matching GICR_TYPER's affinity; KVM has no holes, as it
		 * numbers frames by creation order).
		 */
		d->hole.vcpu_id = off / AVCPU_GICR_SIZE;
		c = &d->hole;
		if (is_write)
			goto done;
	}
	off %= AVCPU_GICR_SIZE;
	if (is_write)
		avcpu_vgic_redist_write(d, c, off, len, *data);
	else
		*data = avcpu_vgic_redist_read(d, c, off, len);
done:
	vgic_kick_marked(d, &vcpu->vgic_cpu);
	spin_unlock(&d->lock);
	avcpu_stat_inc(AVCPU_STAT_VGIC_MMIO);
	return true;
}

/* ICC_SGI1R_EL1, ICC_ASGI1R_EL1, ICC_SGI0R_EL1: Op0 3, Op1 0, C12, C11. */
#define SYS_ICC_SGI_CRN		12
#define SYS_ICC_SGI_CRM		11
#define SYS_ICC_SGI1R_OP2	5
#define SYS_ICC_ASGI1R_OP2	6
#define SYS_ICC_SGI0R_OP2	7

bool avcpu_vgic_sysreg(struct avcpu_vcpu *vcpu, u64 esr)
{
	struct avcpu_hyp_ctx *ctx = &vcpu->hyp->ctx;
	struct avcpu_vgic *d = vcpu->vgic;
	u32 op2 = AVCPU_SYS_OP2(esr);
	int rt = AVCPU_SYS_RT(esr);

	if (!d || AVCPU_SYS_OP0(esr) != 3 ||
	    AVCPU_SYS_OP1(esr) != 0 || AVCPU_SYS_CRN(esr) != SYS_ICC_SGI_CRN ||
	    AVCPU_SYS_CRM(esr) != SYS_ICC_SGI_CRM ||
	    op2 < SYS_ICC_SGI1R_OP2 || op2 > SYS_ICC_SGI0R_OP2)
		return false;
	if (AVCPU_SYS_READ(esr)) {
		/* Write-only: KVM's read_from_write_only() UNDEFs. */
		struct avcpu_inject undef = { .type = AVCPU_INJECT_UNDEF };

		avcpu_inject_sync(ctx, &vcpu->hyp->sys, &undef);
		avcpu_stat_inc(AVCPU_STAT_INJECT);
		return true;
	}
	avcpu_stat_inc(AVCPU_STAT_SGI);
	spin_lock(&d->lock);
	avcpu_vgic_sgi(d, &vcpu->vgic_cpu, rt == 31 ? 0 : ctx->x[rt],
		       op2 == SYS_ICC_SGI1R_OP2);
	vgic_kick_marked(d, &vcpu->vgic_cpu);
	spin_unlock(&d->lock);
	avcpu_skip_instr(&ctx->elr, &ctx->spsr, esr);
	return true;
}
