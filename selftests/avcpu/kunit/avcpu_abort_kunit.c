// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the stage-2 abort classes (lib/exception_decode.c,
 * avcpu_decode_abort() and its use by avcpu_decode_mmio()): which guest
 * aborts become AVCPU_EXIT_INSN_ABORT, AVCPU_EXIT_NISV or an MMIO exit,
 * with which IPA, and which stay raw exceptions.  Syndromes are built
 * here from the architectural layout (ARM DDI 0487, ESR_EL2 ISS for
 * instruction and data aborts), independently of the decoder.
 */
#include <linux/bits.h>
#include <linux/types.h>

#include "../../../lib/exception_decode.c"

#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>

#define T_EC(ec)		((u64)(ec) << 26)
#define T_IL			BIT_ULL(25)
#define T_ISV			BIT_ULL(24)
#define T_SAS(sas)		((u64)(sas) << 22)
#define T_SRT(srt)		((u64)(srt) << 16)
#define T_FNV			BIT_ULL(10)
#define T_CM			BIT_ULL(8)
#define T_S1PTW			BIT_ULL(7)
#define T_WNR			BIT_ULL(6)

#define T_EC_IABT_LOW		0x20
#define T_EC_DABT_LOW		0x24
#define T_FSC_TRANS_L3		0x07
#define T_FSC_PERM_L3		0x0f

/* A guest access to VA ...5abc at IPA 0x9000_0abc (HPFAR.FIPA). */
#define T_FAR			0xffff800012345abcULL
#define T_HPFAR			0x900000ULL
#define T_IPA			0x90000abcULL
/* PAR_EL1 of a successful AT S1E1R of FAR: PA 0x5000_0000. */
#define T_PAR			0x50000000ULL
#define T_PAR_IPA		0x50000abcULL

static u64 dabt(u64 fsc, u64 flags)
{
	return T_EC(T_EC_DABT_LOW) | T_IL | fsc | flags;
}

static u64 iabt(u64 fsc, u64 flags)
{
	return T_EC(T_EC_IABT_LOW) | T_IL | fsc | flags;
}

/* ldp/stp and writeback forms: ISV 0 on an unmapped IPA, never MMIO. */
static void nisv_translation_test(struct kunit *test)
{
	struct avcpu_abort a = { 0 };
	struct avcpu_mmio m;
	u64 esr = dabt(T_FSC_TRANS_L3, T_WNR);

	KUNIT_ASSERT_TRUE(test, avcpu_decode_abort(esr, T_FAR, T_HPFAR, 0, &a));
	KUNIT_EXPECT_EQ(test, a.ipa, T_IPA);
	KUNIT_EXPECT_FALSE(test, a.permission);
	KUNIT_EXPECT_FALSE(test, a.s1ptw);
	KUNIT_EXPECT_TRUE(test, a.write);
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(esr, T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_NOT);
	KUNIT_ASSERT_TRUE(test, avcpu_decode_abort(esr & ~T_WNR, T_FAR,
						   T_HPFAR, 0, &a));
	KUNIT_EXPECT_FALSE(test, a.write);
}

/*
 * A store to a read-only region is a stage-2 permission fault: its IPA
 * comes from EL2's AT (PAR), and with ISV=1 it is an MMIO write (as KVM).
 * A read permission fault is not MMIO; without a PAR there is no IPA.
 */
static void readonly_store_test(struct kunit *test)
{
	u64 esr = dabt(T_FSC_PERM_L3, T_ISV | T_SAS(2) | T_SRT(3) | T_WNR);
	struct avcpu_abort a = { 0 };
	struct avcpu_mmio m = { 0 };

	KUNIT_ASSERT_EQ(test, avcpu_decode_mmio(esr, T_FAR, T_HPFAR, T_PAR, &m),
			AVCPU_MMIO_OK);
	KUNIT_EXPECT_EQ(test, m.ipa, T_PAR_IPA);
	KUNIT_EXPECT_TRUE(test, m.is_write);
	KUNIT_EXPECT_EQ(test, m.len, 4);
	KUNIT_EXPECT_EQ(test, m.reg, 3);
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(esr, T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_NOT);
	KUNIT_EXPECT_FALSE(test, avcpu_decode_abort(esr, T_FAR, T_HPFAR, 0, &a));
	/* The same store without a syndrome: NISV, permission, write. */
	KUNIT_ASSERT_TRUE(test, avcpu_decode_abort(esr & ~T_ISV, T_FAR, T_HPFAR,
						   T_PAR, &a));
	KUNIT_EXPECT_EQ(test, a.ipa, T_PAR_IPA);
	KUNIT_EXPECT_TRUE(test, a.permission);
	KUNIT_EXPECT_TRUE(test, a.write);
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(esr & ~T_ISV, T_FAR, T_HPFAR,
						T_PAR, &m), AVCPU_MMIO_NOT);
	/* A load cannot be MMIO through a permission fault. */
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(esr & ~T_WNR, T_FAR, T_HPFAR,
						T_PAR, &m), AVCPU_MMIO_NOT);
	/* Cache maintenance on it is skipped, as on an unmapped IPA. */
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(esr | T_CM, T_FAR, T_HPFAR,
						T_PAR, &m), AVCPU_MMIO_CACHE_OP);
}

