// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the avcpu exit decoders (lib/exception_decode.c).
 *
 * The decoders are pure functions of the syndrome registers, so they are
 * built straight into this module the way driver/exception_decode.c builds
 * them into the driver, and tested against syndromes assembled here from
 * the architectural layout (ARM DDI 0487, ESR_EL2 ISS for data aborts),
 * independently of the decoder's own definitions.
 */
#include <linux/bits.h>
#include <linux/types.h>

#include "../../../lib/exception_decode.c"

#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/module.h>

/* ESR_EL2 fields of a data abort. */
#define T_EC(ec)		((u64)(ec) << 26)
#define T_IL			BIT_ULL(25)
#define T_ISV			BIT_ULL(24)
#define T_SAS(sas)		((u64)(sas) << 22)
#define T_SSE			BIT_ULL(21)
#define T_SRT(srt)		((u64)(srt) << 16)
#define T_SF			BIT_ULL(15)
#define T_FNV			BIT_ULL(10)
#define T_CM			BIT_ULL(8)
#define T_S1PTW			BIT_ULL(7)
#define T_WNR			BIT_ULL(6)
#define T_FSC_MASK		GENMASK_ULL(5, 0)

/* Fault status codes (DFSC), level 3 unless named otherwise. */
#define T_FSC_TRANS_L0		0x04
#define T_FSC_TRANS_L3		0x07
#define T_FSC_ACCESS_L3		0x0b
#define T_FSC_PERM_L3		0x0f
#define T_FSC_EXT_ABORT		0x10

#define T_EC_DABT_CUR		0x25
#define T_PAR_F			BIT_ULL(0)

/* A guest access to IPA 0x9000_0abc: FAR low bits and HPFAR.FIPA. */
#define T_FAR			0xffff800012345abcULL
#define T_HPFAR			0x900000ULL
#define T_IPA			0x90000abcULL

/*
 * The syndrome of a guest data abort the decoder must report as MMIO: a
 * stage-2 translation fault (level 3) with a valid instruction syndrome
 * (ISV=1) of an access of 1 << @sas bytes to/from register @srt, plus
 * @flags (T_WNR, T_SSE, T_SF, ...).
 */
static u64 dabt_esr(unsigned int sas, unsigned int srt, u64 flags)
{
	return T_EC(AVCPU_EC_DABT_LOW) | T_IL | T_ISV | T_SAS(sas) |
	       T_SRT(srt) | T_FSC_TRANS_L3 | flags;
}

/* @esr with its fault status code replaced by @fsc. */
static u64 with_fsc(u64 esr, u64 fsc)
{
	return (esr & ~T_FSC_MASK) | fsc;
}

/* @esr with its exception class replaced by @ec. */
static u64 with_ec(u64 esr, u32 ec)
{
	return (esr & ~T_EC(0x3f)) | T_EC(ec);
}

static void avcpu_esr_ec_test(struct kunit *test)
{
	unsigned int ec;

	KUNIT_EXPECT_EQ(test, avcpu_esr_ec(0), 0U);
	KUNIT_EXPECT_EQ(test, avcpu_esr_ec(dabt_esr(3, 5, T_WNR)), 0x24U);
	KUNIT_EXPECT_EQ(test, avcpu_esr_ec(0x5a000000ULL), 0x16U);
	KUNIT_EXPECT_EQ(test, avcpu_esr_ec(0x82000007ULL), 0x20U);
	/* ISS2 (bits 55:32) and the RES0 bits above do not leak into EC. */
	KUNIT_EXPECT_EQ(test, avcpu_esr_ec(GENMASK_ULL(63, 32) | T_EC(0x01)),
			0x01U);
	KUNIT_EXPECT_EQ(test, avcpu_esr_ec(~0ULL), 0x3fU);

	for (ec = 0; ec < 64; ec++)
		KUNIT_EXPECT_EQ_MSG(test, avcpu_esr_ec(T_EC(ec) | T_IL | 0x1ffffff),
				    ec, "ec %#x", ec);
}

