// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu EL2: the seed's Aarch64VCpu::run(), as an nVHE world switch.
 *
 * The host's EL1 state and EL2 controls are saved in this CPU's percpu
 * page, the guest's loaded, and exception.S enters the guest with the
 * seed's host_stack_top pattern so that the next exception from the guest
 * returns here like a normal call.  The reverse on exit.  The guest's EL2
 * controls are built here from constants: nothing the host kernel or
 * userspace supplies reaches HCR_EL2, CPTR_EL2, MDCR_EL2, CNTHCTL_EL2,
 * HSTR_EL2 or ICC_SRE_EL2.
 */
#include "hyp.h"
#include "spectre.h"

#define ID_PFR0_RAS_SHIFT	28
#define ID_PFR0_GIC_SHIFT	24
#define ID_MMFR0_FGT_SHIFT	56
#define ID_MMFR1_HCX_SHIFT	40
#define ESR_EC_DABT_LOW		0x24
#define ESR_EC_IABT_LOW		0x20
#define ESR_ABT_S1PTW		BIT(7)
#define ESR_ABT_FSC_TYPE_MASK	0x3c
#define ESR_ABT_FSC_PERM	0x0c
#define VTTBR_VMID_SHIFT	48

/* What this CPU implements, for registers that exist only with a feature. */
struct hyp_features {
	int gic;	/* GICv3 system registers: ICC_SRE_EL2 */
	int ras;	/* HCR_EL2.TERR/TEA */
	int fgt;	/* fine-grained traps: HFG*TR_EL2, HDFG*TR_EL2 */
	int hcx;	/* HCRX_EL2 */
};

#define FEAT_GIC	BIT(0)
#define FEAT_RAS	BIT(1)
#define FEAT_FGT	BIT(2)
#define FEAT_HCX	BIT(3)
#define FEAT_VALID	BIT(63)

/*
 * The ID registers are read once per CPU and kept in its percpu page:
 * this runs on every guest entry, the hottest path there is, and under
 * TCG every mrs is a helper call.
 */
static void hyp_features_read(struct hyp_features *f,
			      struct avcpu_hyp_percpu *pc)
{
	unsigned long v = pc->features;

	if (!(v & FEAT_VALID)) {
		unsigned long pfr0 = read_sysreg(id_aa64pfr0_el1);

		v = FEAT_VALID;
		if ((pfr0 >> ID_PFR0_GIC_SHIFT) & 0xf)
			v |= FEAT_GIC;
		if ((pfr0 >> ID_PFR0_RAS_SHIFT) & 0xf)
			v |= FEAT_RAS;
		if ((read_sysreg(id_aa64mmfr0_el1) >> ID_MMFR0_FGT_SHIFT) & 0xf)
			v |= FEAT_FGT;
		if ((read_sysreg(id_aa64mmfr1_el1) >> ID_MMFR1_HCX_SHIFT) & 0xf)
			v |= FEAT_HCX;
		pc->features = v;
	}
	f->gic = !!(v & FEAT_GIC);
	f->ras = !!(v & FEAT_RAS);
	f->fgt = !!(v & FEAT_FGT);
	f->hcx = !!(v & FEAT_HCX);
}

static int spsr_ok(unsigned long spsr)
{
	unsigned long mode = spsr & SPSR_MODE_MASK;

	if (spsr & ~SPSR_GUEST_ALLOWED)
		return 0;
	return mode == SPSR_MODE_EL0T || mode == SPSR_MODE_EL1T ||
	       mode == SPSR_MODE_EL1H;
}

static void host_ctl_save(struct avcpu_hyp_el2_ctl *h,
			  const struct hyp_features *f)
{
	h->hcr_el2 = read_sysreg(hcr_el2);
	h->vttbr_el2 = read_sysreg(vttbr_el2);
	h->vtcr_el2 = read_sysreg(vtcr_el2);
	h->cptr_el2 = read_sysreg(cptr_el2);
	h->mdcr_el2 = read_sysreg(mdcr_el2);
	h->cnthctl_el2 = read_sysreg(cnthctl_el2);
	h->hstr_el2 = read_sysreg(hstr_el2);
	h->vmpidr_el2 = read_sysreg(vmpidr_el2);
	if (f->gic)
		h->icc_sre_el2 = read_sysreg(icc_sre_el2);
	if (f->hcx)
		h->hcrx_el2 = read_sysreg(s3_4_c1_c2_2);	/* HCRX_EL2 */
	if (f->fgt) {
		h->hfgrtr_el2 = read_sysreg(s3_4_c1_c1_4);
		h->hfgwtr_el2 = read_sysreg(s3_4_c1_c1_5);
		h->hfgitr_el2 = read_sysreg(s3_4_c1_c1_6);
		h->hdfgrtr_el2 = read_sysreg(s3_4_c3_c1_4);
		h->hdfgwtr_el2 = read_sysreg(s3_4_c3_c1_5);
	}
}

