// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the ID-register rules (driver/idregs_rules.c) for host
 * values the QEMU test bed does not have: a CPU with SVE, SME, MTE, PAuth,
 * PMUv3, SPE, TRBE, AMU, MPAM, LOR and Debugv8p9 (every field hidden or
 * limited as the rules say), a CPU without AArch32 EL0, the CSV2 rule,
 * and AVCPU_SET_ID_REGS's field-wise narrowing (unsigned, signed, fixed,
 * minimum fields, unknown bits).
 */
#include "../../../driver/idregs_rules.c"

#include <kunit/test.h>
#include <linux/module.h>
#include <linux/string.h>

#define IDX(crm, op2)	AVCPU_IDREG(crm, op2)

/* A host that has everything: every sanitised field at its maximum. */
static void everything(struct avcpu_idregs_host *h)
{
	int i;

	memset(h, 0, sizeof(*h));
	for (i = 0; i < AVCPU_HYP_NR_ID_REGS; i++)
		h->regs[i] = 0x1111111111111111ULL;
	/* AArch64 + AArch32 at EL0..EL3, SVE, AMUv1, MPAM, CSV2 0 */
	h->regs[PFR0] = 0x0011111111112222ULL;
	h->regs[DFR0] = 0x1111111111111f0bULL;	/* PMUVer 0xf, v8p9 */
	h->regs[ID_DFR0] = 0x1111111bULL;	/* CopDbg v8p9 */
}

static void hides_what_avcpu_does_not_give(struct kunit *test)
{
	struct avcpu_idregs_host h;
	u64 r[AVCPU_HYP_NR_ID_REGS];
	int i;

	everything(&h);
	avcpu_idregs_narrow(&h, r);
	/* SVE, MPAM, AMU gone; EL0..EL3, FP, AdvSIMD, GIC, RAS, DIT kept */
	KUNIT_EXPECT_EQ(test, r[PFR0], 0x0011001011112222ULL);
	/* BT, SSBS, RAS_frac, CSV2_frac only: no MTE, SME, NMI, GCS, ... */
	KUNIT_EXPECT_EQ(test, r[PFR1], 0x0000000100001011ULL);
	KUNIT_EXPECT_EQ(test, r[PFR2], 0);
	KUNIT_EXPECT_EQ(test, r[ZFR0], 0);
	KUNIT_EXPECT_EQ(test, r[SMFR0], 0);
	KUNIT_EXPECT_EQ(test, r[FPFR0], 0);
	/* DebugVer v8p8, BRPs, WRPs, CTX_CMPs, DoubleLock; no PMU/SPE/TRBE */
	KUNIT_EXPECT_EQ(test, r[DFR0], 0x000000101010100aULL);
	/* ID_DFR0: PerfMon 0, CopDbg v8p8 */
	KUNIT_EXPECT_EQ(test, r[ID_DFR0], 0x1011111aULL);
	/* No pointer auth, no LS64 */
	KUNIT_EXPECT_EQ(test, r[ISAR1], 0x0111111100111001ULL);
	KUNIT_EXPECT_EQ(test, r[ISAR2], 0x1111010010100010ULL);
	KUNIT_EXPECT_EQ(test, r[MMFR1], 0x1111111111101111ULL);
	KUNIT_EXPECT_EQ(test, r[MMFR3], 0);
	KUNIT_EXPECT_EQ(test, r[ISAR3], 0);
	KUNIT_EXPECT_EQ(test, r[ID_AFR0], 0);
	KUNIT_EXPECT_EQ(test, r[ID_DFR1], 0);
	KUNIT_EXPECT_EQ(test, r[AFR0], 0);
	KUNIT_EXPECT_EQ(test, r[AFR1], 0);
	KUNIT_EXPECT_EQ(test, r[DFR1], 0);
	/* The host's for the rest. */
	KUNIT_EXPECT_EQ(test, r[IDX(6, 0)], 0x1111111111111111ULL);
	KUNIT_EXPECT_EQ(test, r[MMFR0], 0x1111111111111111ULL);
	KUNIT_EXPECT_EQ(test, r[MMFR4], 0x1111111111111111ULL);
	KUNIT_EXPECT_EQ(test, r[IDX(2, 6)], 0x1111111111111111ULL);
	/* Unallocated encodings */
	for (i = IDX(7, 5); i < AVCPU_HYP_NR_ID_REGS; i++)
		KUNIT_EXPECT_EQ(test, r[i], 0);
	KUNIT_EXPECT_EQ(test, r[IDX(4, 3)], 0);
	KUNIT_EXPECT_EQ(test, r[IDX(5, 7)], 0);
}

static void aarch32_only_with_el0_aarch32(struct kunit *test)
{
	struct avcpu_idregs_host h;
	u64 r[AVCPU_HYP_NR_ID_REGS];
	int i;

	everything(&h);
	h.regs[PFR0] = (h.regs[PFR0] & ~0xfULL) | 1;	/* EL0 AArch64 only */
	avcpu_idregs_narrow(&h, r);
	for (i = IDX(1, 0); i <= IDX(3, 7); i++)
		KUNIT_EXPECT_EQ(test, r[i], 0);
	KUNIT_EXPECT_NE(test, r[IDX(6, 0)], 0);
}