/* Every access width (SAS 0..3), as a load and as a store. */
static void decode_mmio_width_test(struct kunit *test)
{
	unsigned int sas;
	int wnr;

	for (sas = 0; sas < 4; sas++) {
		for (wnr = 0; wnr < 2; wnr++) {
			struct avcpu_mmio m = {
				.ipa = ~0ULL, .reg = 0xff,
				.is_write = !wnr, .sign_extend = true,
			};
			u64 esr = dabt_esr(sas, 3, (wnr ? T_WNR : 0) | T_SF);

			KUNIT_EXPECT_EQ_MSG(test,
					    avcpu_decode_mmio(esr, T_FAR, T_HPFAR, 0, &m),
					    AVCPU_MMIO_OK, "sas %u wnr %d", sas, wnr);
			KUNIT_EXPECT_EQ_MSG(test, m.len, 1U << sas,
					    "sas %u wnr %d", sas, wnr);
			KUNIT_EXPECT_EQ_MSG(test, m.is_write, (bool)wnr,
					    "sas %u wnr %d", sas, wnr);
			KUNIT_EXPECT_EQ_MSG(test, m.reg, 3,
					    "sas %u wnr %d", sas, wnr);
			KUNIT_EXPECT_EQ_MSG(test, m.ipa, T_IPA,
					    "sas %u wnr %d", sas, wnr);
			KUNIT_EXPECT_FALSE_MSG(test, m.sign_extend,
					       "sas %u wnr %d", sas, wnr);
			KUNIT_EXPECT_TRUE_MSG(test, m.sixty_four,
					      "sas %u wnr %d", sas, wnr);
		}
	}

	/* The four widths spelled out. */
	{
		static const u32 len[] = { 1, 2, 4, 8 };
		struct avcpu_mmio m = {};

		for (sas = 0; sas < 4; sas++) {
			avcpu_decode_mmio(dabt_esr(sas, 0, 0), T_FAR, T_HPFAR, 0, &m);
			KUNIT_EXPECT_EQ_MSG(test, m.len, len[sas], "sas %u", sas);
		}
	}
}

/* SSE and SF in all combinations, for every width. */
static void decode_mmio_sse_sf_test(struct kunit *test)
{
	unsigned int sas;
	int sse, sf;

	for (sas = 0; sas < 4; sas++) {
		for (sse = 0; sse < 2; sse++) {
			for (sf = 0; sf < 2; sf++) {
				struct avcpu_mmio m = {
					.sign_extend = !sse, .sixty_four = !sf,
					.is_write = true,
				};
				u64 esr = dabt_esr(sas, 9, (sse ? T_SSE : 0) |
							   (sf ? T_SF : 0));

				KUNIT_EXPECT_EQ_MSG(test,
						    avcpu_decode_mmio(esr, T_FAR, T_HPFAR, 0, &m),
						    AVCPU_MMIO_OK,
						    "sas %u sse %d sf %d", sas, sse, sf);
				KUNIT_EXPECT_EQ_MSG(test, m.sign_extend, (bool)sse,
						    "sas %u sse %d sf %d", sas, sse, sf);
				KUNIT_EXPECT_EQ_MSG(test, m.sixty_four, (bool)sf,
						    "sas %u sse %d sf %d", sas, sse, sf);
				KUNIT_EXPECT_EQ_MSG(test, m.len, 1U << sas,
						    "sas %u sse %d sf %d", sas, sse, sf);
				KUNIT_EXPECT_FALSE_MSG(test, m.is_write,
						       "sas %u sse %d sf %d", sas, sse, sf);
				KUNIT_EXPECT_EQ_MSG(test, m.reg, 9,
						    "sas %u sse %d sf %d", sas, sse, sf);
			}
		}
	}
}

/* Every transfer register: x0..x30 and 31 (xzr), loads and stores. */
static void decode_mmio_register_test(struct kunit *test)
{
	unsigned int srt;
	int wnr;

	for (srt = 0; srt < 32; srt++) {
		for (wnr = 0; wnr < 2; wnr++) {
			struct avcpu_mmio m = { .reg = 0xff, .is_write = !wnr };
			u64 esr = dabt_esr(2, srt, (wnr ? T_WNR : 0) | T_SSE | T_SF);

			KUNIT_EXPECT_EQ_MSG(test,
					    avcpu_decode_mmio(esr, T_FAR, T_HPFAR, 0, &m),
					    AVCPU_MMIO_OK, "srt %u wnr %d", srt, wnr);
			KUNIT_EXPECT_EQ_MSG(test, m.reg, srt,
					    "srt %u wnr %d", srt, wnr);
			KUNIT_EXPECT_EQ_MSG(test, m.is_write, (bool)wnr,
					    "srt %u wnr %d", srt, wnr);
			KUNIT_EXPECT_EQ_MSG(test, m.len, 4U,
					    "srt %u wnr %d", srt, wnr);
		}
	}
}