static void host_ctl_restore(const struct avcpu_hyp_el2_ctl *h,
			     const struct hyp_features *f)
{
	write_sysreg(h->hcr_el2, hcr_el2);
	/*
	 * VTTBR_EL2 back to 0 (VMID 0): the host's own translations are
	 * tagged with VTTBR's VMID even with HCR_EL2.VM clear.
	 */
	write_sysreg(0, vttbr_el2);
	write_sysreg(h->vtcr_el2, vtcr_el2);
	write_sysreg(h->cptr_el2, cptr_el2);
	write_sysreg(h->mdcr_el2, mdcr_el2);
	write_sysreg(h->cnthctl_el2, cnthctl_el2);
	write_sysreg(h->hstr_el2, hstr_el2);
	write_sysreg(h->vmpidr_el2, vmpidr_el2);
	if (f->gic)
		write_sysreg(h->icc_sre_el2, icc_sre_el2);
	if (f->hcx)
		write_sysreg(h->hcrx_el2, s3_4_c1_c2_2);
	if (f->fgt) {
		write_sysreg(h->hfgrtr_el2, s3_4_c1_c1_4);
		write_sysreg(h->hfgwtr_el2, s3_4_c1_c1_5);
		write_sysreg(h->hfgitr_el2, s3_4_c1_c1_6);
		write_sysreg(h->hdfgrtr_el2, s3_4_c3_c1_4);
		write_sysreg(h->hdfgwtr_el2, s3_4_c3_c1_5);
	}
}

/* The guest's EL2 controls: constants, plus what the host must keep. */
static void guest_ctl_load(const struct avcpu_hyp_vcpu *vcpu,
			   const struct avcpu_hyp_el2_ctl *h,
			   const struct hyp_features *f)
{
	unsigned long hcr = AVCPU_GUEST_HCR;

	/* Error record registers exist only with FEAT_RAS. */
	if (f->ras)
		hcr |= AVCPU_GUEST_HCR_RAS;
	write_sysreg(vcpu->vtcr_el2, vtcr_el2);
	write_sysreg(vcpu->vttbr_el2, vttbr_el2);
	write_sysreg(vcpu->vmpidr_el2, vmpidr_el2);
	/* FP/SIMD allowed (the driver owns it); SVE, SME, trace trapped. */
	write_sysreg(AVCPU_GUEST_CPTR, cptr_el2);
	/* Debug and PMU trapped; the host's counter partition kept. */
	write_sysreg((h->mdcr_el2 & AVCPU_MDCR_HOST_KEEP) | AVCPU_GUEST_MDCR,
		     mdcr_el2);
	/* The EL1 physical timer is the nVHE host's tick: guest keeps off. */
	write_sysreg((h->cnthctl_el2 & ~AVCPU_CNTHCTL_EL1PCEN) |
		     AVCPU_GUEST_CNTHCTL, cnthctl_el2);
	write_sysreg(0, hstr_el2);
	/*
	 * As KVM does: the guest must not change the GIC CPU interface mode
	 * the host relies on (ICC_SRE_EL1 accesses trap).
	 */
	if (f->gic)
		write_sysreg(h->icc_sre_el2 & ~ICC_SRE_EL2_ENABLE, icc_sre_el2);
	/*
	 * The host kernel turns on EL1 features through HCRX_EL2 (TCR2En:
	 * its stage-1 permission indirection) and fine-grained trap
	 * registers (the n* bits that let EL1 reach PIR_EL1, POR_EL0,
	 * TPIDR2_EL0...).  None of those registers is switched, so the
	 * guest gets none of it: HCRX 0 and every fine-grained register 0,
	 * where an "n" bit at 0 traps and a plain bit at 0 does not.
	 */
	if (f->hcx)
		write_sysreg(0, s3_4_c1_c2_2);
	if (f->fgt) {
		write_sysreg(0, s3_4_c1_c1_4);
		write_sysreg(0, s3_4_c1_c1_5);
		write_sysreg(0, s3_4_c1_c1_6);
		write_sysreg(0, s3_4_c3_c1_4);
		write_sysreg(0, s3_4_c3_c1_5);
	}
	write_sysreg(hcr, hcr_el2);
}

