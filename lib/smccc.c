// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: who answers a guest's "hvc #0" or "smc #0" (SMCCC, PSCI), and
 * with what, as one table.
 *
 * A pure function of the function id, its first argument and what the
 * driver prepared for the vCPU (struct avcpu_hyp_smccc: the VM's filter,
 * the Spectre workaround answers), so that EL2 (lib/exit.c) answers the
 * T0 calls without the host, the driver takes the T1 ones (PSCI power
 * management, driver/psci.c) and the KUnit suite tests every decision.
 * KVM's arch/arm64/kvm/hypercalls.c and psci.c are the model: the same
 * answers, with PSCI 1.1 and SMCCC 1.1.
 */
#include "smccc.h"

/* The kernel's, for the EL2 image, which has none of its headers. */
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

enum {
	FN_CONST,		/* a fixed answer: val */
	FN_T1,			/* the kernel: power management */
	FN_PSCI_FEATURES,	/* PSCI_FEATURES(arg1) */
	FN_ARCH_FEATURES,	/* SMCCC_ARCH_FEATURES(arg1) */
};

struct smccc_fn {
	unsigned int fid;
	unsigned char kind;
	unsigned char psci_feature;	/* PSCI_FEATURES answers 0 */
	long val;
};

/*
 * Every function avcpu implements.  SMC32 ids read their arguments as W
 * registers, SMC64 ones as X registers; both forms are listed where PSCI
 * defines both.  The ARCH_WORKAROUND calls return 0 at once: EL2's exit
 * path has already applied whatever mitigation the vectors apply
 * (lib/spectre_vectors.S), as KVM's hyp-entry.S fast path does.
 */
static const struct smccc_fn smccc_fns[] = {
	{ AVCPU_SMCCC_VERSION, FN_CONST, 1, AVCPU_SMCCC_VERSION_1_1 },
	{ AVCPU_SMCCC_ARCH_FEATURES, FN_ARCH_FEATURES, 0, 0 },
	{ AVCPU_SMCCC_ARCH_WA_1, FN_CONST, 0, AVCPU_SMCCC_RET_SUCCESS },
	{ AVCPU_SMCCC_ARCH_WA_2, FN_CONST, 0, AVCPU_SMCCC_RET_SUCCESS },
	{ AVCPU_SMCCC_ARCH_WA_3, FN_CONST, 0, AVCPU_SMCCC_RET_SUCCESS },
	{ AVCPU_PSCI_VERSION, FN_CONST, 1, AVCPU_PSCI_VERSION_1_1 },
	{ AVCPU_PSCI_CPU_SUSPEND, FN_T1, 1, 0 },
	{ AVCPU_PSCI_64(AVCPU_PSCI_CPU_SUSPEND), FN_T1, 1, 0 },
	{ AVCPU_PSCI_CPU_OFF, FN_T1, 1, 0 },
	{ AVCPU_PSCI_CPU_ON, FN_T1, 1, 0 },
	{ AVCPU_PSCI_64(AVCPU_PSCI_CPU_ON), FN_T1, 1, 0 },
	{ AVCPU_PSCI_AFFINITY_INFO, FN_T1, 1, 0 },
	{ AVCPU_PSCI_64(AVCPU_PSCI_AFFINITY_INFO), FN_T1, 1, 0 },
	{ AVCPU_PSCI_MIGRATE_INFO_TYPE, FN_CONST, 1,
	  AVCPU_PSCI_TOS_NOT_PRESENT_MP },
	{ AVCPU_PSCI_SYSTEM_OFF, FN_T1, 1, 0 },
	{ AVCPU_PSCI_SYSTEM_RESET, FN_T1, 1, 0 },
	{ AVCPU_PSCI_FEATURES, FN_PSCI_FEATURES, 1, 0 },
	{ AVCPU_PSCI_SYSTEM_RESET2, FN_T1, 1, 0 },
	{ AVCPU_PSCI_64(AVCPU_PSCI_SYSTEM_RESET2), FN_T1, 1, 0 },
};

static const struct smccc_fn *smccc_lookup(unsigned int fid)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(smccc_fns); i++)
		if (smccc_fns[i].fid == fid)
			return &smccc_fns[i];
	return 0;
}

