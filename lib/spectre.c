// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu EL2: the speculative-AT ordering (ARM64_WORKAROUND_SPECULATIVE_AT:
 * Cortex-A76 erratum 1165522, Cortex-A72 1319367, Cortex-A57 1319537,
 * Cortex-A55 1530923) and the report of what EL2 applies.
 *
 * On an affected CPU a speculative address translation may be done with
 * a mix of the translation registers of two EL1&0 regimes (the host's and
 * a guest's, or one of them with the other's VMID) while EL2 switches
 * them, and leave a TLB entry that neither regime would have produced.
 * As KVM nVHE (hyp/include/hyp/sysreg-sr.h __sysreg_restore_el1_state,
 * nvhe/switch.c __activate_traps/__deactivate_traps, nvhe/tlb.c
 * enter/exit_vmid_context), stage-1 walks are kept off while EL2 changes
 * VTTBR_EL2 or the EL1 registers: TCR_EL1.EPD0/EPD1 set and SCTLR_EL1.M
 * set (so no flat "MMU off" translation either) until the new regime is
 * complete, then SCTLR_EL1 and only then TCR_EL1 take their real values,
 * with an isb between each step so that the CPU sees them in that order.
 *
 * Every function is a no-op on a CPU without the workaround.
 */
#include "spectre.h"

#define TCR_EL1_EPD		(TCR_EL1_EPD0 | TCR_EL1_EPD1)
#define ID_PFR1_SSBS_SHIFT	4

/*
 * Guest entry, after the host's EL1 state was saved and before any of
 * the guest's is loaded: no walk of the EL1&0 regime from here on.  The
 * host's SCTLR_EL1.M is set (the kernel runs with its MMU on) and stays
 * so until hyp_spec_at_guest_end().
 */
void hyp_spec_at_guest_begin(struct avcpu_hyp_percpu *pc)
{
	if (!hyp_spec_at(pc))
		return;
	write_sysreg(pc->host_sys.tcr_el1 | TCR_EL1_EPD, tcr_el1);
	isb();
}

/*
 * Guest entry, after every other EL1 register and the guest's VTTBR_EL2,
 * VTCR_EL2 and HCR_EL2 were written: stage 2 is configured and enabled
 * once the isb completes, and only then may the guest's stage 1 come
 * into effect, SCTLR_EL1 first, TCR_EL1 (which lifts EPDx) last.
 */
void hyp_spec_at_guest_end(struct avcpu_hyp_percpu *pc,
			   const struct avcpu_hyp_sysregs *guest)
{
	if (!hyp_spec_at(pc))
		return;
	isb();
	write_sysreg(guest->sctlr_el1, sctlr_el1);
	isb();
	write_sysreg(guest->tcr_el1, tcr_el1);
}

/*
 * Guest exit, after the guest's EL1 state was saved and before HCR_EL2 or
 * VTTBR_EL2 change: the exact opposite, walks off first, then the MMU
 * forced on (a guest may run with SCTLR_EL1.M clear).
 */
void hyp_spec_at_host_begin(struct avcpu_hyp_percpu *pc)
{
	if (!hyp_spec_at(pc))
		return;
	write_sysreg(read_sysreg(tcr_el1) | TCR_EL1_EPD, tcr_el1);
	isb();
	write_sysreg(read_sysreg(sctlr_el1) | SCTLR_EL1_M, sctlr_el1);
	isb();
}

/*
 * Guest exit, after the host's EL2 controls (VTTBR_EL2 = 0, stage 2 off)
 * and the rest of its EL1 state are back: its SCTLR_EL1, then TCR_EL1.
 */
void hyp_spec_at_host_end(struct avcpu_hyp_percpu *pc,
			  const struct avcpu_hyp_sysregs *host)
{
	if (!hyp_spec_at(pc))
		return;
	isb();
	write_sysreg(host->sctlr_el1, sctlr_el1);
	isb();
	write_sysreg(host->tcr_el1, tcr_el1);
}

/*
 * A host call that loads another VMID into VTTBR_EL2 with the host's EL1
 * regime in place (the stage-2 flush): a speculative walk of the host's
 * stage 1 would be tagged with the guest's VMID, and the guest could hit
 * that entry later.  Walks off while the VMID is foreign; the host's
 * SCTLR_EL1.M is always set.  The dsb first completes walks already
 * started (and the driver's table updates), as enter_vmid_context().
 */
void hyp_spec_at_vmid_enter(struct avcpu_hyp_percpu *pc,
			    struct hyp_spec_at_ctx *c)
{
	dsb_ish();
	if (!hyp_spec_at(pc))
		return;
	c->tcr_el1 = read_sysreg(tcr_el1);
	write_sysreg(c->tcr_el1 | TCR_EL1_EPD, tcr_el1);
	isb();
}

/*
 * After VTTBR_EL2 is back to the host's and an isb made that effective.
 * No isb needed after it: the eret to the host synchronises.
 */
void hyp_spec_at_vmid_exit(struct avcpu_hyp_percpu *pc,
			   const struct hyp_spec_at_ctx *c)
{
	if (!hyp_spec_at(pc))
		return;
	write_sysreg(c->tcr_el1, tcr_el1);
}

static unsigned long spec_mode(const struct avcpu_hyp_percpu *pc)
{
	return (pc->spec >> AVCPU_SPEC_VEC_SHIFT) &
	       ((1UL << AVCPU_SPEC_VEC_BITS) - 1);
}

/* The table the install selected (hyp_spec_vectors in spectre.h). */
static unsigned long spec_vectors(const struct avcpu_hyp_percpu *pc)
{
	unsigned long mode = spec_mode(pc);

	if (mode == AVCPU_SPEC_VEC_NONE || mode >= AVCPU_SPEC_VEC_NR)
		return (unsigned long)__avcpu_hyp_vectors;
	return (unsigned long)__hyp_spec_vectors + ((mode - 1) << 11);
}

int hyp_spec_vbar_ours(const struct avcpu_hyp_percpu *pc, unsigned long vbar)
{
	return vbar == spec_vectors(pc);
}

/*
 * AVCPU_HYP_Q_* for what this CPU applies now: the vector mitigations
 * only if VBAR_EL2 really is the table that carries them.
 */
unsigned long hyp_spec_query(const struct avcpu_hyp_percpu *pc,
			     unsigned long vbar)
{
	unsigned long flags = 0;
	unsigned long k = (pc->spec >> AVCPU_SPEC_K_SHIFT) & 0xff;

	if (hyp_spec_at(pc))
		flags |= AVCPU_HYP_Q_SPEC_AT;
	if (vbar == spec_vectors(pc)) {
		switch (spec_mode(pc)) {
		case AVCPU_SPEC_VEC_LOOP:
			if (k)
				flags |= AVCPU_HYP_Q_BHB_LOOP;
			break;
		case AVCPU_SPEC_VEC_FW:
			flags |= AVCPU_HYP_Q_BP_FW;
			break;
		case AVCPU_SPEC_VEC_CLRBHB:
			flags |= AVCPU_HYP_Q_BHB_CLRBHB;
			break;
		}
	}
	/*
	 * With FEAT_SSBS every exception to EL2 sets PSTATE.SSBS from
	 * SCTLR_EL2.DSSBS, which avcpu leaves clear: EL2 runs with
	 * speculative store bypass disabled whatever the guest chose.
	 */
	if (((read_sysreg(id_aa64pfr1_el1) >> ID_PFR1_SSBS_SHIFT) & 0xf) &&
	    !(read_sysreg(sctlr_el2) & SCTLR_EL2_DSSBS))
		flags |= AVCPU_HYP_Q_SSBD;
	return flags;
}
