// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: the choice of EL2 speculation mitigations for one CPU, as a pure
 * function of what driver/spectre.c found out about it, so that KUnit
 * (selftests/avcpu/kunit/avcpu_spec_kunit.c) can run it for CPUs and
 * firmware QEMU does not have.  Built into the driver and into the test.
 */
#include <linux/arm-smccc.h>
#include <linux/bits.h>
#include <linux/types.h>
#include <avcpu/hyp_abi.h>

#include "spectre_choose.h"

enum spec_state { SPEC_UNAFFECTED, SPEC_MITIGATED, SPEC_VULNERABLE };

/*
 * Spectre-BHB (spectre_bhb_enable_mitigation), in its order: nothing on
 * an unaffected CPU (CSV2.3 or safe-listed), nor with Spectre-v2 open
 * ("No point mitigating Spectre-BHB alone"; force_loop overrides it for
 * the loop), nor where exceptions clear the history (ECBHB); then CLRBHB,
 * the loop, the firmware's WORKAROUND_3.  Returns an AVCPU_SPEC_VEC_*.
 */
static u64 spec_bhb(const struct avcpu_spec_in *in, enum spec_state v2)
{
	if (!in->bhb_affected || !in->bhb_config || in->mitigations_off ||
	    in->ecbhb)
		return AVCPU_SPEC_VEC_NONE;
	if (v2 == SPEC_VULNERABLE && !in->force_loop)
		return AVCPU_SPEC_VEC_NONE;
	if (in->clrbhb)
		return AVCPU_SPEC_VEC_CLRBHB;
	if (in->loop_k)
		return AVCPU_SPEC_VEC_LOOP;
	if (v2 != SPEC_VULNERABLE && in->fw_wa3)
		return AVCPU_SPEC_VEC_FW;
	return AVCPU_SPEC_VEC_NONE;
}

/* Spectre-v2 as spectre_v2_enable_mitigation() leaves it. */
static enum spec_state spec_v2(const struct avcpu_spec_in *in)
{
	if (!in->v2_affected)
		return SPEC_UNAFFECTED;
	if (!in->mitigations_off && in->fw_wa1)
		return SPEC_MITIGATED;
	return SPEC_VULNERABLE;
}

/* struct avcpu_hyp_percpu.spec for a CPU described by @in. */
u64 avcpu_spec_choose(const struct avcpu_spec_in *in)
{
	u64 spec = 0, mode = AVCPU_SPEC_VEC_NONE, fwid = 0, bhb;
	enum spec_state v2;

	if (in->spec_at)
		spec |= AVCPU_SPEC_AT;

	/*
	 * Spectre-v2 (spectre_v2_enable_mitigation): only firmware can
	 * mitigate it at EL2, KVM's "spectre" hyp vector slots.
	 */
	v2 = spec_v2(in);
	if (v2 == SPEC_MITIGATED) {
		mode = AVCPU_SPEC_VEC_FW;
		fwid = ARM_SMCCC_ARCH_WORKAROUND_1;
	}

	/*
	 * With WORKAROUND_1 in the vectors KVM's slot keeps only that call
	 * (no loop, no CLRBHB), upgraded to _3 where the BHB is left to
	 * firmware: "The WA3 call in the vectors supersedes the WA1 call".
	 */
	bhb = spec_bhb(in, v2);
	if (bhb == AVCPU_SPEC_VEC_FW) {
		mode = AVCPU_SPEC_VEC_FW;
		fwid = ARM_SMCCC_ARCH_WORKAROUND_3;
	} else if (mode == AVCPU_SPEC_VEC_NONE) {
		mode = bhb;
	}

	spec |= mode << AVCPU_SPEC_VEC_SHIFT;
	if (mode == AVCPU_SPEC_VEC_LOOP)
		spec |= (u64)in->loop_k << AVCPU_SPEC_K_SHIFT;
	if (mode == AVCPU_SPEC_VEC_FW)
		spec |= fwid << AVCPU_SPEC_FWID_SHIFT;
	return spec;
}

/*
 * Spectre-BHB as spectre_bhb_enable_mitigation() leaves it: unaffected,
 * or mitigated by ECBHB, CLRBHB, the loop or firmware, unless Spectre-v2
 * is open, the option is off or mitigations are.
 */
static enum spec_state spec_bhb_state(const struct avcpu_spec_in *in,
				      enum spec_state v2)
{
	if (!in->bhb_affected)
		return SPEC_UNAFFECTED;
	if (v2 == SPEC_VULNERABLE || !in->bhb_config || in->mitigations_off)
		return SPEC_VULNERABLE;
	if (in->ecbhb || in->clrbhb || in->loop_k || in->fw_wa3)
		return SPEC_MITIGATED;
	return SPEC_VULNERABLE;
}

/*
 * Spectre-v4 as spectre_v4_enable_mitigation() leaves it: SSBS or the
 * firmware's WORKAROUND_2 mitigate it, unless mitigations are off.
 */
static enum spec_state spec_v4(const struct avcpu_spec_in *in)
{
	if (!in->v4_affected)
		return SPEC_UNAFFECTED;
	if (!in->mitigations_off && (in->ssbs || in->fw_wa2))
		return SPEC_MITIGATED;
	return SPEC_VULNERABLE;
}

/*
 * The guest's SMCCC_ARCH_FEATURES answers, exactly KVM's
 * (arch/arm64/kvm/hypercalls.c) from the same states.  They agree with
 * what the guest reads in its ID registers, which avcpu does not trap:
 * CSV2 makes the kernel call this CPU unaffected by Spectre-v2 (WA1 1),
 * CSV2.3 by Spectre-BHB (WA3 1), and with SSBS the guest mitigates
 * Spectre-v4 itself (WA2 NOT_SUPPORTED, as KVM says when it shows SSBS).
 */
void avcpu_spec_guest_answers(const struct avcpu_spec_in *in, long wa[3])
{
	static const long v13[] = {
		[SPEC_UNAFFECTED] = SMCCC_ARCH_WORKAROUND_RET_UNAFFECTED,
		[SPEC_MITIGATED] = SMCCC_RET_SUCCESS,
		[SPEC_VULNERABLE] = SMCCC_RET_NOT_SUPPORTED,
	};
	enum spec_state v2 = spec_v2(in), v4 = spec_v4(in);

	wa[0] = v13[v2];
	wa[2] = v13[spec_bhb_state(in, v2)];
	if (v4 == SPEC_VULNERABLE || (v4 == SPEC_MITIGATED && in->ssbs))
		wa[1] = SMCCC_RET_NOT_SUPPORTED;
	else
		wa[1] = SMCCC_RET_NOT_REQUIRED;
}
