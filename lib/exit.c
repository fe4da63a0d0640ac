// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu EL2: exits answered at EL2 without switching back to the host
 * ("T0").  The guest's whole EL1 state is still loaded, so an emulated
 * system-register write is a plain msr, and the guest resumes with only
 * its general-purpose registers saved and restored.
 *
 * One table, by ESR_EL2.EC; a handler returns T0_RESUME (the guest goes
 * on), T0_EXIT (an ordinary exit to the driver) or T0_EXIT_DONE (the
 * instruction is complete, but the driver has work to do first: see
 * exit.flags).
 */
#include "hyp.h"
#include "inject_entry.h"
#include "smccc.h"
#include "sysreg.h"

#define ESR_EC_SMC64		0x17
#define ESR_EC_SYS64		0x18
#define ESR_HVC_IMM_MASK	0xffff
#define ESR_ISS_MASK		0x1ffffff
#define SYS_ISS_DIR_READ	BIT(0)
#define SYS_ISS_RT_SHIFT	5
/* Op0, Op2, Op1, CRn, CRm of a trapped msr/mrs/sys, as one key. */
#define SYS_ISS_KEY_MASK	(ESR_ISS_MASK & ~(0x1fUL << SYS_ISS_RT_SHIFT) & \
				 ~SYS_ISS_DIR_READ)
#define SYS_KEY(op0, op1, crn, crm, op2)				\
	(((unsigned long)(op0) << 20) | ((unsigned long)(op2) << 17) |	\
	 ((unsigned long)(op1) << 14) | ((unsigned long)(crn) << 10) |	\
	 ((unsigned long)(crm) << 1))

#define SCTLR_EL1_M		BIT(0)
#define SCTLR_EL1_C		BIT(2)

enum { T0_EXIT, T0_RESUME, T0_EXIT_DONE };

typedef int (*t0_handler)(struct avcpu_hyp_vcpu *vcpu, unsigned long esr);

static unsigned long guest_reg(const struct avcpu_hyp_vcpu *vcpu, int rt)
{
	return rt == 31 ? 0 : vcpu->ctx.x[rt];
}

static int cache_enabled(unsigned long sctlr)
{
	return (sctlr & (SCTLR_EL1_M | SCTLR_EL1_C)) ==
	       (SCTLR_EL1_M | SCTLR_EL1_C);
}

/*
 * SCTLR_EL1 under TVM (no FEAT_S2FWB): KVM's kvm_toggle_cache().  A
 * change of MMU+caches on/off needs the VM's memory cleaned and
 * invalidated to PoC (the driver does it before the guest resumes), and
 * once both are on, TVM is no longer needed (until a set/way operation).
 */
static int t0_sctlr(struct avcpu_hyp_vcpu *vcpu, unsigned long val)
{
	int was = cache_enabled(read_sysreg(sctlr_el1));
	int now = cache_enabled(val);

	write_sysreg(val, sctlr_el1);
	if (now) {
		vcpu->hcr_dyn &= ~AVCPU_HCR_TVM;
		write_sysreg(read_sysreg(hcr_el2) & ~AVCPU_HCR_TVM, hcr_el2);
	}
	isb();
	if (was == now)
		return T0_RESUME;
	vcpu->exit.flags |= AVCPU_HYP_EXIT_FLUSH_VM;
	return T0_EXIT_DONE;
}

/*
 * The registers HCR_EL2.TVM traps writes to (the EL1 virtual-memory
 * controls of the CPUs we run on; the FEAT_TCR2/S1PIE/S1POE ones trap
 * through HCRX/FGT, which the guest gets as 0).
 */
static int t0_vm_reg(struct avcpu_hyp_vcpu *vcpu, unsigned long key,
		     unsigned long val)
{
	switch (key) {
	case SYS_KEY(3, 0, 1, 0, 0):
		return t0_sctlr(vcpu, val);
	case SYS_KEY(3, 0, 2, 0, 0):
		write_sysreg(val, ttbr0_el1);
		break;
	case SYS_KEY(3, 0, 2, 0, 1):
		write_sysreg(val, ttbr1_el1);
		break;
	case SYS_KEY(3, 0, 2, 0, 2):
		write_sysreg(val, tcr_el1);
		break;
	case SYS_KEY(3, 0, 5, 1, 0):
		write_sysreg(val, afsr0_el1);
		break;
	case SYS_KEY(3, 0, 5, 1, 1):
		write_sysreg(val, afsr1_el1);
		break;
	case SYS_KEY(3, 0, 5, 2, 0):
		write_sysreg(val, esr_el1);
		break;
	case SYS_KEY(3, 0, 6, 0, 0):
		write_sysreg(val, far_el1);
		break;
	case SYS_KEY(3, 0, 10, 2, 0):
		write_sysreg(val, mair_el1);
		break;
	case SYS_KEY(3, 0, 10, 3, 0):
		write_sysreg(val, amair_el1);
		break;
	case SYS_KEY(3, 0, 13, 0, 1):
		write_sysreg(val, contextidr_el1);
		break;
	default:
		return T0_EXIT;
	}
	/* The new translation controls apply from the next instruction. */
	isb();
	return T0_RESUME;
}