static void csv2_from_the_smccc_answer(struct kunit *test)
{
	struct avcpu_idregs_host h;
	u64 r[AVCPU_HYP_NR_ID_REGS];

	everything(&h);
	avcpu_idregs_narrow(&h, r);
	KUNIT_EXPECT_EQ(test, FIELD_OF(r[PFR0], 56), 0);
	h.v2_unaffected = true;
	avcpu_idregs_narrow(&h, r);
	KUNIT_EXPECT_EQ(test, FIELD_OF(r[PFR0], 56), 1);
	/* CSV2_3 stays (KVM would write 1). */
	h.regs[PFR0] |= 3ULL << 56;
	avcpu_idregs_narrow(&h, r);
	KUNIT_EXPECT_EQ(test, FIELD_OF(r[PFR0], 56), 3);
}

static void set_narrows_field_by_field(struct kunit *test)
{
	struct avcpu_idregs_host h;
	u64 cur[AVCPU_HYP_NR_ID_REGS], w[AVCPU_HYP_NR_ID_REGS];

	everything(&h);
	avcpu_idregs_narrow(&h, cur);
#define TRY(reg, val, want) do {					\
	memcpy(w, cur, sizeof(w));					\
	w[reg] = (val);							\
	KUNIT_EXPECT_EQ(test, avcpu_idregs_check(cur, w), want);	\
} while (0)
	TRY(ISAR0, 0, 0);					/* all lower */
	TRY(ISAR0, cur[ISAR0] + 1, -EINVAL);			/* 1 -> 2 */
	TRY(ISAR0, cur[ISAR0] - 1, 0);				/* field 0: 0 */
	TRY(PFR0, cur[PFR0] | (1ULL << 32), -EINVAL);		/* SVE */
	TRY(IDX(7, 7), 1, -EINVAL);				/* unknown bit */
	TRY(PFR1, cur[PFR1] | (1ULL << 20), -EINVAL);		/* RES0 */
	/* Signed: DoubleLock 1 -> 0 -> 0xf narrows; 0xf -> 0 widens. */
	TRY(DFR0, cur[DFR0] & ~F(36), 0);
	TRY(DFR0, cur[DFR0] | F(36), 0);
	TRY(MMFR0, cur[MMFR0] | F(28), 0);			/* TGran4 NI */
	TRY(MMFR0, (cur[MMFR0] & ~F(28)) | (7ULL << 28), -EINVAL);
	/* Fixed */
	TRY(PFR0, cur[PFR0] | F(16), -EINVAL);			/* FP NI */
	TRY(DFR0, cur[DFR0] & ~F(12), -EINVAL);			/* BRPs */
	TRY(MMFR0, cur[MMFR0] & ~F(4), -EINVAL);		/* ASIDBits */
	/* Minimums: EL1 2 -> 1 ok, -> 0 not; DebugVer >= 6 */
	TRY(PFR0, (cur[PFR0] & ~F(4)) | (1ULL << 4), 0);
	TRY(PFR0, cur[PFR0] & ~F(4), -EINVAL);
	TRY(DFR0, (cur[DFR0] & ~F(0)) | 6, 0);
	TRY(DFR0, (cur[DFR0] & ~F(0)) | 5, -EINVAL);
	/* WRPs may narrow */
	TRY(DFR0, cur[DFR0] & ~F(20), 0);
	memcpy(w, cur, sizeof(w));
	KUNIT_EXPECT_EQ(test, avcpu_idregs_check(cur, w), 0);
#undef TRY
	/* From a narrowed table, back up is a widening. */
	memcpy(w, cur, sizeof(w));
	w[ISAR0] = 0;
	KUNIT_EXPECT_EQ(test, avcpu_idregs_check(w, cur), -EINVAL);
	/* Signed 0xf -> 0 widens. */
	memcpy(w, cur, sizeof(w));
	w[DFR0] |= F(36);
	KUNIT_EXPECT_EQ(test, avcpu_idregs_check(w, cur), -EINVAL);
}

static struct kunit_case avcpu_idregs_cases[] = {
	KUNIT_CASE(hides_what_avcpu_does_not_give),
	KUNIT_CASE(aarch32_only_with_el0_aarch32),
	KUNIT_CASE(csv2_from_the_smccc_answer),
	KUNIT_CASE(set_narrows_field_by_field),
	{}
};

static struct kunit_suite avcpu_idregs_suite = {
	.name = "avcpu_idregs",
	.test_cases = avcpu_idregs_cases,
};

kunit_test_suite(avcpu_idregs_suite);

MODULE_DESCRIPTION("KUnit tests of avcpu's ID-register rules");
MODULE_LICENSE("GPL");
