// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: the ID registers a guest reads, as pure functions of what the
 * host says (built into the driver and into
 * selftests/avcpu/kunit/avcpu_idregs_kunit.c).  KVM 6.12's
 * arch/arm64/kvm/sys_regs.c is the bar: read_sanitised_id_aa64pfr0_el1(),
 * __kvm_read_sanitised_id_reg(), read_sanitised_id_aa64dfr0_el1(),
 * read_sanitised_id_dfr0_el1() and the ID_HIDDEN/ID_UNALLOCATED entries.
 * Where avcpu gives a guest less than KVM does (no FPMR, no TCR2/PIE/POE
 * registers, no pointer-auth keys, trace trapped, HCRX_EL2 0), the field
 * says so; Documentation/avcpu.rst, "ID registers", has the list.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>

#include "idregs.h"

#define F(shift)		(0xfULL << (shift))
#define FIELD_OF(v, shift)	(((v) >> (shift)) & 0xf)

enum {
	ID_DFR0 = AVCPU_IDREG(1, 2),
	ID_AFR0 = AVCPU_IDREG(1, 3),
	ID_MMFR0 = AVCPU_IDREG(1, 4),
	ID_DFR1 = AVCPU_IDREG(3, 5),
	PFR0 = AVCPU_IDREG(4, 0),
	PFR1 = AVCPU_IDREG(4, 1),
	PFR2 = AVCPU_IDREG(4, 2),
	ZFR0 = AVCPU_IDREG(4, 4),
	SMFR0 = AVCPU_IDREG(4, 5),
	FPFR0 = AVCPU_IDREG(4, 7),
	DFR0 = AVCPU_IDREG(5, 0),
	DFR1 = AVCPU_IDREG(5, 1),
	AFR0 = AVCPU_IDREG(5, 4),
	AFR1 = AVCPU_IDREG(5, 5),
	ISAR0 = AVCPU_IDREG(6, 0),
	ISAR1 = AVCPU_IDREG(6, 1),
	ISAR2 = AVCPU_IDREG(6, 2),
	ISAR3 = AVCPU_IDREG(6, 3),
	MMFR0 = AVCPU_IDREG(7, 0),
	MMFR1 = AVCPU_IDREG(7, 1),
	MMFR3 = AVCPU_IDREG(7, 3),
	MMFR4 = AVCPU_IDREG(7, 4),
};

/*
 * The fields of each register a guest keeps (the host's value); every
 * other field reads 0.  ~0 is "all that the host's sanitised value has"
 * (the kernel already zeroes the fields it does not know).  Registers not
 * listed are 0: unallocated, KVM's ID_HIDDEN (ID_AFR0, ID_DFR1,
 * ID_AA64AFR0/1), KVM's unallocated ID_AA64ISAR3, and the ones below.
 */