/* IPA = (HPFAR_EL2[47:4] << 8) | FAR_EL2[11:0]. */
static void decode_mmio_ipa_test(struct kunit *test)
{
	static const struct {
		u64 far, hpfar, ipa;
	} cases[] = {
		{ T_FAR, T_HPFAR, T_IPA },
		{ 0, 0, 0 },
		{ 0xfff, 0, 0xfff },
		{ 0x1000, 0x10, 0x1000 },
		{ 0x08000123ULL, 0x80000, 0x08000123ULL },
		/* FAR bits above 11 are the guest VA, not the IPA. */
		{ 0xffffffffffff0008ULL, 0x80000, 0x08000008ULL },
		/* HPFAR bits 3:0 and 63:48 (NS) are not FIPA. */
		{ 0x10, 0x800000000009000fULL, 0x09000010ULL },
		{ 0x456, 0x0fedcba987654320ULL, 0x00cba98765432456ULL },
		/* Widest FIPA: IPA bits 55:12. */
		{ ~0ULL, ~0ULL, GENMASK_ULL(55, 0) },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct avcpu_mmio m = { .ipa = 0x5a5a5a5a5a5a5a5aULL };

		KUNIT_EXPECT_EQ_MSG(test,
				    avcpu_decode_mmio(dabt_esr(3, 1, T_WNR),
						      cases[i].far, cases[i].hpfar, 0, &m),
				    AVCPU_MMIO_OK, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, m.ipa, cases[i].ipa, "case %u", i);
	}
}

/*
 * Without a PAR (no permission-fault IPA: avcpu_abort_kunit.c), only a
 * stage-2 translation fault (DFSC 0x04..0x07) is an MMIO access.
 */
static void decode_mmio_fault_status_test(struct kunit *test)
{
	struct avcpu_mmio m;
	u64 fsc;

	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(with_fsc(dabt_esr(2, 0, 0),
							 T_FSC_PERM_L3),
						T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_NOT);
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(with_fsc(dabt_esr(2, 0, T_WNR),
							 T_FSC_ACCESS_L3),
						T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_NOT);
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(with_fsc(dabt_esr(2, 0, 0),
							 T_FSC_EXT_ABORT),
						T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_NOT);
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(with_fsc(dabt_esr(2, 0, 0),
							 T_FSC_TRANS_L0),
						T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_OK);

	for (fsc = 0; fsc < 64; fsc++) {
		int want = fsc >= 0x04 && fsc <= 0x07 ? AVCPU_MMIO_OK :
							AVCPU_MMIO_NOT;

		KUNIT_EXPECT_EQ_MSG(test,
				    avcpu_decode_mmio(with_fsc(dabt_esr(1, 2, 0), fsc),
						      T_FAR, T_HPFAR, 0, &m),
				    want, "dfsc %#llx", fsc);
	}
}

