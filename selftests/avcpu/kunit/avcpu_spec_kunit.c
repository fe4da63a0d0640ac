// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of avcpu's per-CPU choice of EL2 speculation mitigations
 * (driver/spectre_choose.c), for CPUs and firmware the QEMU test bed does
 * not have: a Cortex-A72 with and without TF-A's ARCH_WORKAROUND_1,
 * Cortex-A76/A55 revisions inside and outside the errata ranges, CPUs
 * with CLRBHB or ECBHB, firmware-only BHB mitigation, mitigations=off.
 * Each expected value follows KVM's hyp vector slot for that CPU
 * (proton-pack.c, hyp-entry.S) and is spelt out from hyp_abi.h's layout.
 */
#include "../../../driver/spectre_choose.c"

#include <kunit/test.h>
#include <linux/module.h>

#define WA1		0x80008000ULL
#define WA3		0x80003fffULL
#define AT		1ULL
#define LOOP(k)		((1ULL << 1) | ((u64)(k) << 8))
#define FW(id)		((2ULL << 1) | ((id) << 32))
#define CLRBHB		(3ULL << 1)

/* A Cortex-A72 (Raspberry Pi 4, QEMU): AT erratum, v2 and BHB, k = 8. */
static const struct avcpu_spec_in a72 = {
	.spec_at = true, .v2_affected = true, .bhb_affected = true,
	.bhb_config = true, .loop_k = 8,
};

static void a72_no_firmware(struct kunit *test)
{
	struct avcpu_spec_in in = a72;

	/* Spectre-v2 open: "No point mitigating Spectre-BHB alone". */
	KUNIT_EXPECT_EQ(test, AT, avcpu_spec_choose(&in));
	in.force_loop = true;
	KUNIT_EXPECT_EQ(test, AT | LOOP(8), avcpu_spec_choose(&in));
}

static void a72_with_firmware(struct kunit *test)
{
	struct avcpu_spec_in in = a72;

	/* KVM's HYP_VECTOR_SPECTRE_INDIRECT: WA1 only, no loop. */
	in.fw_wa1 = true;
	KUNIT_EXPECT_EQ(test, AT | FW(WA1), avcpu_spec_choose(&in));
	in.fw_wa3 = true;
	KUNIT_EXPECT_EQ(test, AT | FW(WA1), avcpu_spec_choose(&in));
	in.force_loop = true;
	KUNIT_EXPECT_EQ(test, AT | FW(WA1), avcpu_spec_choose(&in));
	in.mitigations_off = true;
	KUNIT_EXPECT_EQ(test, AT, avcpu_spec_choose(&in));
}

/* Cortex-A76: CSV2, BHB by the k = 24 loop; AT only up to r2p0. */
static void a76(struct kunit *test)
{
	struct avcpu_spec_in in = {
		.bhb_affected = true, .bhb_config = true, .loop_k = 24,
	};

	KUNIT_EXPECT_EQ(test, LOOP(24), avcpu_spec_choose(&in));
	in.spec_at = true;
	KUNIT_EXPECT_EQ(test, AT | LOOP(24), avcpu_spec_choose(&in));
	in.bhb_config = false;
	KUNIT_EXPECT_EQ(test, AT, avcpu_spec_choose(&in));
}

/* Cortex-A55 r1p0: AT erratum, v2 and BHB safe-listed. */
static void a55(struct kunit *test)
{
	struct avcpu_spec_in in = { .spec_at = true, .bhb_config = true };

	KUNIT_EXPECT_EQ(test, AT, avcpu_spec_choose(&in));
}

/* QEMU max: CSV2, BHB affected without any mitigation available. */
static void qemu_max(struct kunit *test)
{
	struct avcpu_spec_in in = { .bhb_affected = true, .bhb_config = true };

	KUNIT_EXPECT_EQ(test, 0ULL, avcpu_spec_choose(&in));
	in.force_loop = true;		/* no loop count: nothing */
	KUNIT_EXPECT_EQ(test, 0ULL, avcpu_spec_choose(&in));
}

static void bhb_hw_and_insn(struct kunit *test)
{
	struct avcpu_spec_in in = {
		.bhb_affected = true, .bhb_config = true, .loop_k = 32,
		.clrbhb = true,
	};

	KUNIT_EXPECT_EQ(test, CLRBHB, avcpu_spec_choose(&in));
	in.ecbhb = true;		/* exceptions clear the history */
	KUNIT_EXPECT_EQ(test, 0ULL, avcpu_spec_choose(&in));
}

