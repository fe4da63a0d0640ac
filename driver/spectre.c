// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: which speculation mitigations EL2 applies on each CPU.
 *
 * KVM's choices (arch/arm64/kernel/cpu_errata.c, proton-pack.c, KVM's
 * hyp vector slots) rebuilt from what a module can reach: the kernel's
 * capabilities (cpus_have_final_cap, this_cpu_has_cap), the CPU's MIDR
 * and ID registers, and the firmware's SMCCC answers.
 * arm64_get_spectre_*_state() are not exported, so the kernel's states
 * are derived the way proton-pack.c derives them.  The result goes to EL2
 * in struct avcpu_hyp_percpu.spec (include/avcpu/hyp_abi.h), computed on
 * the CPU itself before every install.  Documentation/avcpu.rst,
 * "Speculation", argues each choice next to KVM's.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/arm-smccc.h>
#include <linux/cpu.h>
#include <linux/moduleparam.h>
#include <asm/cpufeature.h>
#include <asm/cputype.h>
#include <uapi/linux/avcpu.h>

#include "avcpu.h"

/*
 * force_bhb_loop: run the branch-history loop on guest exit on CPUs that
 * have a loop count (Cortex-A57/A72: 8) even where the kernel does not
 * mitigate Spectre-BHB because nothing mitigates Spectre-v2 there (no
 * firmware ARCH_WORKAROUND_1: a Raspberry Pi 4, QEMU).  KVM does not; the
 * loop alone closes the branch-history half only.
 */
static bool force_bhb_loop;
module_param(force_bhb_loop, bool, 0444);
MODULE_PARM_DESC(force_bhb_loop, "Clear the branch history on guest exit wherever the CPU has a loop count, even with Spectre-v2 unmitigated (default: N, as KVM)");

enum spec_state { SPEC_UNAFFECTED, SPEC_MITIGATED, SPEC_VULNERABLE };

/* spectre_bhb_loop_affected() of 6.12's proton-pack.c. */
static u8 spec_bhb_loop_k(void)
{
	static const struct midr_range k132[] = {
		MIDR_ALL_VERSIONS(MIDR_CORTEX_X3),
		MIDR_ALL_VERSIONS(MIDR_NEOVERSE_V2),
		{},
	};
	static const struct midr_range k38[] = {
		MIDR_ALL_VERSIONS(MIDR_CORTEX_A715),
		MIDR_ALL_VERSIONS(MIDR_CORTEX_A720),
		{},
	};
	static const struct midr_range k32[] = {
		MIDR_ALL_VERSIONS(MIDR_CORTEX_A78),
		MIDR_ALL_VERSIONS(MIDR_CORTEX_A78AE),
		MIDR_ALL_VERSIONS(MIDR_CORTEX_A78C),
		MIDR_ALL_VERSIONS(MIDR_CORTEX_X1),
		MIDR_ALL_VERSIONS(MIDR_CORTEX_X1C),
		MIDR_ALL_VERSIONS(MIDR_CORTEX_A710),
		MIDR_ALL_VERSIONS(MIDR_CORTEX_X2),
		MIDR_ALL_VERSIONS(MIDR_NEOVERSE_N2),
		MIDR_ALL_VERSIONS(MIDR_NEOVERSE_V1),
		MIDR_ALL_VERSIONS(MIDR_HISI_TSV110),
		{},
	};
	static const struct midr_range k24[] = {
		MIDR_ALL_VERSIONS(MIDR_CORTEX_A76),
		MIDR_ALL_VERSIONS(MIDR_CORTEX_A76AE),
		MIDR_ALL_VERSIONS(MIDR_CORTEX_A77),
		MIDR_ALL_VERSIONS(MIDR_NEOVERSE_N1),
		MIDR_ALL_VERSIONS(MIDR_QCOM_KRYO_4XX_GOLD),
		MIDR_ALL_VERSIONS(MIDR_HISI_HIP09),
		{},
	};
	static const struct midr_range k11[] = {
		MIDR_ALL_VERSIONS(MIDR_AMPERE1),
		{},
	};
	static const struct midr_range k8[] = {
		MIDR_ALL_VERSIONS(MIDR_CORTEX_A72),
		MIDR_ALL_VERSIONS(MIDR_CORTEX_A57),
		{},
	};
	u32 midr = read_cpuid_id();

	if (is_midr_in_range_list(midr, k132))
		return 132;
	if (is_midr_in_range_list(midr, k38))
		return 38;
	if (is_midr_in_range_list(midr, k32))
		return 32;
	if (is_midr_in_range_list(midr, k24))
		return 24;
	if (is_midr_in_range_list(midr, k11))
		return 11;
	if (is_midr_in_range_list(midr, k8))
		return 8;
	return 0;
}