/* ISV=0, FnV=1 or S1PTW=1: not an access the decoder can emulate. */
static void decode_mmio_not_mmio_test(struct kunit *test)
{
	struct avcpu_mmio m;
	unsigned int sas;

	for (sas = 0; sas < 4; sas++) {
		u64 esr = dabt_esr(sas, 4, T_WNR);

		KUNIT_EXPECT_EQ_MSG(test, avcpu_decode_mmio(esr & ~T_ISV, T_FAR,
							    T_HPFAR, 0, &m),
				    AVCPU_MMIO_NOT, "isv=0 sas %u", sas);
		KUNIT_EXPECT_EQ_MSG(test, avcpu_decode_mmio(esr | T_FNV, T_FAR,
							    T_HPFAR, 0, &m),
				    AVCPU_MMIO_NOT, "fnv=1 sas %u", sas);
		KUNIT_EXPECT_EQ_MSG(test, avcpu_decode_mmio(esr | T_S1PTW, T_FAR,
							    T_HPFAR, 0, &m),
				    AVCPU_MMIO_NOT, "s1ptw=1 sas %u", sas);
	}

	/* ISV=0 with the other syndrome fields clear, as for LDP/STP. */
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(T_EC(AVCPU_EC_DABT_LOW) | T_IL |
						T_FSC_TRANS_L3, T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_NOT);
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(T_EC(AVCPU_EC_DABT_LOW) | T_IL |
						T_WNR | T_FSC_TRANS_L3,
						T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_NOT);
	/* A stage-1 walk faulting on stage 2 with a permission fault. */
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(with_fsc(dabt_esr(3, 0, T_S1PTW),
							 T_FSC_PERM_L3),
						T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_NOT);
}

/* CM=1: cache maintenance on an MMIO address, skipped by the caller. */
static void decode_mmio_cache_op_test(struct kunit *test)
{
	struct avcpu_mmio m;
	u64 dc = T_EC(AVCPU_EC_DABT_LOW) | T_IL | T_CM | T_WNR | T_FSC_TRANS_L3;

	/* DC CIVAC and friends: ISV=0, WnR=1. */
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(dc, T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_CACHE_OP);
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(dc & ~T_WNR, T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_CACHE_OP);
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(dabt_esr(0, 0, T_CM), T_FAR,
						T_HPFAR, 0, &m),
			AVCPU_MMIO_CACHE_OP);
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(with_fsc(dc, T_FSC_TRANS_L0),
						T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_CACHE_OP);
	/* Not a translation fault, or a stage-1 walk: not MMIO at all. */
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(with_fsc(dc, T_FSC_PERM_L3),
						T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_NOT);
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(dc | T_S1PTW, T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_NOT);
	/* Cache maintenance is never an MMIO access: other ECs stay NOT. */
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(with_ec(dc, T_EC_DABT_CUR),
						T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_NOT);
}

/* Only EC 0x24 (data abort from a lower EL) is an MMIO access. */
static void decode_mmio_other_ec_test(struct kunit *test)
{
	u64 esr = dabt_esr(2, 1, T_WNR | T_SF);
	struct avcpu_mmio m;
	unsigned int ec;

	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(with_ec(esr, AVCPU_EC_IABT_LOW),
						T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_NOT);
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(with_ec(esr, AVCPU_EC_HVC64),
						T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_NOT);
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(with_ec(esr, T_EC_DABT_CUR),
						T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_NOT);
	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(with_ec(esr, AVCPU_EC_SYS64),
						T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_NOT);

	for (ec = 0; ec < 64; ec++) {
		int want = ec == AVCPU_EC_DABT_LOW ? AVCPU_MMIO_OK : AVCPU_MMIO_NOT;

		KUNIT_EXPECT_EQ_MSG(test, avcpu_decode_mmio(with_ec(esr, ec), T_FAR,
							    T_HPFAR, 0, &m),
				    want, "ec %#x", ec);
	}
}

/* Upper ESR_EL2 bits (ISS2) do not change the decode. */
static void decode_mmio_iss2_test(struct kunit *test)
{
	struct avcpu_mmio m = {};
	u64 esr = dabt_esr(1, 30, T_SSE) | GENMASK_ULL(55, 32);

	KUNIT_EXPECT_EQ(test, avcpu_decode_mmio(esr, T_FAR, T_HPFAR, 0, &m),
			AVCPU_MMIO_OK);
	KUNIT_EXPECT_EQ(test, m.ipa, T_IPA);
	KUNIT_EXPECT_EQ(test, m.len, 2U);
	KUNIT_EXPECT_EQ(test, m.reg, 30);
	KUNIT_EXPECT_FALSE(test, m.is_write);
	KUNIT_EXPECT_TRUE(test, m.sign_extend);
	KUNIT_EXPECT_FALSE(test, m.sixty_four);
}

struct load_case {
	u32 len;
	bool sse, sf;
	u64 data, want;
};