/*
 * DC ISW/CSW/CISW (HCR_EL2.TSW): by set/way, meaningless to a guest that
 * does not own the cache geometry.  KVM's kvm_set_way_flush(): with
 * FEAT_S2FWB nothing to do; otherwise the first one cleans the whole VM
 * to PoC (the driver) and turns TVM on, so that the guest turning its
 * caches on or off next is seen and cleaned again.
 */
static int t0_setway(struct avcpu_hyp_vcpu *vcpu)
{
	vcpu->t0.setway++;
	if (vcpu->hcr_dyn & (AVCPU_HCR_FWB | AVCPU_HCR_TVM))
		return T0_RESUME;
	vcpu->hcr_dyn |= AVCPU_HCR_TVM;
	vcpu->exit.flags |= AVCPU_HYP_EXIT_FLUSH_VM;
	return T0_EXIT_DONE;
}

/*
 * HCR_EL2.TID2 (CTR_EL0 differs between CPUs): CTR_EL0 reads the value
 * that holds on every CPU the vCPU may run on (the kernel's sanitised one,
 * as KVM's access_ctr()); the cache-geometry registers read this CPU's
 * (CSSELR_EL1 is the guest's own, switched).
 */
static int t0_cache_id(struct avcpu_hyp_vcpu *vcpu, unsigned long esr,
		       unsigned long key, int rt)
{
	int read = esr & SYS_ISS_DIR_READ;
	unsigned long val = 0;

	if (!(vcpu->hcr_dyn & AVCPU_HCR_TID2))
		return T0_EXIT;
	switch (key) {
	case SYS_KEY(3, 3, 0, 0, 1):		/* CTR_EL0 */
		val = vcpu->ctr_el0;
		break;
	case SYS_KEY(3, 1, 0, 0, 0):		/* CCSIDR_EL1 */
		val = read_sysreg(ccsidr_el1);
		break;
	case SYS_KEY(3, 1, 0, 0, 1):		/* CLIDR_EL1 */
		val = read_sysreg(clidr_el1);
		break;
	case SYS_KEY(3, 1, 0, 0, 2):		/* CCSIDR2_EL1 (FEAT_CCIDX) */
		val = read_sysreg(s3_1_c0_c0_2);
		break;
	case SYS_KEY(3, 2, 0, 0, 0):		/* CSSELR_EL1 */
		if (!read) {
			write_sysreg(guest_reg(vcpu, rt), csselr_el1);
			isb();
			return T0_RESUME;
		}
		val = read_sysreg(csselr_el1);
		break;
	}
	if (!read)
		return T0_EXIT;		/* a write to a read-only register */
	if (rt != 31)
		vcpu->ctx.x[rt] = val;
	return T0_RESUME;
}

/*
 * The guest takes an undefined instruction at its own EL1 (KVM's
 * undef_access()) without leaving EL2: lib/inject_entry.c's exception
 * entry on the live EL1 registers, which are the guest's during T0.  The
 * PC is the vector and the trapping instruction has not completed, so
 * nothing steps it.  A direct read of a system register sees an earlier
 * direct write to it, and the eret is the context synchronization event
 * for everything else: no isb.
 */
static int t0_undef(struct avcpu_hyp_vcpu *vcpu)
{
	struct avcpu_hyp_sysregs s;

	s.vbar_el1 = read_sysreg(vbar_el1);
	s.sctlr_el1 = read_sysreg(sctlr_el1);
	avcpu_exception_entry(&vcpu->ctx, &s, AVCPU_ESR_UNDEF);
	write_sysreg(s.esr_el1, esr_el1);
	write_sysreg(s.elr_el1, elr_el1);
	write_sysreg(s.spsr_el1, spsr_el1);
	vcpu->t0.sysreg++;
	return T0_RESUME;
}

/*
 * Registers answered by their encoding alone (lib/sysreg.c): undefined,
 * or a constant with writes ignored.  T0_EXIT for every other one.
 */
static int t0_sysreg_fixed(struct avcpu_hyp_vcpu *vcpu, unsigned long esr,
			   int rt)
{
	unsigned long val;

	switch (avcpu_sysreg_decide(esr, &val)) {
	case AVCPU_SYSREG_UNDEF:
		return t0_undef(vcpu);
	case AVCPU_SYSREG_CONST:
		if ((esr & SYS_ISS_DIR_READ) && rt != 31)
			vcpu->ctx.x[rt] = val;
		vcpu->t0.sysreg++;
		hyp_skip_insn(&vcpu->ctx);
		return T0_RESUME;
	}
	return T0_EXIT;
}