/*
 * SMCCC_ARCH_FEATURES(@id), only over an SMCCC 1.1 SMC conduit: that is
 * the call EL2 would make ("smc #0"; an HVC conduit cannot exist under a
 * kernel that owns EL2's stub).  QEMU's firmware is SMCCC 1.0: no conduit.
 */
static bool spec_fw_has(u32 id)
{
	struct arm_smccc_res res;

	if (arm_smccc_1_1_get_conduit() != SMCCC_CONDUIT_SMC)
		return false;
	arm_smccc_1_1_invoke(ARM_SMCCC_ARCH_FEATURES_FUNC_ID, id, &res);
	return (int)res.a0 == SMCCC_RET_SUCCESS;
}

/*
 * Spectre-BHB (spectre_bhb_enable_mitigation), in its order: nothing on
 * an unaffected CPU (CSV2.3 or safe-listed), nor with Spectre-v2 open
 * ("No point mitigating Spectre-BHB alone"; force_bhb_loop overrides it
 * for the loop), nor where exceptions clear the history (ECBHB); then
 * CLRBHB, the loop, the firmware's WORKAROUND_3.  Returns the
 * AVCPU_SPEC_VEC_* it would use, and the loop's k in @k.
 */
static u64 spec_bhb(enum spec_state v2, u8 *k)
{
	u64 mmfr1 = read_sysreg_s(SYS_ID_AA64MMFR1_EL1);
	u64 isar2 = read_sysreg_s(SYS_ID_AA64ISAR2_EL1);

	*k = 0;
	if (!this_cpu_has_cap(ARM64_SPECTRE_BHB) ||
	    !IS_ENABLED(CONFIG_MITIGATE_SPECTRE_BRANCH_HISTORY) ||
	    cpu_mitigations_off())
		return AVCPU_SPEC_VEC_NONE;
	if (cpuid_feature_extract_unsigned_field(mmfr1,
						 ID_AA64MMFR1_EL1_ECBHB_SHIFT))
		return AVCPU_SPEC_VEC_NONE;
	if (v2 == SPEC_VULNERABLE && !force_bhb_loop)
		return AVCPU_SPEC_VEC_NONE;
	if (cpuid_feature_extract_unsigned_field(isar2,
						 ID_AA64ISAR2_EL1_CLRBHB_SHIFT))
		return AVCPU_SPEC_VEC_CLRBHB;
	*k = spec_bhb_loop_k();
	if (*k)
		return AVCPU_SPEC_VEC_LOOP;
	if (v2 != SPEC_VULNERABLE && spec_fw_has(ARM_SMCCC_ARCH_WORKAROUND_3))
		return AVCPU_SPEC_VEC_FW;
	return AVCPU_SPEC_VEC_NONE;
}

/*
 * cpu_errata.c's erratum_speculative_at_list with all three options on:
 * 1165522 (Cortex-A76 r0p0..r2p0), 1319367 (Cortex-A72) and 1319537
 * (Cortex-A57), 1530923 (Cortex-A55 r0p0..r2p0, Kryo 4xx Silver).
 */
static bool spec_at_midr(void)
{
	static const struct midr_range list[] = {
		MIDR_RANGE(MIDR_CORTEX_A76, 0, 0, 2, 0),
		MIDR_ALL_VERSIONS(MIDR_CORTEX_A57),
		MIDR_ALL_VERSIONS(MIDR_CORTEX_A72),
		MIDR_RANGE(MIDR_CORTEX_A55, 0, 0, 2, 0),
		MIDR_REV(MIDR_QCOM_KRYO_4XX_SILVER, 0xd, 0xe),
		{},
	};

	return is_midr_in_range_list(read_cpuid_id(), list);
}