/*
 * HPFAR_EL2 is valid for stage-2 translation and access-flag faults and
 * for faults on a stage-1 walk; for a permission fault translate FAR with
 * the guest's stage 1 (as KVM's __get_fault_info() does).  Runs with the
 * guest's EL1 state and VTTBR still loaded, after the guest's PAR_EL1 has
 * been saved.
 */
static void exit_fault_info(struct avcpu_hyp_vcpu *vcpu)
{
	unsigned long esr = vcpu->exit.esr;
	unsigned long ec = (esr >> ESR_EC_SHIFT) & ESR_EC_MASK;

	vcpu->exit.par = 0;
	if (ec != ESR_EC_DABT_LOW && ec != ESR_EC_IABT_LOW)
		return;
	if (esr & ESR_ABT_S1PTW)
		return;
	if ((esr & ESR_ABT_FSC_TYPE_MASK) != ESR_ABT_FSC_PERM)
		return;
	asm volatile("at s1e1r, %0" : : "r" (vcpu->exit.far));
	isb();
	vcpu->exit.par = read_sysreg(par_el1);
}

long hyp_vcpu_run(struct avcpu_hyp_vcpu *vcpu, struct avcpu_hyp_percpu *pc)
{
	/* Private copies: the entry state is checked on what is used. */
	unsigned long spsr = READ_ONCE(vcpu->ctx.spsr);
	unsigned long elr = READ_ONCE(vcpu->ctx.elr);
	struct hyp_features f;
	long ret;

	/* Never eret to EL2 or an illegal state; VMID 0 is the host's. */
	if (!spsr_ok(spsr) || !(vcpu->vttbr_el2 >> VTTBR_VMID_SHIFT))
		return AVCPU_HC_EINVAL;

	hyp_features_read(&f, pc);
	hyp_sysregs_save(&pc->host_sys);
	host_ctl_save(&pc->host_ctl, &f);
	pc->host_saved = 1;

	hyp_spec_at_guest_begin(pc);
	hyp_sysregs_restore(&vcpu->sys);
	guest_ctl_load(vcpu, &pc->host_ctl, &f);
	hyp_spec_at_guest_end(pc, &vcpu->sys);
	write_sysreg(elr, elr_el2);
	write_sysreg(spsr, spsr_el2);
	/* The new VTTBR/HCR must be in effect before the eret. */
	isb();

	ret = __hyp_guest_enter(&vcpu->ctx, pc);

	vcpu->exit.esr = read_sysreg(esr_el2);
	vcpu->exit.far = read_sysreg(far_el2);
	vcpu->exit.hpfar = read_sysreg(hpfar_el2);
	hyp_sysregs_save(&vcpu->sys);
	if (ret == AVCPU_RUN_SYNC)
		exit_fault_info(vcpu);
	hyp_spec_at_host_begin(pc);
	/*
	 * The guest's virtual timer must not fire into the host: the
	 * host's CNTV_CTL_EL0 (restored below) replaces it.
	 */
	host_ctl_restore(&pc->host_ctl, &f);
	isb();
	hyp_sysregs_restore(&pc->host_sys);
	hyp_spec_at_host_end(pc, &pc->host_sys);
	pc->host_saved = 0;
	isb();
	return ret;
}

/*
 * Called by exception.S when EL2 faults inside a host call: if the host's
 * state was switched out for a guest's, put it back before returning.
 */
void hyp_fault_restore_host(struct avcpu_hyp_percpu *pc)
{
	struct hyp_features f;

	pc->guest_ctx = 0;
	if (!pc->host_saved)
		return;
	hyp_features_read(&f, pc);
	hyp_spec_at_host_begin(pc);
	host_ctl_restore(&pc->host_ctl, &f);
	isb();
	hyp_sysregs_restore(&pc->host_sys);
	hyp_spec_at_host_end(pc, &pc->host_sys);
	pc->host_saved = 0;
	isb();
}

/*
 * Invalidate every stage-1+2 translation of one VMID, on every CPU
 * (inner-shareable broadcast), after the driver changed that VM's stage-2
 * tables or before it reuses the VMID.  The dsb completes the
 * invalidation on all CPUs before the driver unpins pages.
 */
void hyp_s2_flush_vmid(unsigned long vttbr)
{
	unsigned long old = read_sysreg(vttbr_el2);
	struct hyp_spec_at_ctx at;

	hyp_spec_at_vmid_enter(this_percpu(), &at);
	write_sysreg(vttbr, vttbr_el2);
	isb();
	asm volatile("tlbi vmalls12e1is" : : : "memory");
	dsb_ish();
	write_sysreg(old, vttbr_el2);
	isb();
	hyp_spec_at_vmid_exit(this_percpu(), &at);
}