static const u64 idreg_keep[AVCPU_HYP_NR_ID_REGS] = {
	/* AArch32 (CRm 1..3): only with AArch32 EL0, see avcpu_idregs_narrow */
	[AVCPU_IDREG(1, 0)] = ~0ULL, [AVCPU_IDREG(1, 1)] = ~0ULL,
	/* ID_DFR0: PerfMon 0 (no PMU), the rest as KVM */
	[ID_DFR0] = ~F(24),
	[ID_MMFR0] = ~0ULL, [AVCPU_IDREG(1, 5)] = ~0ULL,
	[AVCPU_IDREG(1, 6)] = ~0ULL, [AVCPU_IDREG(1, 7)] = ~0ULL,
	[AVCPU_IDREG(2, 0)] = ~0ULL, [AVCPU_IDREG(2, 1)] = ~0ULL,
	[AVCPU_IDREG(2, 2)] = ~0ULL, [AVCPU_IDREG(2, 3)] = ~0ULL,
	[AVCPU_IDREG(2, 4)] = ~0ULL, [AVCPU_IDREG(2, 5)] = ~0ULL,
	/*
	 * ID_MMFR4 keeps CCIDX, which KVM clears: KVM emulates CCSIDR_EL1
	 * in the short format, avcpu lets the guest read the CPU's own.
	 */
	[AVCPU_IDREG(2, 6)] = ~0ULL, [AVCPU_IDREG(2, 7)] = ~0ULL,
	[AVCPU_IDREG(3, 0)] = ~0ULL, [AVCPU_IDREG(3, 1)] = ~0ULL,
	[AVCPU_IDREG(3, 2)] = ~0ULL, [AVCPU_IDREG(3, 4)] = ~0ULL,
	[AVCPU_IDREG(3, 6)] = ~0ULL,
	/* ID_AA64PFR0: no SVE (35:32), MPAM (43:40), AMU (47:44); CSV2 below */
	[PFR0] = ~(F(32) | F(40) | F(44)),
	/*
	 * ID_AA64PFR1: BT, SSBS, RAS_frac, CSV2_frac.  No MTE, SME, NMI,
	 * GCS, THE, ..., as KVM without MTE.
	 */
	[PFR1] = F(0) | F(4) | F(12) | F(32),
	/*
	 * ID_AA64PFR2, ZFR0, SMFR0, FPFR0: 0.  No SVE, no SME; FPMR (and so
	 * FP8) is not switched by avcpu, where KVM offers it.
	 */
	/*
	 * ID_AA64DFR0: DebugVer (limited below), BRPs, WRPs, CTX_CMPs,
	 * DoubleLock: the debug registers the guest really has (lib/debug.c
	 * switches them).  No PMU, SPE, TRBE, BRBE; trace (TraceVer,
	 * TraceFilt) traps (CPTR_EL2.TTA, MDCR_EL2.TTRF), so 0.
	 */
	[DFR0] = F(0) | F(12) | F(20) | F(28) | F(36),
	[ISAR0] = ~0ULL,
	/*
	 * ID_AA64ISAR1: no pointer authentication (APA, API, GPA, GPI): its
	 * keys are not switched.  No LS64 (HCRX_EL2.EnALS is 0).
	 */
	[ISAR1] = ~(F(4) | F(8) | F(24) | F(28) | F(60)),
	/*
	 * ID_AA64ISAR2: RPRES, BC, CLRBHB, PRFMSLC, RPRFM, CSSC, LUT, ATS1A.
	 * Not WFxT (KVM: only with ARM64_HAS_WFXT; avcpu's WFx exits do not
	 * honour the timeout), nor APA3/GPA3/PAC_frac (pointer auth), MOPS
	 * (HCRX_EL2.MSCEn 0), SYSREG_128/SYSINSTR_128.
	 */
	[ISAR2] = F(4) | F(20) | F(28) | F(40) | F(48) | F(52) | F(56) |
		  F(60),
	[MMFR0] = ~0ULL,
	/* ID_AA64MMFR1: no LORegions (HCR_EL2.TLOR traps them, as KVM). */
	[MMFR1] = ~F(16),
	/* ID_AA64MMFR2 keeps CCIDX: see ID_MMFR4. */
	[AVCPU_IDREG(7, 2)] = ~0ULL,
	/*
	 * ID_AA64MMFR3: 0.  KVM gives TCRX, S1PIE, S1POE; avcpu does not
	 * switch TCR2_EL1/PIR*_EL1/POR_EL1 (HCRX_EL2.TCR2En 0: they trap).
	 */
	[MMFR4] = ~0ULL,
};

/*
 * The guest's table from the host's sanitised values: each register's
 * kept fields, then the fields KVM sets by rule.
 */
void avcpu_idregs_narrow(const struct avcpu_idregs_host *h,
			 u64 regs[AVCPU_HYP_NR_ID_REGS])
{
	/* ID_AA64PFR0.EL0 == 2: every CPU runs AArch32 at EL0. */
	bool aa32 = FIELD_OF(h->regs[PFR0], 0) == 2;
	u64 v;
	int i;

	for (i = 0; i < AVCPU_HYP_NR_ID_REGS; i++)
		regs[i] = h->regs[i] & idreg_keep[i];

	/*
	 * KVM's aa32_id_visibility(): the AArch32 registers are UNKNOWN
	 * without AArch32, so RAZ.  A system where only some CPUs run
	 * AArch32 EL0 (allow_mismatched_32bit_el0) has EL0 == 1 in the
	 * sanitised value: a vCPU migrates, so they are hidden there too.
	 */
	if (!aa32)
		for (i = AVCPU_IDREG(1, 0); i <= AVCPU_IDREG(3, 7); i++)
			regs[i] = 0;

	/* ID_DFR0.CopDbg, ID_AA64DFR0.DebugVer: at most Debugv8p8, as KVM. */
	v = FIELD_OF(regs[ID_DFR0], 0);
	if (v > 0xa)
		regs[ID_DFR0] = (regs[ID_DFR0] & ~F(0)) | 0xa;
	v = FIELD_OF(regs[DFR0], 0);
	if (v > 0xa)
		regs[DFR0] = (regs[DFR0] & ~F(0)) | 0xa;

	/*
	 * CSV2 at least 1 where the guest is told it is not affected by
	 * Spectre-v2 (ARCH_WORKAROUND_1 UNAFFECTED), as KVM; a host value
	 * of 2 or 3 (CSV2_2, CSV2_3) stays, where KVM writes 1.  CSV3 is
	 * the host's: the guest's own MIDR check knows the Meltdown-safe
	 * CPUs (KVM sets it from arm64_get_meltdown_state(), which a
	 * module cannot read).
	 */
	if (h->v2_unaffected && !FIELD_OF(regs[PFR0], 56))
		regs[PFR0] |= 1ULL << 56;
}