/* The filter's action for @fid; HANDLE where no range covers it. */
static unsigned int smccc_filter(const struct avcpu_hyp_smccc *cfg,
				 unsigned int fid)
{
	unsigned int i, n = cfg->nr_filter;

	/* The driver is trusted, but EL2 never reads past the array. */
	if (n > AVCPU_HYP_SMCCC_FILTER_MAX)
		n = AVCPU_HYP_SMCCC_FILTER_MAX;
	for (i = 0; i < n; i++)
		if (fid >= cfg->filter[i].base && fid <= cfg->filter[i].last)
			return cfg->filter[i].action;
	return AVCPU_HYP_FILTER_HANDLE;
}

/*
 * A function avcpu does not implement: NOT_SUPPORTED for the owners whose
 * calls a guest probes before it has a console (the Arm architecture, the
 * standard secure services: PSCI, TRNG, SDEI...; the standard hypervisor
 * services: PV time...) and for the vendor-hypervisor queries (call
 * count, UID, revision: Linux's kvm_guest.c asks for the UID); every other
 * call is the VMM's.
 */
static int smccc_unknown(unsigned int fid)
{
	unsigned int owner = AVCPU_SMCCC_OWNER(fid);

	if (!(fid & AVCPU_SMCCC_FAST))
		return AVCPU_SMCCC_T2;
	if (owner == AVCPU_SMCCC_OWNER_ARCH || owner == AVCPU_SMCCC_OWNER_STD ||
	    owner == AVCPU_SMCCC_OWNER_STD_HYP)
		return AVCPU_SMCCC_T0;
	if (owner == AVCPU_SMCCC_OWNER_VENDOR_HYP &&
	    AVCPU_SMCCC_FUNC(fid) >= AVCPU_SMCCC_QUERY_FIRST)
		return AVCPU_SMCCC_T0;
	return AVCPU_SMCCC_T2;
}

/* SMCCC_ARCH_FEATURES: KVM's answers, from the host's Spectre state. */
static long smccc_arch_features(const struct avcpu_hyp_smccc *cfg,
				unsigned int id)
{
	switch (id) {
	case AVCPU_SMCCC_ARCH_WA_1:
		return cfg->wa[AVCPU_WA1];
	case AVCPU_SMCCC_ARCH_WA_2:
		return cfg->wa[AVCPU_WA2];
	case AVCPU_SMCCC_ARCH_WA_3:
		return cfg->wa[AVCPU_WA3];
	}
	return AVCPU_SMCCC_RET_NOT_SUPPORTED;
}

/*
 * Who answers the call with function id @fid (W0) and first argument
 * @arg1.  AVCPU_SMCCC_T0: *x0 is the answer, the guest resumes after the
 * call; T1: the kernel's (driver/psci.c); T2: the VMM's.
 */
int avcpu_smccc_decide(const struct avcpu_hyp_smccc *cfg, unsigned int fid,
		       unsigned long arg1, unsigned long *x0)
{
	const struct smccc_fn *fn;
	unsigned int action = smccc_filter(cfg, fid);

	*x0 = (unsigned long)AVCPU_SMCCC_RET_NOT_SUPPORTED;
	if (action == AVCPU_HYP_FILTER_DENY)
		return AVCPU_SMCCC_T0;
	if (action == AVCPU_HYP_FILTER_FWD_TO_USER)
		return AVCPU_SMCCC_T2;

	fn = smccc_lookup(fid);
	if (!fn)
		return smccc_unknown(fid);
	switch (fn->kind) {
	case FN_CONST:
		*x0 = fn->val;
		return AVCPU_SMCCC_T0;
	case FN_PSCI_FEATURES:
		fn = smccc_lookup((unsigned int)arg1);
		if (fn && fn->psci_feature)
			*x0 = AVCPU_SMCCC_RET_SUCCESS;
		return AVCPU_SMCCC_T0;
	case FN_ARCH_FEATURES:
		*x0 = smccc_arch_features(cfg, (unsigned int)arg1);
		return AVCPU_SMCCC_T0;
	}
	return AVCPU_SMCCC_T1;
}
