// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu EL2: the GIC virtual CPU interface's list registers and
 * ICH_HCR_EL2 in the world switch (KVM's hyp/vgic-v3-sr.c).  The driver
 * decides what goes into the list registers (driver/vgic_lr.c); EL2 only
 * loads them before the guest runs and stores them after, and makes sure
 * none of it is live while the host runs.  ICH_VMCR_EL2 and the
 * active-priority registers are switched with the rest of the feature
 * state (lib/features.c), with or without an irqchip.
 */
#include "hyp.h"

#define ICH_HCR_EL2	s3_4_c12_c11_0
#define ICH_MISR_EL2	s3_4_c12_c11_2
#define ICH_ELRSR_EL2	s3_4_c12_c11_5

/*
 * ICH_LR<n>_EL2 by number: n is known only at run time, and accessing a
 * list register the CPU does not implement is UNDEFINED, so every access
 * is bounded by ICH_VTR_EL2.ListRegs first (hyp_features.nr_lr).
 */
#define LR_CASE(n, crm, op2)						\
	case n:								\
		if (write)						\
			write_sysreg(val, s3_4_c12_##crm##_##op2);	\
		else							\
			val = read_sysreg(s3_4_c12_##crm##_##op2);	\
		break

static unsigned long lr_access(int n, int write, unsigned long val)
{
	switch (n) {
	LR_CASE(0, c12, 0);
	LR_CASE(1, c12, 1);
	LR_CASE(2, c12, 2);
	LR_CASE(3, c12, 3);
	LR_CASE(4, c12, 4);
	LR_CASE(5, c12, 5);
	LR_CASE(6, c12, 6);
	LR_CASE(7, c12, 7);
	LR_CASE(8, c13, 0);
	LR_CASE(9, c13, 1);
	LR_CASE(10, c13, 2);
	LR_CASE(11, c13, 3);
	LR_CASE(12, c13, 4);
	LR_CASE(13, c13, 5);
	LR_CASE(14, c13, 6);
	LR_CASE(15, c13, 7);
	}
	return val;
}

/*
 * A hardware-linked list register's EOI deactivates a physical
 * interrupt: only ever one of this CPU's own PPIs (the driver links the
 * virtual timer's, driver/timer.c), never an SPI or SGI the host or
 * another CPU owns.  Anything else loses the link (and its pINTID bits,
 * which would read as EOI and RES0 without HW).
 */
static unsigned long lr_sanitise(unsigned long lr)
{
	unsigned long pintid = (lr & AVCPU_ICH_LR_PINTID_MASK) >>
			       AVCPU_ICH_LR_PINTID_SHIFT;

	if (!(lr & AVCPU_ICH_LR_HW) || (pintid >= 16 && pintid < 32))
		return lr;
	return lr & ~(AVCPU_ICH_LR_HW | AVCPU_ICH_LR_PINTID_MASK);
}

/*
 * Before the entry: the list registers the driver filled, then En.  No
 * barrier of its own: the isb before the eret (lib/vcpu.c) puts these
 * writes into effect, and the eret itself is context synchronizing.
 * Returns how many list registers are live, for hyp_vgic_save().
 */
int hyp_vgic_load(const struct avcpu_hyp_vcpu *vcpu,
		  const struct hyp_features *f)
{
	const struct avcpu_hyp_vgic *v = &vcpu->vgic;
	unsigned int n = READ_ONCE(v->nr_used);
	int i;

	if (!f->gic || !(v->hcr & AVCPU_ICH_HCR_EN))
		return -1;
	if (n > (unsigned int)f->nr_lr)
		n = f->nr_lr;
	for (i = 0; i < (int)n; i++)
		lr_access(i, 1, lr_sanitise(v->lr[i]));
	/*
	 * The others empty: their reset value is UNKNOWN, and nothing
	 * clears them after a CPU powers up (KVM's __vgic_v3_init_lrs()).
	 */
	for (; i < f->nr_lr; i++)
		lr_access(i, 1, 0);
	write_sysreg(v->hcr & (AVCPU_ICH_HCR_EN | AVCPU_ICH_HCR_UIE |
			       AVCPU_ICH_HCR_NPIE), ICH_HCR_EL2);
	return n;
}

/*
 * After the exit: the list registers' state as the guest left it, and
 * why the maintenance interrupt fired (if it did).  Then En off first
 * (the maintenance interrupt drops with it) and the list registers
 * emptied, so that nothing of the guest is signalled once the host runs
 * on this CPU's virtual interface (KVM's __vgic_v3_save_state()).  The
 * isb puts both into effect before the host's state is back.
 */
void hyp_vgic_save(struct avcpu_hyp_vcpu *vcpu, int n)
{
	struct avcpu_hyp_vgic *v = &vcpu->vgic;
	int i;

	if (n < 0)
		return;
	v->misr = read_sysreg(ICH_MISR_EL2);
	v->elrsr = read_sysreg(ICH_ELRSR_EL2);
	write_sysreg(0, ICH_HCR_EL2);
	for (i = 0; i < n; i++) {
		v->lr[i] = lr_access(i, 0, 0);
		lr_access(i, 1, 0);
	}
	isb();
}

/* EL2 faulted with a guest's state loaded: nothing of it may stay live. */
void hyp_vgic_fault_reset(const struct hyp_features *f)
{
	int i;

	if (!f->gic)
		return;
	write_sysreg(0, ICH_HCR_EL2);
	for (i = 0; i < f->nr_lr; i++)
		lr_access(i, 1, 0);
	isb();
}

/* AVCPU_HC_VCPU_INIT: how many list registers this CPU has. */
void hyp_vgic_init(struct avcpu_hyp_vcpu *vcpu, const struct hyp_features *f)
{
	vcpu->vgic.nr_lr = f->nr_lr;
}