/*
 * A fault on the guest's stage-1 walk: HPFAR names the descriptor's page
 * (FAR's offset is the access's, not the descriptor's); never MMIO.
 */
static void s1ptw_test(struct kunit *test)
{
	static const u64 fsc[] = { T_FSC_TRANS_L3, T_FSC_PERM_L3 };
	struct avcpu_abort a;
	struct avcpu_mmio m;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fsc); i++) {
		u64 d = dabt(fsc[i], T_S1PTW | T_ISV), in = iabt(fsc[i], T_S1PTW);

		KUNIT_ASSERT_TRUE(test, avcpu_decode_abort(d, T_FAR, T_HPFAR, 0, &a));
		KUNIT_EXPECT_EQ(test, a.ipa, T_IPA & ~0xfffULL);
		KUNIT_EXPECT_TRUE(test, a.s1ptw);
		KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(d, T_FAR, T_HPFAR, 0, &m),
				AVCPU_MMIO_NOT);
		KUNIT_ASSERT_TRUE(test, avcpu_decode_abort(in, T_FAR, T_HPFAR, 0, &a));
		KUNIT_EXPECT_EQ(test, a.ipa, T_IPA & ~0xfffULL);
		KUNIT_EXPECT_TRUE(test, a.s1ptw);
		KUNIT_EXPECT_FALSE(test, a.write);
	}
}

/* Fetches: unmapped (translation) or no-execute (permission, via PAR). */
static void insn_abort_test(struct kunit *test)
{
	struct avcpu_abort a = { 0 };

	KUNIT_ASSERT_TRUE(test, avcpu_decode_abort(iabt(T_FSC_TRANS_L3, 0),
						   T_FAR, T_HPFAR, 0, &a));
	KUNIT_EXPECT_EQ(test, a.ipa, T_IPA);
	KUNIT_EXPECT_FALSE(test, a.permission);
	KUNIT_EXPECT_FALSE(test, a.write);
	KUNIT_ASSERT_TRUE(test, avcpu_decode_abort(iabt(T_FSC_PERM_L3, 0),
						   T_FAR, T_HPFAR, T_PAR, &a));
	KUNIT_EXPECT_EQ(test, a.ipa, T_PAR_IPA);
	KUNIT_EXPECT_TRUE(test, a.permission);
	/* Bit 6 is not WnR in an instruction abort. */
	KUNIT_ASSERT_TRUE(test, avcpu_decode_abort(iabt(T_FSC_TRANS_L3, T_WNR),
						   T_FAR, T_HPFAR, 0, &a));
	KUNIT_EXPECT_FALSE(test, a.write);
}

/*
 * Every other fault status, an invalid FAR and every other EC stay raw
 * exception exits: address size 0x00-0x03, access flag 0x08-0x0b,
 * external aborts 0x10-0x17, alignment 0x21, TLB conflict 0x30, ...
 */
static void other_faults_test(struct kunit *test)
{
	struct avcpu_abort a;
	u64 fsc, ec;

	for (fsc = 0; fsc < 64; fsc++) {
		bool want = (fsc >= 0x04 && fsc <= 0x07) ||
			    (fsc >= 0x0c && fsc <= 0x0f);

		KUNIT_EXPECT_EQ_MSG(test, avcpu_decode_abort(dabt(fsc, 0), T_FAR,
							     T_HPFAR, T_PAR, &a),
				    want, "dabt fsc %#llx", fsc);
		KUNIT_EXPECT_EQ_MSG(test, avcpu_decode_abort(iabt(fsc, 0), T_FAR,
							     T_HPFAR, T_PAR, &a),
				    want, "iabt fsc %#llx", fsc);
	}
	KUNIT_EXPECT_FALSE(test, avcpu_decode_abort(dabt(T_FSC_TRANS_L3, T_FNV),
						    T_FAR, T_HPFAR, 0, &a));
	for (ec = 0; ec < 64; ec++) {
		if (ec == T_EC_IABT_LOW || ec == T_EC_DABT_LOW)
			continue;
		KUNIT_EXPECT_FALSE_MSG(test,
				       avcpu_decode_abort(T_EC(ec) | T_FSC_TRANS_L3,
							  T_FAR, T_HPFAR, T_PAR, &a),
				       "ec %#llx", ec);
	}
}

static struct kunit_case avcpu_abort_test_cases[] = {
	KUNIT_CASE(nisv_translation_test),
	KUNIT_CASE(readonly_store_test),
	KUNIT_CASE(s1ptw_test),
	KUNIT_CASE(insn_abort_test),
	KUNIT_CASE(other_faults_test),
	{}
};

static struct kunit_suite avcpu_abort_test_suite = {
	.name = "avcpu_abort",
	.test_cases = avcpu_abort_test_cases,
};

kunit_test_suite(avcpu_abort_test_suite);

MODULE_DESCRIPTION("KUnit tests of avcpu's stage-2 abort exit classes");
MODULE_LICENSE("GPL");