static int t0_sys64(struct avcpu_hyp_vcpu *vcpu, unsigned long esr)
{
	unsigned long key = esr & SYS_ISS_KEY_MASK;
	int rt = (esr >> SYS_ISS_RT_SHIFT) & 0x1f;
	int ret;

	switch (key) {
	case SYS_KEY(3, 3, 0, 0, 1):
	case SYS_KEY(3, 1, 0, 0, 0):
	case SYS_KEY(3, 1, 0, 0, 1):
	case SYS_KEY(3, 1, 0, 0, 2):
	case SYS_KEY(3, 2, 0, 0, 0):
		ret = t0_cache_id(vcpu, esr, key, rt);
		if (ret != T0_EXIT)
			vcpu->t0.sysreg++;
		break;
	case SYS_KEY(1, 0, 7, 6, 2):		/* DC ISW */
	case SYS_KEY(1, 0, 7, 10, 2):		/* DC CSW */
	case SYS_KEY(1, 0, 7, 14, 2):		/* DC CISW */
		ret = t0_setway(vcpu);
		break;
	default:
		/* ID registers (HCR_EL2.TID3): lib/idregs.c. */
		if (hyp_idreg_key(key)) {
			ret = hyp_idreg_read(vcpu, esr, key, rt) ?
			      T0_RESUME : T0_EXIT;
			if (ret != T0_EXIT)
				vcpu->t0.sysreg++;
			break;
		}
		/* Op0 2: debug registers (MDCR_EL2.TDA, TDOSA, TDRA). */
		if (((key >> 20) & 3) == 2) {
			ret = hyp_debug_sysreg(vcpu, esr, key, rt) ?
			      T0_RESUME : T0_EXIT;
			if (ret != T0_EXIT)
				vcpu->t0.sysreg++;
			break;
		}
		/* PMU, LORegion, ICC_SRE_EL1: stepped (or not) there. */
		ret = t0_sysreg_fixed(vcpu, esr, rt);
		if (ret != T0_EXIT)
			return ret;
		if ((esr & SYS_ISS_DIR_READ) ||
		    !(vcpu->hcr_dyn & AVCPU_HCR_TVM))
			return T0_EXIT;
		ret = t0_vm_reg(vcpu, key, guest_reg(vcpu, rt));
		if (ret != T0_EXIT)
			vcpu->t0.sysreg++;
	}
	if (ret != T0_EXIT)
		hyp_skip_insn(&vcpu->ctx);
	return ret;
}

/*
 * hvc #0 and smc #0: SMCCC.  The calls lib/smccc.c answers from what the
 * driver prepared are answered here; the rest go to the driver (PSCI
 * power management, flagged SMCCC_T1) or to the VMM.  Any other
 * immediate is not an SMCCC call and always goes to the VMM.  A trapped
 * smc (HCR_EL2.TSC) returns to the smc itself, an hvc already past it.
 */
static int t0_smccc(struct avcpu_hyp_vcpu *vcpu, unsigned long esr)
{
	int smc = ((esr >> ESR_EC_SHIFT) & ESR_EC_MASK) == ESR_EC_SMC64;
	unsigned long x0;
	int tier;

	if (esr & ESR_HVC_IMM_MASK)
		return T0_EXIT;
	tier = avcpu_smccc_decide(&vcpu->smccc, (unsigned int)vcpu->ctx.x[0],
				  vcpu->ctx.x[1], &x0);
	if (tier == AVCPU_SMCCC_T1)
		vcpu->exit.flags |= AVCPU_HYP_EXIT_SMCCC_T1;
	if (tier != AVCPU_SMCCC_T0)
		return T0_EXIT;
	vcpu->ctx.x[0] = x0;
	/*
	 * An hvc has completed: the CPU left SPSR.SS as software step
	 * needs.  A trapped smc had not: it completes here.
	 */
	if (smc)
		hyp_skip_insn(&vcpu->ctx);
	vcpu->t0.smccc++;
	return T0_RESUME;
}

static const t0_handler t0_handlers[ESR_EC_MASK + 1] = {
	[ESR_EC_HVC64]	= t0_smccc,
	[ESR_EC_SMC64]	= t0_smccc,
	[ESR_EC_SYS64]	= t0_sys64,
};

int hyp_exit_t0(struct avcpu_hyp_vcpu *vcpu)
{
	unsigned long esr = vcpu->exit.esr;
	t0_handler h = t0_handlers[(esr >> ESR_EC_SHIFT) & ESR_EC_MASK];

	return h ? h(vcpu, esr) == T0_RESUME : 0;
}
