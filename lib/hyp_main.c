// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu EL2: host-call dispatch.
 *
 * Two tables: the kernel hyp-stub calls (x0 = 0..3), which keep their
 * meaning for the host, and avcpu's own calls (AVCPU_HC_*).  Anything else
 * gets the stub's own answer to an unknown call, HVC_STUB_ERR.
 */
#include "hyp.h"
#include "spectre.h"

typedef unsigned long (*host_call_fn)(struct avcpu_hyp_frame *f,
				      struct avcpu_hyp_percpu *pc);

/*
 * A host stub call that would hand EL2 to someone else (kexec, hibernation
 * resume, KVM taking EL2 late).  While the driver has pinned EL2 (vCPUs
 * live, or the pin_el2 parameter) it is refused with the stub's error
 * value.  Otherwise EL2 goes back to exactly the state the stub had, and
 * this CPU is lost to avcpu; the driver sees the state.
 */
static unsigned long stub_take(struct avcpu_hyp_frame *f,
			       struct avcpu_hyp_percpu *pc,
			       unsigned long new_vbar, unsigned long action)
{
	if (pc->pinned) {
		pc->refused_calls++;
		f->x[0] = AVCPU_STUB_ERR;
		return HYP_ACT_RETURN;
	}
	pc->state = AVCPU_HYP_STATE_LOST;
	pc->lost_call = f->x[0];
	f->new_vbar = new_vbar;
	return action;
}

static unsigned long stub_set_vectors(struct avcpu_hyp_frame *f,
				      struct avcpu_hyp_percpu *pc)
{
	return stub_take(f, pc, f->x[1], HYP_ACT_GIVE_BACK);
}

static unsigned long stub_soft_restart(struct avcpu_hyp_frame *f,
				       struct avcpu_hyp_percpu *pc)
{
	return stub_take(f, pc, pc->stub_vbar, HYP_ACT_SOFT_RESTART);
}

static unsigned long stub_reset_vectors(struct avcpu_hyp_frame *f,
					struct avcpu_hyp_percpu *pc)
{
	return stub_take(f, pc, pc->stub_vbar, HYP_ACT_GIVE_BACK);
}

/*
 * HVC_FINALISE_EL2 only makes sense once, at boot, on the stub; EL2 is
 * already configured.  Refused with the stub's error value.
 */
static unsigned long stub_finalise(struct avcpu_hyp_frame *f,
				   struct avcpu_hyp_percpu *pc)
{
	pc->refused_calls++;
	f->x[0] = AVCPU_STUB_ERR;
	return HYP_ACT_RETURN;
}

static const host_call_fn stub_calls[AVCPU_STUB_NR] = {
	[AVCPU_STUB_SET_VECTORS]	= stub_set_vectors,
	[AVCPU_STUB_SOFT_RESTART]	= stub_soft_restart,
	[AVCPU_STUB_RESET_VECTORS]	= stub_reset_vectors,
	[AVCPU_STUB_FINALISE_EL2]	= stub_finalise,
};

static unsigned long hc_probe(struct avcpu_hyp_frame *f,
			      struct avcpu_hyp_percpu *pc)
{
	f->x[0] = AVCPU_HYP_MAGIC;
	return HYP_ACT_RETURN;
}

/*
 * Read at EL2, on this CPU, now: the answer proves which code EL2 runs,
 * since only code reached through VBAR_EL2 can produce it and it compares
 * VBAR_EL2 against its own vectors.
 */
static unsigned long hc_query(struct avcpu_hyp_frame *f,
			      struct avcpu_hyp_percpu *pc)
{
	unsigned long vbar = read_sysreg(vbar_el2);
	unsigned long flags = 0;

	if (hyp_spec_vbar_ours(pc, vbar))
		flags |= AVCPU_HYP_Q_VBAR_OURS;
	flags |= hyp_spec_query(pc, vbar);
	if (read_sysreg(tpidr_el2) == pc->self)
		flags |= AVCPU_HYP_Q_PERCPU_OK;
	f->x[0] = AVCPU_HC_OK;
	f->x[1] = vbar;
	f->x[2] = read_sysreg(sctlr_el2);
	f->x[3] = read_sysreg(ttbr0_el2);
	f->x[4] = read_sysreg(tcr_el2);
	f->x[5] = flags;
	return HYP_ACT_RETURN;
}

static unsigned long hc_uninstall(struct avcpu_hyp_frame *f,
				  struct avcpu_hyp_percpu *pc)
{
	pc->state = AVCPU_HYP_STATE_GIVEN_BACK;
	f->new_vbar = pc->stub_vbar;
	return HYP_ACT_GIVE_BACK;
}

