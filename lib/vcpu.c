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

#define SPSR_ALLINT		BIT(13)
#define ESR_EC_DABT_LOW		0x24
#define ESR_EC_IABT_LOW		0x20
#define ESR_EC_PC_ALIGN		0x22
#define ESR_EC_WATCHPT_LOW	0x34
#define ESR_ABT_FNV		BIT(10)
#define ESR_ABT_S1PTW		BIT(7)
#define ESR_ABT_FSC_TYPE_MASK	0x3c
#define ESR_ABT_FSC_PERM	0x0c
#define VTTBR_VMID_SHIFT	48
#define ISR_EL1_PENDING		(BIT(8) | BIT(7) | BIT(6))	/* A, I, F */
#define ESR_EC_SERROR		0x2f
#define ESR_ISS_MASK		0x1ffffffUL
#define DISR_IDS		BIT(24)
#define DISR_ESR_MASK		((7UL << 10) | BIT(9) | 0x3f)	/* AET, EA, DFSC */

/*
 * PSTATE as the guest may legitimately have it: AArch64 EL0t/EL1t/EL1h
 * with any of the bits a guest can reach (IL after an illegal exception
 * return, SS, PAN, UAO, DIT, TCO, SSBS, BTYPE...), or AArch32 EL0 (User)
 * where the CPU has AArch32 EL0.  Never EL2, never an AArch32 EL1.
 * ALLINT where FEAT_NMI exists.
 */
