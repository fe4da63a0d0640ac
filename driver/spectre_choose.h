/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu: inputs of the per-CPU choice of EL2 speculation mitigations
 * (driver/spectre_choose.c), gathered on the CPU by driver/spectre.c.
 */
#ifndef _AVCPU_SPECTRE_CHOOSE_H
#define _AVCPU_SPECTRE_CHOOSE_H

#include <linux/types.h>

struct avcpu_spec_in {
	bool spec_at;		/* speculative-AT erratum: cap or MIDR */
	bool v2_affected;	/* this_cpu_has_cap(ARM64_SPECTRE_V2) */
	bool bhb_affected;	/* this_cpu_has_cap(ARM64_SPECTRE_BHB) */
	bool bhb_config;	/* CONFIG_MITIGATE_SPECTRE_BRANCH_HISTORY */
	bool mitigations_off;	/* cpu_mitigations_off() */
	bool ecbhb;		/* ID_AA64MMFR1_EL1.ECBHB */
	bool clrbhb;		/* ID_AA64ISAR2_EL1.CLRBHB */
	u8 loop_k;		/* proton-pack.c's k for this MIDR, or 0 */
	bool fw_wa1;		/* firmware: ARCH_WORKAROUND_1 over SMC */
	bool fw_wa3;		/* firmware: ARCH_WORKAROUND_3 over SMC */
	bool force_loop;	/* force_bhb_loop module parameter */
	/* For the guest's SMCCC_ARCH_FEATURES answers only: */
	bool v4_affected;	/* this_cpu_has_cap(ARM64_SPECTRE_V4) */
	bool ssbs;		/* this_cpu_has_cap(ARM64_SSBS) */
	bool fw_wa2;		/* firmware: ARCH_WORKAROUND_2 over SMC */
};

u64 avcpu_spec_choose(const struct avcpu_spec_in *in);
/* SMCCC_ARCH_FEATURES(ARCH_WORKAROUND_1, _2, _3) for a guest, this CPU. */
void avcpu_spec_guest_answers(const struct avcpu_spec_in *in, long wa[3]);

#endif /* _AVCPU_SPECTRE_CHOOSE_H */