/* How a 4-bit field may be narrowed by AVCPU_SET_ID_REGS. */
enum field_kind { FK_UNSIGNED, FK_SIGNED, FK_FIXED, FK_MIN };

struct field_rule {
	u8 reg;
	u8 shift;
	u8 kind;
	u8 min;			/* FK_MIN: the lowest value allowed */
};

/*
 * Fields that are not "unsigned, lower is safe".  Signed fields
 * (cpufeature.c's S_ARM64_FTR_BITS): 0xf is "not implemented", below 0.
 * Fixed fields, as KVM's writable masks leave out: what avcpu cannot hide
 * (FP/AdvSIMD, RAS with TERR/TEA, the breakpoint layout of the CPU, the
 * ASID width and stage-2 granules of the CPU, VMIDBits, VH, ...).
 * Minimums: AArch64 at EL0 and EL1 (EL0, EL1 >= 1), DebugVer >= Armv8 as
 * KVM's set_id_aa64dfr0_el1().
 */
static const struct field_rule field_rules[] = {
	{ ID_MMFR0, 0, FK_SIGNED },		/* OuterShr */
	{ ID_MMFR0, 28, FK_SIGNED },		/* InnerShr */
	{ PFR0, 0, FK_MIN, 1 },			/* EL0 */
	{ PFR0, 4, FK_MIN, 1 },			/* EL1 */
	{ PFR0, 16, FK_FIXED },			/* FP */
	{ PFR0, 20, FK_FIXED },			/* AdvSIMD */
	{ PFR0, 28, FK_FIXED },			/* RAS */
	{ PFR1, 12, FK_FIXED },			/* RAS_frac */
	{ DFR0, 0, FK_MIN, 6 },			/* DebugVer */
	{ DFR0, 12, FK_FIXED },			/* BRPs */
	{ DFR0, 28, FK_FIXED },			/* CTX_CMPs */
	{ DFR0, 36, FK_SIGNED },		/* DoubleLock */
	{ MMFR0, 4, FK_FIXED },			/* ASIDBits */
	{ MMFR0, 24, FK_SIGNED },		/* TGran64 */
	{ MMFR0, 28, FK_SIGNED },		/* TGran4 */
	{ MMFR0, 32, FK_FIXED },		/* TGran16_2 */
	{ MMFR0, 36, FK_FIXED },		/* TGran64_2 */
	{ MMFR0, 40, FK_FIXED },		/* TGran4_2 */
	{ MMFR1, 4, FK_FIXED },			/* VMIDBits */
	{ MMFR1, 8, FK_FIXED },			/* VH */
	{ MMFR1, 28, FK_FIXED },		/* XNX */
	{ MMFR1, 32, FK_FIXED },		/* TWED */
	{ MMFR1, 40, FK_FIXED },		/* HCX */
	{ MMFR4, 24, FK_SIGNED },		/* E2H0 */
};

static const struct field_rule *rule_of(int reg, int shift)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(field_rules); i++)
		if (field_rules[i].reg == reg && field_rules[i].shift == shift)
			return &field_rules[i];
	return NULL;
}

static bool field_narrows(const struct field_rule *r, int cur, int want)
{
	if (want == cur)
		return true;
	switch (r ? r->kind : FK_UNSIGNED) {
	case FK_SIGNED:
		/*
		 * As signed 4-bit numbers: 0xf (-1, not implemented) is
		 * below 0; 0x8..0xe are reserved, never a narrowing.
		 */
		if (want >= 0x8 && want < 0xf)
			return false;
		return (s8)(want << 4) < (s8)(cur << 4);
	case FK_FIXED:
		return false;
	case FK_MIN:
		return want < cur && want >= r->min;
	}
	return want < cur;
}

/*
 * AVCPU_SET_ID_REGS: every 4-bit field of every register at most its
 * current value.  A field the kernel does not know is 0 in @cur (the
 * sanitised value has none of its bits), so setting any of its bits is a
 * widening: that is how "unknown bits" fail.
 */
int avcpu_idregs_check(const u64 *cur, const u64 *want)
{
	int i, shift;

	for (i = 0; i < AVCPU_HYP_NR_ID_REGS; i++) {
		if (cur[i] == want[i])
			continue;
		for (shift = 0; shift < 64; shift += 4)
			if (!field_narrows(rule_of(i, shift),
					   FIELD_OF(cur[i], shift),
					   FIELD_OF(want[i], shift)))
				return -EINVAL;
	}
	return 0;
}