static int spsr_ok(unsigned long spsr, const struct hyp_features *f)
{
	unsigned long mode = spsr & SPSR_MODE_MASK;

	if (f->nmi)
		spsr &= ~SPSR_ALLINT;
	if (spsr & SPSR_MODE_AARCH32)
		return !(spsr & ~SPSR32_GUEST_ALLOWED) &&
		       mode == SPSR_MODE_USR32 &&
		       id_field(read_sysreg(id_aa64pfr0_el1), 0) == 2;
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

/*
 * The guest's EL2 controls: constants, plus what the host must keep, plus
 * the vCPU's FWB/TVM state.  Computed into @g (which GET_SYSREGS shows).
 */
static void guest_ctl_build(const struct avcpu_hyp_vcpu *vcpu,
			    const struct avcpu_hyp_el2_ctl *h,
			    const struct hyp_features *f,
			    struct avcpu_hyp_el2_ctl *g)
{
	unsigned long hcr = AVCPU_GUEST_HCR;

	/* Error record registers exist only with FEAT_RAS. */
	if (f->ras)
		hcr |= AVCPU_GUEST_HCR_RAS;
	/* LORegion registers: trapped, as KVM's trap_loregion. */
	if (f->lor)
		hcr |= AVCPU_GUEST_HCR_LOR;
	g->hcr_el2 = hcr | (vcpu->hcr_dyn & AVCPU_HCR_DYN_MASK);
	g->vttbr_el2 = vcpu->vttbr_el2;
	g->vtcr_el2 = vcpu->vtcr_el2;
	g->vmpidr_el2 = vcpu->vmpidr_el2;
	/* FP/SIMD allowed (the driver owns it); SVE, SME, trace trapped. */
	g->cptr_el2 = AVCPU_GUEST_CPTR;
	/*
	 * PMU, SPE, trace and debug trapped, their buffers included
	 * (E2PB = E2TB = 0); the host's counter partition (HPMN) kept.
	 * lib/debug.c then clears TDA or sets TDE for this entry.
	 */
	g->mdcr_el2 = (h->mdcr_el2 & AVCPU_MDCR_HOST_KEEP) | AVCPU_GUEST_MDCR;
	/* The EL1 physical timer is the nVHE host's tick: guest keeps off. */
	g->cnthctl_el2 = (h->cnthctl_el2 & ~AVCPU_CNTHCTL_EL1PCEN) |
			 AVCPU_GUEST_CNTHCTL;
	g->hstr_el2 = 0;
	/*
	 * As KVM does: the guest must not change the GIC CPU interface mode
	 * the host relies on (ICC_SRE_EL1 accesses trap).
	 */
	g->icc_sre_el2 = f->gic ? h->icc_sre_el2 & ~ICC_SRE_EL2_ENABLE : 0;
}

static void guest_ctl_load(const struct avcpu_hyp_el2_ctl *g,
			   const struct hyp_features *f)
{
	write_sysreg(g->vtcr_el2, vtcr_el2);
	write_sysreg(g->vttbr_el2, vttbr_el2);
	write_sysreg(g->vmpidr_el2, vmpidr_el2);
	write_sysreg(g->cptr_el2, cptr_el2);
	write_sysreg(g->mdcr_el2, mdcr_el2);
	write_sysreg(g->cnthctl_el2, cnthctl_el2);
	write_sysreg(g->hstr_el2, hstr_el2);
	if (f->gic)
		write_sysreg(g->icc_sre_el2, icc_sre_el2);
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
	write_sysreg(g->hcr_el2, hcr_el2);
}

/*
 * The syndrome registers hold what the architecture defines for this
 * exit's class, and stale values from an earlier exit (of any VM) for
 * every other class: report FAR only for aborts with a valid FAR, PC
 * alignment faults and watchpoints, HPFAR only for aborts.
 *
 * HPFAR_EL2 is valid for stage-2 translation and access-flag faults and
 * for faults on a stage-1 walk; for a permission fault translate FAR with
 * the guest's stage 1 (as KVM's __get_fault_info() does).  Runs with the
 * guest's EL1 state and VTTBR still loaded; the guest's own PAR_EL1 is
 * put back after the AT (KVM's __translate_far_to_hpfar()).
 */
static int exit_fault_info(struct avcpu_hyp_vcpu *vcpu, long ret)
{
	struct avcpu_hyp_exit *e = &vcpu->exit;
	unsigned long ec = (e->esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
	int abort = ec == ESR_EC_DABT_LOW || ec == ESR_EC_IABT_LOW;
	unsigned long par;

	e->far = 0;
	e->hpfar = 0;
	e->par = 0;
	if (ret != AVCPU_RUN_SYNC)
		return 0;
	if ((abort && !(e->esr & ESR_ABT_FNV)) || ec == ESR_EC_PC_ALIGN ||
	    ec == ESR_EC_WATCHPT_LOW)
		e->far = read_sysreg(far_el2);
	if (!abort)
		return 0;
	e->hpfar = read_sysreg(hpfar_el2);
	if (e->esr & (ESR_ABT_S1PTW | ESR_ABT_FNV))
		return 0;
	if ((e->esr & ESR_ABT_FSC_TYPE_MASK) != ESR_ABT_FSC_PERM)
		return 0;
	/*
	 * The AT walks the guest's stage 1 through stage 2, and can itself
	 * fault at EL2 if the guest (another vCPU) or the VMM changed its
	 * tables since the fault: __hyp_at_s1e1r() then returns PAR.F = 1
	 * and the guest simply runs the instruction again (KVM's __kvm_at()
	 * and __translate_far_to_hpfar()).
	 */
	par = read_sysreg(par_el1);
	e->par = __hyp_at_s1e1r(e->far);
	write_sysreg(par, par_el1);
	return e->par == AVCPU_HYP_AT_FAULTED;
}

/*
 * DISR_EL1 is not in ESR format: rebuild the SError syndrome (EC 0x2f)
 * from it, as KVM's disr_to_esr().
 */
static unsigned long disr_to_esr(unsigned long disr)
{
	unsigned long esr = (ESR_EC_SERROR << ESR_EC_SHIFT) | ESR_IL;

	if (disr & DISR_IDS)
		return esr | (disr & ESR_ISS_MASK);
	return esr | (disr & DISR_ESR_MASK);
}

/*
 * SErrors at the exit (KVM's __guest_exit): one the guest caused must be
 * the guest's exit, not the host's panic after the switch.  With FEAT_RAS
 * the esb at the vector deferred it into DISR_EL1; without, complete the
 * guest's outstanding accesses (dsb sy) and take any pending SError in a
 * one-instruction unmasked window (exception.S).
 */
static unsigned long guest_serror_sync(const struct hyp_features *f)
{
	unsigned long disr;

	if (f->ras) {
		disr = read_sysreg(s3_0_c12_c1_1);		/* DISR_EL1 */
		if (!disr)
			return 0;
		write_sysreg(0, s3_0_c12_c1_1);
		return disr_to_esr(disr) | AVCPU_HYP_SERROR_VALID;
	}
	asm volatile("dsb sy" : : : "memory");
	/* No early, side-effect free read of ISR_EL1 past the dsb. */
	isb();
	if (!(read_sysreg(isr_el1) & BIT(8)))
		return 0;
	return __hyp_serror_window();
}

/*
 * A host with pseudo-NMIs (irqchip.gicv3_pseudo_nmi=1) masks interrupts
 * with ICC_PMR_EL1, not PSTATE.I, and the driver enters the guest with
 * them masked: the guest's own PMR is the virtual interface's, so the
 * physical one would keep every host interrupt from ending the guest's
 * slice.  Open it for the guest's time and put it back after, as KVM's
 * __kvm_vcpu_run() does; EL2 runs with PSTATE.I set throughout.
 */
#define GIC_PRIO_IRQON		0xe0
#define GIC_PRIO_PSR_I_SET	0x10
#define HOST_PMR_SAVED		BIT(63)

static void host_pmr_open(struct avcpu_hyp_percpu *pc,
			  const struct hyp_features *f)
{
	unsigned long pmr;

	pc->host_pmr = 0;
	if (!f->gic)
		return;
	pmr = read_sysreg(s3_0_c4_c6_0);		/* ICC_PMR_EL1 */
	if (pmr == GIC_PRIO_IRQON || pmr == (GIC_PRIO_IRQON | GIC_PRIO_PSR_I_SET))
		return;
	pc->host_pmr = pmr | HOST_PMR_SAVED;
	write_sysreg(GIC_PRIO_IRQON | GIC_PRIO_PSR_I_SET, s3_0_c4_c6_0);
	/* The CPU interface sees the new priority mask before the eret. */
	asm volatile("dsb sy" : : : "memory");
}

static void host_pmr_restore(struct avcpu_hyp_percpu *pc)
{
	if (!(pc->host_pmr & HOST_PMR_SAVED))
		return;
	write_sysreg(pc->host_pmr & ~HOST_PMR_SAVED, s3_0_c4_c6_0);
	pc->host_pmr = 0;
	/* Masked again before the host runs a single instruction. */
	asm volatile("dsb sy" : : : "memory");
}

/*
 * Another vCPU of this VM ran on this CPU since this one did: the guest
 * may treat each vCPU's TLB as private (it does not broadcast what it
 * invalidates for one vCPU to the others), so this CPU's entries for the
 * VMID must go (KVM's __kvm_flush_cpu_context()).  VTTBR is loaded.
 */
static void guest_flush_local(void)
{
	asm volatile("tlbi vmalle1" : : : "memory");
	asm volatile("ic iallu" : : : "memory");
	asm volatile("dsb nsh" : : : "memory");
	isb();
}

/*
 * A virtual SError the VMM injected (hcr_dyn VSE, loaded with HCR_EL2):
 * its syndrome, where FEAT_RAS gives it one (VSESR_EL2; without, ESR_EL1's
 * ISS is IMPLEMENTATION DEFINED).  Only written while one is pending.
 */
static void vserror_load(const struct avcpu_hyp_vcpu *vcpu,
			 const struct hyp_features *f)
{
	if (f->ras && (vcpu->hcr_dyn & AVCPU_HCR_VSE))
		write_sysreg(vcpu->vsesr_el2, s3_4_c5_c2_3);	/* VSESR_EL2 */
}

/*
 * The CPU clears HCR_EL2.VSE when the guest takes the SError: still
 * pending only if it is still set (KVM's ___deactivate_traps()).
 */
static void vserror_sync(struct avcpu_hyp_vcpu *vcpu)
{
	if (vcpu->hcr_dyn & AVCPU_HCR_VSE)
		vcpu->hcr_dyn &= ~AVCPU_HCR_VSE |
				 (read_sysreg(hcr_el2) & AVCPU_HCR_VSE);
}

long hyp_vcpu_run(struct avcpu_hyp_vcpu *vcpu, struct avcpu_hyp_percpu *pc)
{
	/* Private copies: the entry state is checked on what is used. */
	unsigned long spsr = READ_ONCE(vcpu->ctx.spsr);
	unsigned long elr = READ_ONCE(vcpu->ctx.elr);
	struct hyp_features f;
	unsigned long serror = 0;
	int retry, lrs;
	long ret;

	hyp_features_read(&f, pc);
	/* Never eret to EL2 or an illegal state; VMID 0 is the host's. */
	if (!spsr_ok(spsr, &f) || !(vcpu->vttbr_el2 >> VTTBR_VMID_SHIFT))
		return AVCPU_HC_EINVAL;

	hyp_sysregs_save(&pc->host_sys);
	host_ctl_save(&pc->host_ctl, &f);
	host_feat_save(&pc->host_feat, &f);
	pc->host_saved = 1;
	host_buffers_stop(pc, &f);
	/*
	 * Page-table walks the host's EL1&0 regime started before the hvc
	 * must complete before that regime's registers change (DDI 0487
	 * R_LFHQG, as KVM's __kvm_vcpu_run()); this also completes the
	 * buffer drain above.
	 */
	asm volatile("dsb nsh" : : : "memory");

	hyp_spec_at_guest_begin(pc);
	hyp_sysregs_restore(&vcpu->sys);
	feat_regs_load(&vcpu->feat, &f);
	vserror_load(vcpu, &f);
	lrs = hyp_vgic_load(vcpu, &f);
	guest_ctl_build(vcpu, &pc->host_ctl, &f, &vcpu->ctl);
	hyp_debug_enter(vcpu, pc, &f);
	guest_ctl_load(&vcpu->ctl, &f);
	hyp_spec_at_guest_end(pc, &vcpu->sys);
	/* The new VTTBR/HCR must be in effect before the eret. */
	isb();
	/*
	 * With FEAT_IESB the hvc that brought us here may have deferred a
	 * host SError into DISR_EL1: it is the host's, never the guest's
	 * (the driver reports it), and must not be read at the guest's
	 * exit.
	 */
	if (f.ras) {
		unsigned long disr = read_sysreg(s3_0_c12_c1_1);

		if (disr) {
			write_sysreg(0, s3_0_c12_c1_1);
			pc->host_serror = disr_to_esr(disr);
			pc->host_serrors++;
		}
	}
	if (vcpu->flags & AVCPU_HYP_VCPU_FLUSH_LOCAL)
		guest_flush_local();
	vcpu->flags = 0;
	vcpu->exit.flags = 0;
	host_pmr_open(pc, &f);

	for (;;) {
		/*
		 * An interrupt or SError already pending at EL2 is the
		 * host's: do not enter (it would end the slice at once, or
		 * the SError would be reported as the guest's).  The
		 * host takes it once its state is back.
		 */
		if (read_sysreg(isr_el1) & ISR_EL1_PENDING) {
			ret = AVCPU_RUN_IRQ;
			vcpu->exit.esr = 0;
			exit_fault_info(vcpu, ret);
			break;
		}
		write_sysreg(elr, elr_el2);
		write_sysreg(spsr, spsr_el2);
		ret = __hyp_guest_enter(&vcpu->ctx, pc);
		vcpu->exit.esr = 0;
		if (ret == AVCPU_RUN_SYNC)
			vcpu->exit.esr = read_sysreg(esr_el2);
		else if (ret == AVCPU_RUN_SERROR)
			serror = read_sysreg(esr_el2) | AVCPU_HYP_SERROR_VALID;
		retry = exit_fault_info(vcpu, ret);
		if (!serror)
			serror = guest_serror_sync(&f);
		if (serror)
			break;
		if (retry)
			goto resume;
		/* T0: answered here, the guest resumes without the host. */
		if (ret != AVCPU_RUN_SYNC || !hyp_exit_t0(vcpu))
			break;
resume:
		elr = vcpu->ctx.elr;
		spsr = vcpu->ctx.spsr;
	}
	vcpu->exit.serror = serror;
	if (serror) {
		ret = AVCPU_RUN_SERROR;
		/*
		 * The exit the SError came with is taken again when the
		 * guest resumes, so nothing is lost: every trapping
		 * instruction re-executes, except hvc, which has already
		 * been stepped over.
		 */
		if (((vcpu->exit.esr >> ESR_EC_SHIFT) & ESR_EC_MASK) ==
		    ESR_EC_HVC64) {
			vcpu->ctx.elr -= 4;
			/* Not stepped after all, if stepping was on. */
			if (read_sysreg(mdscr_el1) & MDSCR_SS)
				vcpu->ctx.spsr |= SPSR_SS;
		}
	}

	host_pmr_restore(pc);
	vserror_sync(vcpu);
	hyp_vgic_save(vcpu, lrs);
	hyp_sysregs_save(&vcpu->sys);
	hyp_debug_exit(vcpu, pc, &f);
	feat_regs_save(&vcpu->feat, &f);
	/*
	 * The guest's EL1&0 walks complete before the host's regime is
	 * loaded (R_LFHQG again).
	 */
	asm volatile("dsb nsh" : : : "memory");
	hyp_spec_at_host_begin(pc);
	/*
	 * The guest's virtual timer must not fire into the host: the
	 * host's CNTV_CTL_EL0 (restored below) replaces it.
	 */
	host_ctl_restore(&pc->host_ctl, &f);
	isb();
	hyp_sysregs_restore(&pc->host_sys);
	hyp_spec_at_host_end(pc, &pc->host_sys);
	host_feat_load(&pc->host_feat, &f);
	pc->host_saved = 0;
	host_buffers_restart(pc);
	isb();
	return ret;
}

/* GET_SYSREGS before the first RUN: what EL2 would load here. */
void hyp_vcpu_init(struct avcpu_hyp_vcpu *vcpu, struct avcpu_hyp_percpu *pc)
{
	struct avcpu_hyp_el2_ctl h;
	struct hyp_features f;

	hyp_features_read(&f, pc);
	host_ctl_save(&h, &f);
	guest_ctl_build(vcpu, &h, &f, &vcpu->ctl);
	hyp_vgic_init(vcpu, &f);
}

/*
 * Called by exception.S when EL2 faults inside a host call: if the host's
 * state was switched out for a guest's, put it back before returning.
 */
void hyp_fault_restore_host(struct avcpu_hyp_percpu *pc)
{
	struct hyp_features f;

	pc->guest_ctx = 0;
	host_pmr_restore(pc);
	if (!pc->host_saved)
		return;
	hyp_features_read(&f, pc);
	hyp_vgic_fault_reset(&f);
	hyp_debug_fault_restore(pc, &f);
	hyp_spec_at_host_begin(pc);
	host_ctl_restore(&pc->host_ctl, &f);
	isb();
	hyp_sysregs_restore(&pc->host_sys);
	hyp_spec_at_host_end(pc, &pc->host_sys);
	host_feat_load(&pc->host_feat, &f);
	pc->host_saved = 0;
	host_buffers_restart(pc);
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