static void bhb_firmware(struct kunit *test)
{
	struct avcpu_spec_in in = {
		.bhb_affected = true, .bhb_config = true, .fw_wa3 = true,
	};

	KUNIT_EXPECT_EQ(test, FW(WA3), avcpu_spec_choose(&in));
	/* v2 by firmware too: one call, _3 supersedes _1. */
	in.v2_affected = true;
	in.fw_wa1 = true;
	KUNIT_EXPECT_EQ(test, FW(WA3), avcpu_spec_choose(&in));
	/* v2 open: no WA3 either. */
	in.fw_wa1 = false;
	KUNIT_EXPECT_EQ(test, 0ULL, avcpu_spec_choose(&in));
}

/* SMCCC_ARCH_FEATURES answers: KVM's, consistent with the ID registers. */
#define RET_UNAFFECTED		1L
#define RET_SUCCESS		0L
#define RET_NOT_SUPPORTED	(-1L)
#define RET_NOT_REQUIRED	(-2L)

static void guest_wa_expect(struct kunit *test, const struct avcpu_spec_in *in,
			    long wa1, long wa2, long wa3)
{
	long wa[3];

	avcpu_spec_guest_answers(in, wa);
	KUNIT_EXPECT_EQ(test, wa1, wa[0]);
	KUNIT_EXPECT_EQ(test, wa2, wa[1]);
	KUNIT_EXPECT_EQ(test, wa3, wa[2]);
}

static void guest_answers(struct kunit *test)
{
	struct avcpu_spec_in in = a72;

	/* Cortex-A72 under QEMU: no firmware for any workaround. */
	in.v4_affected = true;
	guest_wa_expect(test, &in, RET_NOT_SUPPORTED, RET_NOT_SUPPORTED,
			RET_NOT_SUPPORTED);
	/* With firmware: WA1 and the loop mitigate, WA2 is permanent. */
	in.fw_wa1 = true;
	in.fw_wa2 = true;
	guest_wa_expect(test, &in, RET_SUCCESS, RET_NOT_REQUIRED, RET_SUCCESS);
	/* mitigations=off: the guest is told the truth. */
	in.mitigations_off = true;
	guest_wa_expect(test, &in, RET_NOT_SUPPORTED, RET_NOT_SUPPORTED,
			RET_NOT_SUPPORTED);

	/*
	 * QEMU max: CSV2 (v2 unaffected), SSBS (the guest sees it and
	 * mitigates v4 itself), BHB affected with nothing to mitigate it.
	 */
	in = (struct avcpu_spec_in){ .bhb_affected = true, .bhb_config = true,
				     .v4_affected = true, .ssbs = true };
	guest_wa_expect(test, &in, RET_UNAFFECTED, RET_NOT_SUPPORTED,
			RET_NOT_SUPPORTED);
	/* CSV2.3 (BHB unaffected), v4 safe-listed. */
	in = (struct avcpu_spec_in){ 0 };
	guest_wa_expect(test, &in, RET_UNAFFECTED, RET_NOT_REQUIRED,
			RET_UNAFFECTED);
	/* ECBHB mitigates BHB in hardware. */
	in.bhb_affected = true;
	in.bhb_config = true;
	in.ecbhb = true;
	guest_wa_expect(test, &in, RET_UNAFFECTED, RET_NOT_REQUIRED,
			RET_SUCCESS);
}

static struct kunit_case avcpu_spec_cases[] = {
	KUNIT_CASE(guest_answers),
	KUNIT_CASE(a72_no_firmware),
	KUNIT_CASE(a72_with_firmware),
	KUNIT_CASE(a76),
	KUNIT_CASE(a55),
	KUNIT_CASE(qemu_max),
	KUNIT_CASE(bhb_hw_and_insn),
	KUNIT_CASE(bhb_firmware),
	{}
};

static struct kunit_suite avcpu_spec_suite = {
	.name = "avcpu_spec",
	.test_cases = avcpu_spec_cases,
};

kunit_test_suite(avcpu_spec_suite);

MODULE_DESCRIPTION("KUnit tests of avcpu's EL2 speculation mitigation choice");
MODULE_LICENSE("GPL");
