// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: AVCPU_INJECT_EXCEPTION, the VMM makes the guest take an exception
 * at its EL1 (KVM's kvm_inject_undefined(), kvm_inject_dabt(),
 * kvm_inject_pabt(), kvm_inject_vabt()).
 *
 * A synchronous one waits in struct avcpu_vcpu until the next RUN, whose
 * first step applies it to the saved registers (lib/inject.c), before the
 * immediate_exit check: a VMM can then read the exception entry with
 * GET_REGS/GET_SYSREGS without running the guest, and a SET_REGS in
 * between is taken into account, as with KVM's pending exceptions.  A
 * virtual SError is HCR_EL2.VSE in the vCPU's hcr_dyn at once: the CPU
 * delivers it whenever the guest's PSTATE.A allows, and clears it.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/types.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <uapi/linux/avcpu.h>

#include "avcpu.h"
#include "vcpu.h"

#include "../lib/inject.c"

/*
 * VSESR_EL2 exists with FEAT_RAS: every CPU the vCPU may run on must have
 * it.  The kernel's sanitised ID register, not ARM64_HAS_RAS_EXTN, which
 * a kernel without CONFIG_ARM64_RAS_EXTN never sets on any CPU.
 */
static bool avcpu_inject_ras(void)
{
	u64 pfr0 = read_sanitised_ftr_reg(SYS_ID_AA64PFR0_EL1);

	return cpuid_feature_extract_unsigned_field(pfr0,
						    ID_AA64PFR0_EL1_RAS_SHIFT) >=
	       ID_AA64PFR0_EL1_RAS_IMP;
}

long avcpu_vcpu_inject(struct avcpu_vcpu *vcpu, void __user *arg)
{
	struct avcpu_hyp_vcpu *h = vcpu->hyp;
	struct avcpu_inject inj;
	int ret;

	if (copy_from_user(&inj, arg, sizeof(inj)))
		return -EFAULT;
	ret = avcpu_inject_check(&inj, avcpu_inject_ras());
	if (ret)
		return ret;
	if (inj.type == AVCPU_INJECT_SERROR) {
		/* One virtual SError at a time: the CPU has one VSE bit. */
		if (h->hcr_dyn & AVCPU_HCR_VSE)
			return -EBUSY;
		h->vsesr_el2 = avcpu_inject_vsesr(&inj);
		h->hcr_dyn |= AVCPU_HCR_VSE;
		avcpu_stat_inc(AVCPU_STAT_INJECT);
		return 0;
	}
	/* Two synchronous exceptions cannot both be the next instruction's. */
	if (vcpu->inject_pending)
		return -EBUSY;
	vcpu->inject = inj;
	vcpu->inject_pending = true;
	return 0;
}

/*
 * At the start of RUN, instead of avcpu_exit_complete(): the exception is
 * taken on the instruction the last exit stopped at, so what that exit
 * left for userspace to complete is dropped.  An MMIO access or a system
 * register access has not advanced the PC (nor written its register): the
 * guest takes the exception at the instruction itself.  An hvc's ELR is
 * already past it and driver/exit.c advanced a trapped smc's, so both go
 * back to the call (always an A64 instruction: neither exits from EL0).
 * Returns false when nothing was pending.
 */
bool avcpu_inject_run_begin(struct avcpu_vcpu *vcpu)
{
	struct avcpu_hyp_vcpu *h = vcpu->hyp;

	if (!vcpu->inject_pending)
		return false;
	if (vcpu->pending == AVCPU_PENDING_HYPERCALL)
		h->ctx.elr -= 4;
	vcpu->pending = AVCPU_PENDING_NONE;
	avcpu_inject_sync(&h->ctx, &h->sys, &vcpu->inject);
	/*
	 * The entry cleared PSTATE.SS; while the VMM steps, the guest's own
	 * bit is kept aside (driver/debug.c): clear that one too.
	 */
	vcpu->dbg_own_ss = 0;
	vcpu->inject_pending = false;
	avcpu_stat_inc(AVCPU_STAT_INJECT);
	return true;
}
