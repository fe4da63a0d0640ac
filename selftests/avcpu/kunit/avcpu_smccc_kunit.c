// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of avcpu's SMCCC dispatch table (lib/smccc.c): for every
 * guest "hvc #0"/"smc #0" function id, who answers (EL2, the kernel or the
 * VMM) and, for EL2's answers, the exact value.  Built into this module
 * the way driver/smccc.c builds it into the driver.  Expected values are
 * written out from Arm DEN 0028/DEN 0022 and KVM's hypercalls.c/psci.c,
 * not from the table's own definitions.
 */
#include <linux/array_size.h>
#include <linux/bits.h>
#include <linux/types.h>

#include "../../../lib/smccc.c"

#include <kunit/test.h>
#include <linux/module.h>

#define NOT_SUPPORTED	0xffffffffffffffffUL
#define T0		AVCPU_SMCCC_T0
#define T1		AVCPU_SMCCC_T1
#define T2		AVCPU_SMCCC_T2

static const struct avcpu_hyp_smccc no_filter = {
	.wa = { 1, -1, 0 },
};

/* One decision: the tier, and the answer for T0. */
static void expect(struct kunit *test, const struct avcpu_hyp_smccc *cfg,
		   u32 fid, unsigned long arg1, int tier, unsigned long x0)
{
	unsigned long got = 0x5a5a;
	int t = avcpu_smccc_decide(cfg, fid, arg1, &got);

	KUNIT_EXPECT_EQ_MSG(test, tier, t, "fid %#x arg1 %#lx", fid, arg1);
	if (tier == T0 && t == T0)
		KUNIT_EXPECT_EQ_MSG(test, x0, got, "fid %#x arg1 %#lx", fid,
				    arg1);
}

/* What Linux's psci_probe() and smccc/proton-pack probing ask first. */
static void t0_constants(struct kunit *test)
{
	expect(test, &no_filter, 0x84000000, 0, T0, 0x10001);	/* PSCI 1.1 */
	expect(test, &no_filter, 0x80000000, 0, T0, 0x10001);	/* SMCCC 1.1 */
	expect(test, &no_filter, 0x84000006, 0, T0, 2);		/* no TOS */
	/* The workaround calls themselves: done by EL2's vectors. */
	expect(test, &no_filter, 0x80008000, 0, T0, 0);
	expect(test, &no_filter, 0x80007fff, 0, T0, 0);
	expect(test, &no_filter, 0x80003fff, 0, T0, 0);
}

static void psci_features(struct kunit *test)
{
	static const u32 implemented[] = {
		0x84000000, 0x84000001, 0xc4000001, 0x84000002, 0x84000003,
		0xc4000003, 0x84000004, 0xc4000004, 0x84000006, 0x84000008,
		0x84000009, 0x8400000a, 0x84000012, 0xc4000012, 0x80000000,
	};
	static const u32 not_implemented[] = {
		0x8400000e, 0xc400000e,		/* SYSTEM_SUSPEND */
		0x84000005, 0xc4000005,		/* MIGRATE */
		0x84000007, 0xc4000007,		/* MIGRATE_INFO_UP_CPU */
		0xc4000000, 0xc4000002,		/* no SMC64 forms */
		0x80000001, 0x80008000,		/* SMCCC, not PSCI */
		0x84000050, 0,
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(implemented); i++)
		expect(test, &no_filter, 0x8400000a, implemented[i], T0, 0);
	for (i = 0; i < ARRAY_SIZE(not_implemented); i++)
		expect(test, &no_filter, 0x8400000a, not_implemented[i], T0,
		       NOT_SUPPORTED);
	/* An SMC32 call: only W1 counts. */
	expect(test, &no_filter, 0x8400000a, 0xdead000084000000UL, T0, 0);
}

static void arch_features(struct kunit *test)
{
	struct avcpu_hyp_smccc cfg = { .wa = { 1, -2, -1 } };

	expect(test, &cfg, 0x80000001, 0x80008000, T0, 1);
	expect(test, &cfg, 0x80000001, 0x80007fff, T0, -2UL);
	expect(test, &cfg, 0x80000001, 0x80003fff, T0, NOT_SUPPORTED);
	expect(test, &cfg, 0x80000001, 0xffffffff80008000UL, T0, 1);
	/* PV time, SOC_ID, SMCCC_VERSION itself: not supported. */
	expect(test, &cfg, 0x80000001, 0xc5000020, T0, NOT_SUPPORTED);
	expect(test, &cfg, 0x80000001, 0x80000002, T0, NOT_SUPPORTED);
	expect(test, &cfg, 0x80000001, 0x80000000, T0, NOT_SUPPORTED);
}