static const struct load_case load_cases[] = {
	/* 1 byte: LDRB, LDRSB w, LDRSB x. */
	{ 1, false, false, 0x80, 0x80 },
	{ 1, false, true, 0x80, 0x80 },
	{ 1, true, false, 0x80, 0xffffff80ULL },
	{ 1, true, true, 0x80, 0xffffffffffffff80ULL },
	{ 1, true, true, 0x7f, 0x7f },
	{ 1, true, false, 0x7f, 0x7f },
	{ 1, false, false, 0x1ff, 0xff },
	{ 1, false, true, 0x1ff, 0xff },
	{ 1, true, true, 0xdeadbeefcafe0080ULL, 0xffffffffffffff80ULL },
	{ 1, true, true, 0xdeadbeefcafe017fULL, 0x7f },
	{ 1, true, false, 0xffffffffffffffffULL, 0xffffffffULL },
	/* 2 bytes: LDRH, LDRSH w, LDRSH x. */
	{ 2, false, false, 0x8001, 0x8001 },
	{ 2, true, false, 0x8001, 0xffff8001ULL },
	{ 2, true, true, 0x8001, 0xffffffffffff8001ULL },
	{ 2, true, true, 0x7fff, 0x7fff },
	{ 2, false, true, 0x12345678, 0x5678 },
	{ 2, true, true, 0xffffffff00018001ULL, 0xffffffffffff8001ULL },
	{ 2, true, false, 0x00017ffeULL, 0x7ffe },
	/* 4 bytes: LDR w, LDRSW x. */
	{ 4, false, false, 0x80000002ULL, 0x80000002ULL },
	{ 4, true, true, 0x80000002ULL, 0xffffffff80000002ULL },
	{ 4, true, true, 0x7fffffffULL, 0x7fffffffULL },
	{ 4, false, true, 0xffffffff80000002ULL, 0x80000002ULL },
	{ 4, true, true, 0x1234567880000002ULL, 0xffffffff80000002ULL },
	{ 4, false, false, 0xdeadbeef12345678ULL, 0x12345678ULL },
	/* 8 bytes: LDR x; SSE has nothing to extend. */
	{ 8, false, true, 0xfedcba9876543210ULL, 0xfedcba9876543210ULL },
	{ 8, true, true, 0xfedcba9876543210ULL, 0xfedcba9876543210ULL },
	{ 8, false, true, 0x8000000000000000ULL, 0x8000000000000000ULL },
	{ 8, false, true, 0, 0 },
};

/* The register value a load produces: width, sign extension, x or w. */
static void mmio_load_value_test(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(load_cases); i++) {
		const struct load_case *c = &load_cases[i];
		struct avcpu_mmio m = {
			.len = c->len, .sign_extend = c->sse,
			.sixty_four = c->sf, .reg = 1,
		};

		KUNIT_EXPECT_EQ_MSG(test, avcpu_mmio_load_value(&m, c->data),
				    c->want, "case %u: len %u sse %d sf %d data %#llx",
				    i, c->len, c->sse, c->sf, c->data);
	}
}

/* The same loads, from the syndrome the guest instruction produces. */
static void mmio_load_value_decoded_test(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(load_cases); i++) {
		const struct load_case *c = &load_cases[i];
		u64 esr = dabt_esr(ilog2(c->len), 7, (c->sse ? T_SSE : 0) |
						      (c->sf ? T_SF : 0));
		struct avcpu_mmio m = {};

		KUNIT_ASSERT_EQ_MSG(test, avcpu_decode_mmio(esr, T_FAR, T_HPFAR, 0, &m),
				    AVCPU_MMIO_OK, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, avcpu_mmio_load_value(&m, c->data),
				    c->want, "case %u", i);
	}
}