static unsigned long hc_vcpu_run(struct avcpu_hyp_frame *f,
				 struct avcpu_hyp_percpu *pc)
{
	f->x[0] = hyp_vcpu_run((struct avcpu_hyp_vcpu *)f->x[1], pc);
	return HYP_ACT_RETURN;
}

static unsigned long hc_vcpu_init(struct avcpu_hyp_frame *f,
				  struct avcpu_hyp_percpu *pc)
{
	hyp_vcpu_init((struct avcpu_hyp_vcpu *)f->x[1], pc);
	f->x[0] = AVCPU_HC_OK;
	return HYP_ACT_RETURN;
}

static unsigned long hc_s2_flush(struct avcpu_hyp_frame *f,
				 struct avcpu_hyp_percpu *pc)
{
	hyp_s2_flush_vmid(f->x[1]);
	f->x[0] = AVCPU_HC_OK;
	return HYP_ACT_RETURN;
}

/*
 * The driver removed a page from EL2's tables (a vCPU went away): drop
 * its translation on every CPU before the page can be reused.
 */
static unsigned long hc_el2_unmap(struct avcpu_hyp_frame *f,
				  struct avcpu_hyp_percpu *pc)
{
	dsb_ishst();
	asm volatile("tlbi vae2is, %0" : : "r" (f->x[1] >> 12) : "memory");
	dsb_ish();
	isb();
	f->x[0] = AVCPU_HC_OK;
	return HYP_ACT_RETURN;
}

/*
 * VMID rollover (driver/vmid.c): every VMID's stage-1 and stage-2 entries
 * go, on every CPU, before the driver hands an index to a new VM.  The
 * first dsb makes the driver's table writes visible to walkers first
 * (as KVM's __kvm_flush_vm_context); the second completes the broadcast
 * invalidation on all CPUs before the driver goes on.
 */
static unsigned long hc_tlb_flush_all(struct avcpu_hyp_frame *f,
				      struct avcpu_hyp_percpu *pc)
{
	dsb_ish();
	asm volatile("tlbi alle1is" : : : "memory");
	dsb_ish();
	isb();
	f->x[0] = AVCPU_HC_OK;
	return HYP_ACT_RETURN;
}

static const host_call_fn avcpu_calls[AVCPU_HC_NR] = {
	[AVCPU_HC_PROBE - AVCPU_HC_BASE]	= hc_probe,
	[AVCPU_HC_QUERY - AVCPU_HC_BASE]	= hc_query,
	[AVCPU_HC_UNINSTALL - AVCPU_HC_BASE]	= hc_uninstall,
	[AVCPU_HC_VCPU_RUN - AVCPU_HC_BASE]	= hc_vcpu_run,
	[AVCPU_HC_S2_FLUSH - AVCPU_HC_BASE]	= hc_s2_flush,
	[AVCPU_HC_EL2_UNMAP - AVCPU_HC_BASE]	= hc_el2_unmap,
	[AVCPU_HC_TLB_FLUSH_ALL - AVCPU_HC_BASE] = hc_tlb_flush_all,
	[AVCPU_HC_VCPU_INIT - AVCPU_HC_BASE]	= hc_vcpu_init,
};

/*
 * Called from exception.S for every synchronous exception from EL1 while
 * no guest is loaded on this CPU.  Returns HYP_ACT_*.
 */
unsigned long avcpu_hyp_host_trap(struct avcpu_hyp_frame *f,
				  struct avcpu_hyp_percpu *pc)
{
	unsigned long esr = read_sysreg(esr_el2);
	unsigned long id = f->x[0];

	pc->host_calls++;
	if (((esr >> ESR_EC_SHIFT) & ESR_EC_MASK) != ESR_EC_HVC64) {
		/*
		 * Nothing the host does is trapped to EL2 except hvc.
		 * Record the exception and step over the instruction so the
		 * host cannot loop on it.
		 */
		pc->unexpected[8]++;
		pc->fault.esr = esr;
		pc->fault.elr = f->elr;
		pc->fault.far = read_sysreg(far_el2);
		pc->fault.spsr = f->spsr;
		f->elr += (esr & ESR_IL) ? 4 : 2;
		return HYP_ACT_RETURN;
	}

	if (id < HYP_ARRAY_SIZE(stub_calls))
		return stub_calls[id](f, pc);
	if (id - AVCPU_HC_BASE < HYP_ARRAY_SIZE(avcpu_calls))
		return avcpu_calls[id - AVCPU_HC_BASE](f, pc);

	f->x[0] = AVCPU_STUB_ERR;
	return HYP_ACT_RETURN;
}