/* Power management needs the other vCPUs: the kernel's. */
static void t1_power(struct kunit *test)
{
	static const u32 t1[] = {
		0x84000001, 0xc4000001, 0x84000002, 0x84000003, 0xc4000003,
		0x84000004, 0xc4000004, 0x84000008, 0x84000009, 0x84000012,
		0xc4000012,
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(t1); i++)
		expect(test, &no_filter, t1[i], 0, T1, 0);
}

/* What a guest probes before its console: never the VMM's. */
static void t0_not_supported(struct kunit *test)
{
	static const u32 ids[] = {
		0x84000050, 0xc4000051,		/* TRNG_VERSION, RND64 */
		0xc4000020, 0x84000021,		/* SDEI */
		0xc5000020, 0xc5000021,		/* PV_TIME */
		0x80000002, 0x8000ff00, 0xc0000000, 0xc000ffff,
		0x84000013, 0xc4000000, 0x8400ff01,
		0x8600ff00, 0x8600ff01, 0x8600ff03, 0xc600ffff,	/* UID... */
		0x84010000,			/* reserved bits set */
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(ids); i++)
		expect(test, &no_filter, ids[i], 0, T0, NOT_SUPPORTED);
}

/* Everything else is the VMM's. */
static void t2_vmm(struct kunit *test)
{
	static const u32 ids[] = {
		0x86000000, 0xc6000001, 0x8600feff,	/* vendor hyp calls */
		0x82000000, 0xc2000010,		/* SiP */
		0x83000000, 0x81000000,		/* OEM, CPU service */
		0xb0000000, 0xbf00ff01,		/* trusted OS */
		0x04000000, 0x00000000, 0x1234,	/* yielding calls */
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(ids); i++)
		expect(test, &no_filter, ids[i], 0, T2, 0);
}

static void filter(struct kunit *test)
{
	struct avcpu_hyp_smccc cfg = {
		.nr_filter = 3,
		.filter = {
			{ 0x84000000, 0x84000000, AVCPU_HYP_FILTER_FWD_TO_USER },
			{ 0x84000003, 0x84000004, AVCPU_HYP_FILTER_DENY },
			{ 0x86000000, 0x8600ffff, AVCPU_HYP_FILTER_HANDLE },
			/* Not counted in nr_filter: ignored. */
			{ 0x82000000, 0x82000000, AVCPU_HYP_FILTER_DENY },
		},
	};

	expect(test, &cfg, 0x84000000, 0, T2, 0);
	expect(test, &cfg, 0x84000003, 0, T0, NOT_SUPPORTED);
	expect(test, &cfg, 0x84000004, 0, T0, NOT_SUPPORTED);
	expect(test, &cfg, 0xc4000003, 0, T1, 0);
	expect(test, &cfg, 0x86000000, 0, T2, 0);
	expect(test, &cfg, 0x8600ff01, 0, T0, NOT_SUPPORTED);
	expect(test, &cfg, 0x82000000, 0, T2, 0);
	expect(test, &cfg, 0x84000006, 0, T0, 2);
	/* A corrupt count is clamped to the array. */
	cfg.nr_filter = 1000;
	expect(test, &cfg, 0x84000000, 0, T2, 0);
}

static struct kunit_case avcpu_smccc_cases[] = {
	KUNIT_CASE(t0_constants),
	KUNIT_CASE(psci_features),
	KUNIT_CASE(arch_features),
	KUNIT_CASE(t1_power),
	KUNIT_CASE(t0_not_supported),
	KUNIT_CASE(t2_vmm),
	KUNIT_CASE(filter),
	{}
};

static struct kunit_suite avcpu_smccc_suite = {
	.name = "avcpu_smccc",
	.test_cases = avcpu_smccc_cases,
};

kunit_test_suite(avcpu_smccc_suite);

MODULE_DESCRIPTION("KUnit tests of avcpu's SMCCC dispatch table");
MODULE_LICENSE("GPL");
