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
#include "spectre_choose.h"

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

/*
 * On the CPU itself, preemption off: struct avcpu_hyp_percpu.spec, from
 * what this CPU and the kernel say (avcpu_spec_choose() decides).
 */
static void spec_this_cpu_in(struct avcpu_spec_in *out)
{
	u64 mmfr1 = read_sysreg_s(SYS_ID_AA64MMFR1_EL1);
	u64 isar2 = read_sysreg_s(SYS_ID_AA64ISAR2_EL1);
	struct avcpu_spec_in in = {
		/*
		 * Errata 1165522/1319367/1319537/1530923: a system-wide
		 * capability (a late affected CPU is refused when it is not
		 * set), applied on every CPU as KVM does; and on an affected
		 * CPU even under a kernel built without the ERRATUM options,
		 * which leave the capability unset but do not make avcpu's
		 * world switch any safer.
		 */
		.spec_at = cpus_have_final_cap(ARM64_WORKAROUND_SPECULATIVE_AT) ||
			   spec_at_midr(),
		/*
		 * Set on a CPU that is neither CSV2 nor safe-listed nor
		 * declared unaffected by firmware (has_spectre_v2), and on
		 * one neither CSV2.3 nor safe-listed (is_spectre_bhb_affected).
		 */
		.v2_affected = this_cpu_has_cap(ARM64_SPECTRE_V2),
		.bhb_affected = this_cpu_has_cap(ARM64_SPECTRE_BHB),
		.bhb_config = IS_ENABLED(CONFIG_MITIGATE_SPECTRE_BRANCH_HISTORY),
		.mitigations_off = cpu_mitigations_off(),
		.ecbhb = cpuid_feature_extract_unsigned_field(mmfr1,
					ID_AA64MMFR1_EL1_ECBHB_SHIFT),
		.clrbhb = cpuid_feature_extract_unsigned_field(isar2,
					ID_AA64ISAR2_EL1_CLRBHB_SHIFT),
		.loop_k = spec_bhb_loop_k(),
		.fw_wa1 = spec_fw_has(ARM_SMCCC_ARCH_WORKAROUND_1),
		.fw_wa3 = spec_fw_has(ARM_SMCCC_ARCH_WORKAROUND_3),
		.force_loop = force_bhb_loop,
		.v4_affected = this_cpu_has_cap(ARM64_SPECTRE_V4),
		.ssbs = this_cpu_has_cap(ARM64_SSBS),
		.fw_wa2 = spec_fw_has(ARM_SMCCC_ARCH_WORKAROUND_2),
	};

	*out = in;
}

u64 avcpu_spec_this_cpu(void)
{
	struct avcpu_spec_in in;

	spec_this_cpu_in(&in);
	return avcpu_spec_choose(&in);
}

/*
 * On the CPU itself, preemption off: the guest's SMCCC_ARCH_FEATURES
 * answers as this CPU sees them (driver/smccc.c keeps the worst).
 */
void avcpu_spec_guest_wa(long wa[AVCPU_WA_NR])
{
	struct avcpu_spec_in in;

	spec_this_cpu_in(&in);
	avcpu_spec_guest_answers(&in, wa);
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