/* On the CPU itself, preemption off: struct avcpu_hyp_percpu.spec. */
u64 avcpu_spec_this_cpu(void)
{
	enum spec_state v2;
	u64 spec = 0, mode = AVCPU_SPEC_VEC_NONE, fwid = 0, bhb;
	bool off = cpu_mitigations_off();
	u8 k;

	/*
	 * Errata 1165522/1319367/1319537/1530923: a system-wide capability
	 * (a late affected CPU is refused when it is not set), applied on
	 * every CPU as KVM does; and on an affected CPU even under a kernel
	 * built without the ERRATUM options, which leave the capability
	 * unset but do not make avcpu's world switch any safer.
	 */
	if (cpus_have_final_cap(ARM64_WORKAROUND_SPECULATIVE_AT) ||
	    spec_at_midr())
		spec |= AVCPU_SPEC_AT;

	/*
	 * Spectre-v2 (spectre_v2_enable_mitigation): the capability is set
	 * on a CPU that is neither CSV2 nor safe-listed nor declared
	 * unaffected by firmware.  Only firmware can mitigate it at EL2.
	 */
	if (!this_cpu_has_cap(ARM64_SPECTRE_V2)) {
		v2 = SPEC_UNAFFECTED;
	} else if (!off && spec_fw_has(ARM_SMCCC_ARCH_WORKAROUND_1)) {
		v2 = SPEC_MITIGATED;
		mode = AVCPU_SPEC_VEC_FW;
		fwid = ARM_SMCCC_ARCH_WORKAROUND_1;
	} else {
		v2 = SPEC_VULNERABLE;
	}

	/* With WORKAROUND_1 in the vectors KVM's slot keeps only that call. */
	bhb = spec_bhb(v2, &k);
	if (bhb == AVCPU_SPEC_VEC_FW) {
		/* "The WA3 call in the vectors supersedes the WA1 call" */
		mode = AVCPU_SPEC_VEC_FW;
		fwid = ARM_SMCCC_ARCH_WORKAROUND_3;
	} else if (mode == AVCPU_SPEC_VEC_NONE) {
		mode = bhb;
	}

	spec |= mode << AVCPU_SPEC_VEC_SHIFT;
	if (mode == AVCPU_SPEC_VEC_LOOP)
		spec |= (u64)k << AVCPU_SPEC_K_SHIFT;
	if (mode == AVCPU_SPEC_VEC_FW)
		spec |= fwid << AVCPU_SPEC_FWID_SHIFT;
	return spec;
}

/* One line per CPU at install, for the administrator. */
void avcpu_spec_describe(unsigned int cpu, u64 spec)
{
	u64 mode = (spec >> AVCPU_SPEC_VEC_SHIFT) &
		   GENMASK(AVCPU_SPEC_VEC_BITS - 1, 0);
	const char *vec = "none";

	if (mode == AVCPU_SPEC_VEC_LOOP)
		vec = "branch-history loop";
	else if (mode == AVCPU_SPEC_VEC_FW)
		vec = (spec >> AVCPU_SPEC_FWID_SHIFT) ==
		      ARM_SMCCC_ARCH_WORKAROUND_3 ?
		      "firmware ARCH_WORKAROUND_3" :
		      "firmware ARCH_WORKAROUND_1";
	else if (mode == AVCPU_SPEC_VEC_CLRBHB)
		vec = "CLRBHB";
	pr_info("CPU%u: EL2 speculative-AT workaround %s; on guest exit: %s (k = %llu)\n",
		cpu, spec & AVCPU_SPEC_AT ? "on" : "off", vec,
		(spec >> AVCPU_SPEC_K_SHIFT) & 0xff);
}

/* AVCPU_HC_QUERY's AVCPU_HYP_Q_* to the uapi's AVCPU_EL2_*. */
u32 avcpu_spec_info_flags(unsigned long q)
{
	u32 flags = 0;

	if (q & AVCPU_HYP_Q_SPEC_AT)
		flags |= AVCPU_EL2_SPEC_AT;
	if (q & AVCPU_HYP_Q_BHB_LOOP)
		flags |= AVCPU_EL2_BHB_LOOP;
	if (q & AVCPU_HYP_Q_BP_FW)
		flags |= AVCPU_EL2_BP_FW;
	if (q & AVCPU_HYP_Q_BHB_CLRBHB)
		flags |= AVCPU_EL2_BHB_CLRBHB;
	if (q & AVCPU_HYP_Q_SSBD)
		flags |= AVCPU_EL2_SSBD;
	return flags;
}