/* A store puts the low len bytes of the register on the bus. */
static void mmio_store_data_test(struct kunit *test)
{
	static const u64 want[] = {
		0x0d, 0xf00d, 0xcafef00dULL, 0xdeadbeefcafef00dULL,
	};
	const u64 val = 0xdeadbeefcafef00dULL;
	unsigned int sas;

	for (sas = 0; sas < 4; sas++) {
		struct avcpu_mmio m = {};
		u64 esr = dabt_esr(sas, 12, T_WNR | (sas == 3 ? T_SF : 0));

		KUNIT_ASSERT_EQ_MSG(test, avcpu_decode_mmio(esr, T_FAR, T_HPFAR, 0, &m),
				    AVCPU_MMIO_OK, "sas %u", sas);
		KUNIT_EXPECT_TRUE_MSG(test, m.is_write, "sas %u", sas);
		KUNIT_EXPECT_EQ_MSG(test, avcpu_mmio_store_data(&m, val), want[sas],
				    "sas %u", sas);
		KUNIT_EXPECT_EQ_MSG(test, avcpu_mmio_store_data(&m, ~0ULL),
				    GENMASK_ULL((8 << sas) - 1, 0), "sas %u", sas);
		KUNIT_EXPECT_EQ_MSG(test, avcpu_mmio_store_data(&m, 0), 0ULL,
				    "sas %u", sas);
	}

	/* Sign extension and SF are load-only: a store is never extended. */
	{
		struct avcpu_mmio m = {
			.len = 1, .is_write = true, .sign_extend = true,
			.sixty_four = true,
		};

		KUNIT_EXPECT_EQ(test, avcpu_mmio_store_data(&m, 0x80), 0x80ULL);
		m.len = 2;
		KUNIT_EXPECT_EQ(test, avcpu_mmio_store_data(&m, 0xffff8001ULL),
				0x8001ULL);
		m.len = 4;
		m.sixty_four = false;
		KUNIT_EXPECT_EQ(test,
				avcpu_mmio_store_data(&m, 0xffffffff80000002ULL),
				0x80000002ULL);
	}
}

/* Translation and access-flag faults and S1PTW: the IPA is in HPFAR. */
static void abort_ipa_hpfar_test(struct kunit *test)
{
	/* A valid PAR that must not be used. */
	const u64 par = 0x0000000123456000ULL;
	u64 esr = T_EC(AVCPU_EC_DABT_LOW) | T_IL;
	u64 fsc, ipa;

	for (fsc = 0x04; fsc <= 0x0b; fsc++) {
		ipa = 0;
		KUNIT_EXPECT_TRUE_MSG(test, avcpu_abort_ipa(esr | fsc, T_FAR, T_HPFAR,
							    par, &ipa),
				      "dfsc %#llx", fsc);
		KUNIT_EXPECT_EQ_MSG(test, ipa, T_IPA, "dfsc %#llx", fsc);
		ipa = 0;
		KUNIT_EXPECT_TRUE_MSG(test, avcpu_abort_ipa(esr | fsc, T_FAR, T_HPFAR,
							    0, &ipa),
				      "dfsc %#llx par 0", fsc);
		KUNIT_EXPECT_EQ_MSG(test, ipa, T_IPA, "dfsc %#llx par 0", fsc);
	}

	/* Instruction aborts decode the same way. */
	ipa = 0;
	KUNIT_EXPECT_TRUE(test, avcpu_abort_ipa(T_EC(AVCPU_EC_IABT_LOW) | T_IL |
						T_FSC_TRANS_L3, 0x123,
						0x0fedcba987654320ULL, T_PAR_F, &ipa));
	KUNIT_EXPECT_EQ(test, ipa, 0x00cba98765432123ULL);

	/* S1PTW: the stage-1 walk's IPA, whatever the fault status. */
	ipa = 0;
	KUNIT_EXPECT_TRUE(test, avcpu_abort_ipa(esr | T_S1PTW | T_FSC_PERM_L3,
						T_FAR, T_HPFAR, par, &ipa));
	KUNIT_EXPECT_EQ(test, ipa, T_IPA);
	ipa = 0;
	KUNIT_EXPECT_TRUE(test, avcpu_abort_ipa(esr | T_S1PTW | T_FSC_EXT_ABORT,
						0x7ff, 0x1230, T_PAR_F, &ipa));
	KUNIT_EXPECT_EQ(test, ipa, 0x1237ffULL);
	ipa = 0;
	KUNIT_EXPECT_TRUE(test, avcpu_abort_ipa(esr | T_S1PTW | T_FSC_TRANS_L0,
						~0ULL, ~0ULL, 0, &ipa));
	KUNIT_EXPECT_EQ(test, ipa, GENMASK_ULL(55, 0));
}

