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
	if (!in->v2_affected) {
		v2 = SPEC_UNAFFECTED;
	} else if (!in->mitigations_off && in->fw_wa1) {
		v2 = SPEC_MITIGATED;
		mode = AVCPU_SPEC_VEC_FW;
		fwid = ARM_SMCCC_ARCH_WORKAROUND_1;
	} else {
		v2 = SPEC_VULNERABLE;
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