/* Other faults (permission): the IPA is PAR_EL1.PA from AT S1E1R. */
static void abort_ipa_par_test(struct kunit *test)
{
	u64 esr = T_EC(AVCPU_EC_DABT_LOW) | T_IL;
	u64 fsc, ipa;

	for (fsc = 0x0d; fsc <= 0x0f; fsc++) {
		ipa = 0;
		KUNIT_EXPECT_TRUE_MSG(test, avcpu_abort_ipa(esr | fsc, T_FAR, T_HPFAR,
							    0x0000000123456000ULL, &ipa),
				      "dfsc %#llx", fsc);
		KUNIT_EXPECT_EQ_MSG(test, ipa, 0x123456abcULL, "dfsc %#llx", fsc);
	}

	/* PAR.ATTR (63:56), bits 11:1 (NS, SH, ...) and PA[51:48] dropped. */
	ipa = 0;
	KUNIT_EXPECT_TRUE(test, avcpu_abort_ipa(esr | T_WNR | T_FSC_PERM_L3, 0x10,
						T_HPFAR, 0xff0f876543210ffeULL,
						&ipa));
	KUNIT_EXPECT_EQ(test, ipa, 0x0000876543210010ULL);

	/* FAR bits above 11 come from PAR, not FAR. */
	ipa = 0;
	KUNIT_EXPECT_TRUE(test, avcpu_abort_ipa(esr | T_FSC_PERM_L3,
						0xffff800000001fffULL, T_HPFAR,
						0x40000000ULL, &ipa));
	KUNIT_EXPECT_EQ(test, ipa, 0x40000fffULL);

	/* Other non-HPFAR fault codes use PAR as well. */
	ipa = 0;
	KUNIT_EXPECT_TRUE(test, avcpu_abort_ipa(esr | T_FSC_EXT_ABORT, T_FAR,
						T_HPFAR, 0x8000ULL, &ipa));
	KUNIT_EXPECT_EQ(test, ipa, 0x8abcULL);

	/* PAR.F=1 (the AT walk faulted) or no PAR: no IPA. */
	ipa = 0x5a5a;
	KUNIT_EXPECT_FALSE(test, avcpu_abort_ipa(esr | T_FSC_PERM_L3, T_FAR,
						 T_HPFAR, T_PAR_F, &ipa));
	KUNIT_EXPECT_FALSE(test, avcpu_abort_ipa(esr | T_FSC_PERM_L3, T_FAR,
						 T_HPFAR, 0x123456000ULL | T_PAR_F,
						 &ipa));
	KUNIT_EXPECT_FALSE(test, avcpu_abort_ipa(esr | T_FSC_PERM_L3, T_FAR,
						 T_HPFAR, 0, &ipa));
	KUNIT_EXPECT_FALSE(test, avcpu_abort_ipa(esr | T_FSC_EXT_ABORT, T_FAR,
						 T_HPFAR, 0, &ipa));
	KUNIT_EXPECT_EQ(test, ipa, 0x5a5aULL);
}

/* The PC advance: IL, and ITSTATE in an AArch32 T32 IT block. */
static void skip_instr_test(struct kunit *test)
{
	unsigned long pc = 0x1000, spsr = 0x3c5;

	avcpu_skip_instr(&pc, &spsr, BIT(25));		/* 32-bit */
	KUNIT_EXPECT_EQ(test, pc, 0x1004UL);
	KUNIT_EXPECT_EQ(test, spsr, 0x3c5UL);
	avcpu_skip_instr(&pc, &spsr, 0);		/* 16-bit */
	KUNIT_EXPECT_EQ(test, pc, 0x1006UL);
	/*
	 * T32 User inside an IT block, ITSTATE = 0b000_01100 (IT[7:2] in
	 * CPSR[15:10], IT[1:0] in CPSR[26:25]): ITAdvance shifts the mask,
	 * giving 0b000_11000.
	 */
	spsr = 0x30 | (0x3UL << 10);
	avcpu_skip_instr(&pc, &spsr, 0);
	KUNIT_EXPECT_EQ(test, pc, 0x1008UL);
	KUNIT_EXPECT_EQ(test, spsr, 0x30 | (0x6UL << 10));
	/* The last instruction of a block (mask 0b01000): IT goes to 0. */
	spsr = 0x30 | (0x2UL << 10);
	avcpu_skip_instr(&pc, &spsr, 0);
	KUNIT_EXPECT_EQ(test, spsr, 0x30UL);
	/* A32 (T clear): ITSTATE untouched, whatever it holds. */
	spsr = 0x10 | (0x0cUL << 10);
	avcpu_skip_instr(&pc, &spsr, BIT(25));
	KUNIT_EXPECT_EQ(test, spsr, 0x10 | (0x0cUL << 10));
	/*
	 * The instruction completed: SS (bit 21) to 0 in both widths,
	 * BTYPE (bits 11:10) to 0 in AArch64 only (in AArch32 they are IT).
	 */
	spsr = 0x3c5 | BIT(21) | (3UL << 10) | BIT(22);
	avcpu_skip_instr(&pc, &spsr, BIT(25));
	KUNIT_EXPECT_EQ(test, spsr, 0x3c5UL | BIT(22));
	spsr = 0x10 | BIT(21) | (0x0cUL << 10);
	avcpu_skip_instr(&pc, &spsr, BIT(25));
	KUNIT_EXPECT_EQ(test, spsr, 0x10 | (0x0cUL << 10));
}

/* Which SErrors end the host (KVM's arm64_is_fatal_ras_serror()). */
static void serror_fatal_test(struct kunit *test)
{
	u64 serror = 0x2fULL << 26 | BIT(25);

	/* No RAS, or an IMPLEMENTATION DEFINED syndrome: the VMM's. */
	KUNIT_EXPECT_FALSE(test, avcpu_serror_fatal(serror, false));
	KUNIT_EXPECT_FALSE(test, avcpu_serror_fatal(serror | BIT(24), true));
	/* Uncategorised (DFSC not 0x11): fatal. */
	KUNIT_EXPECT_TRUE(test, avcpu_serror_fatal(serror, true));
	/* AET: UC fatal; UEU, UEO, UER, CE not. */
	KUNIT_EXPECT_TRUE(test, avcpu_serror_fatal(serror | 0x11, true));
	KUNIT_EXPECT_FALSE(test, avcpu_serror_fatal(serror | 0x11 | 1 << 10,
						    true));
	KUNIT_EXPECT_FALSE(test, avcpu_serror_fatal(serror | 0x11 | 2 << 10,
						    true));
	KUNIT_EXPECT_FALSE(test, avcpu_serror_fatal(serror | 0x11 | 3 << 10,
						    true));
	KUNIT_EXPECT_FALSE(test, avcpu_serror_fatal(serror | 0x11 | 6 << 10,
						    true));
}

static struct kunit_case avcpu_decode_test_cases[] = {
	KUNIT_CASE(skip_instr_test),
	KUNIT_CASE(serror_fatal_test),
	KUNIT_CASE(avcpu_esr_ec_test),
	KUNIT_CASE(decode_mmio_width_test),
	KUNIT_CASE(decode_mmio_sse_sf_test),
	KUNIT_CASE(decode_mmio_register_test),
	KUNIT_CASE(decode_mmio_ipa_test),
	KUNIT_CASE(decode_mmio_fault_status_test),
	KUNIT_CASE(decode_mmio_not_mmio_test),
	KUNIT_CASE(decode_mmio_cache_op_test),
	KUNIT_CASE(decode_mmio_other_ec_test),
	KUNIT_CASE(decode_mmio_iss2_test),
	KUNIT_CASE(mmio_load_value_test),
	KUNIT_CASE(mmio_load_value_decoded_test),
	KUNIT_CASE(mmio_store_data_test),
	KUNIT_CASE(abort_ipa_hpfar_test),
	KUNIT_CASE(abort_ipa_par_test),
	{}
};

static struct kunit_suite avcpu_decode_test_suite = {
	.name = "avcpu_decode",
	.test_cases = avcpu_decode_test_cases,
};

kunit_test_suite(avcpu_decode_test_suite);

MODULE_DESCRIPTION("KUnit tests of the avcpu exit decoders");
MODULE_LICENSE("GPL");
