// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of avcpu's exception injection (lib/inject.c): the checks
 * of struct avcpu_inject, the syndrome, a virtual SError's VSESR_EL2, the
 * vector and the PSTATE of the exception entry, for every mode a guest
 * can be in.  Built into this module the way driver/inject.c builds it into the driver.  Expected
 * values are written out from ARM DDI 0487 (ESR_EL1, the vector table,
 * the PSTATE rules of an exception entry) and KVM's enter_exception64(),
 * not from lib/inject.c's definitions.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/types.h>
#include <uapi/linux/avcpu.h>
#include <avcpu/hyp_abi.h>

#include "../../../lib/inject.c"

#include <kunit/test.h>
#include <linux/module.h>

/* Guest PSTATEs: the mode in M[4:0], DAIF clear unless said. */
#define EL0T		0x0ULL
#define EL1T		0x4ULL
#define EL1H		0x5ULL
#define USR32		0x10ULL
#define USR32_T		0x30ULL		/* T32 */
#define DAIF		0x3c0ULL
#define SCTLR_RESET	0x30c50830ULL	/* SPAN set, DSSBS clear */
#define SCTLR_SPAN	BIT_ULL(23)
#define SCTLR_DSSBS	BIT_ULL(44)

static const struct {
	u64 spsr;
	u64 sync;		/* VBAR_EL1 offset of a synchronous exception */
	bool lower;		/* EC of a lower EL */
} modes[] = {
	{ EL1H, 0x200, false },
	{ EL1H | DAIF | 0xf0000000, 0x200, false },
	{ EL1T, 0x000, false },
	{ EL1T | DAIF, 0x000, false },
	{ EL0T, 0x400, true },
	{ EL0T | 0x90000000, 0x400, true },
	{ USR32, 0x600, true },
	{ USR32_T | 0x0600fc00, 0x600, true },	/* in an IT block */
};

static void vector_test(struct kunit *test)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		KUNIT_EXPECT_EQ_MSG(test, modes[i].sync,
				    avcpu_inject_vector(modes[i].spsr,
							AVCPU_VECTOR_SYNC),
				    "spsr %#llx", modes[i].spsr);
		KUNIT_EXPECT_EQ_MSG(test, modes[i].sync + 0x180,
				    avcpu_inject_vector(modes[i].spsr,
							AVCPU_VECTOR_SERROR),
				    "spsr %#llx", modes[i].spsr);
	}
}

static u64 esr_of(u32 type, u32 flags, u32 fsc, u64 spsr)
{
	struct avcpu_inject inj = { .type = type, .flags = flags, .fsc = fsc };

	return avcpu_inject_esr(&inj, spsr);
}

/* EC, IL (always 1 for these classes), WnR, xFSC; ISV and the rest 0. */
static void esr_test(struct kunit *test)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		u64 spsr = modes[i].spsr;
		bool lo = modes[i].lower;

		KUNIT_EXPECT_EQ_MSG(test, 0x02000000ULL,
				    esr_of(AVCPU_INJECT_UNDEF, 0, 0, spsr),
				    "spsr %#llx", spsr);
		KUNIT_EXPECT_EQ_MSG(test, lo ? 0x82000010ULL : 0x86000010ULL,
				    esr_of(AVCPU_INJECT_IABT, 0, 0x10, spsr),
				    "spsr %#llx", spsr);
		KUNIT_EXPECT_EQ_MSG(test, lo ? 0x8200000fULL : 0x8600000fULL,
				    esr_of(AVCPU_INJECT_IABT, 0,
					   AVCPU_FSC_PERMISSION(3), spsr),
				    "spsr %#llx", spsr);
		KUNIT_EXPECT_EQ_MSG(test, lo ? 0x92000005ULL : 0x96000005ULL,
				    esr_of(AVCPU_INJECT_DABT, 0,
					   AVCPU_FSC_TRANSLATION(1), spsr),
				    "spsr %#llx", spsr);
		KUNIT_EXPECT_EQ_MSG(test, lo ? 0x92000061ULL : 0x96000061ULL,
				    esr_of(AVCPU_INJECT_DABT,
					   AVCPU_INJECT_WRITE,
					   AVCPU_FSC_ALIGNMENT, spsr),
				    "spsr %#llx", spsr);
		KUNIT_EXPECT_EQ_MSG(test, lo ? 0x92000070ULL : 0x96000070ULL,
				    esr_of(AVCPU_INJECT_DABT,
					   AVCPU_INJECT_WRITE,
					   AVCPU_FSC_TLB_CONFLICT, spsr),
				    "spsr %#llx", spsr);
	}
	/* The CPU builds a virtual SError's syndrome: none here. */
	KUNIT_EXPECT_EQ(test, 0ULL, esr_of(AVCPU_INJECT_SERROR, 0, 0, EL1H));
}

static u64 vsesr_of(u32 flags, u64 iss)
{
	struct avcpu_inject inj = {
		.type = AVCPU_INJECT_SERROR, .flags = flags, .serror_iss = iss,
	};

	return avcpu_inject_vsesr(&inj);
}

/*
 * VSESR_EL2: the VMM's ISS as given, 0 and architectural ones (DFSC 0x11,
 * asynchronous SError) included; without the flag IDS (bit 24) alone,
 * KVM's kvm_inject_vabt() default, not ISS 0, which is an uncategorised
 * RAS error.
 */
static void vsesr_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 0x1000000ULL, vsesr_of(0, 0));
	KUNIT_EXPECT_EQ(test, 0x1234ULL,
			vsesr_of(AVCPU_INJECT_SERROR_ISS, 0x1234));
	KUNIT_EXPECT_EQ(test, 0ULL, vsesr_of(AVCPU_INJECT_SERROR_ISS, 0));
	KUNIT_EXPECT_EQ(test, 0x1ffffffULL,
			vsesr_of(AVCPU_INJECT_SERROR_ISS, 0x1ffffff));
	KUNIT_EXPECT_EQ(test, 0x11ULL,
			vsesr_of(AVCPU_INJECT_SERROR_ISS, 0x11));
}

static void pstate_test(struct kunit *test)
{
	/* NZCV kept, DAIF set, EL1h. */
	KUNIT_EXPECT_EQ(test, 0xf00003c5ULL,
			avcpu_inject_pstate(0xf0000000 | EL1H, SCTLR_RESET));
	KUNIT_EXPECT_EQ(test, 0x3c5ULL,
			avcpu_inject_pstate(EL1T | DAIF, SCTLR_RESET));
	/*
	 * DIT and PAN kept; TCO (25), UAO (23), SS (21), IL (20), SSBS
	 * (12, SCTLR_EL1.DSSBS 0), BTYPE (11:10) cleared.
	 */
	KUNIT_EXPECT_EQ(test, 0x014003c5ULL,
			avcpu_inject_pstate(BIT(25) | BIT(24) | BIT(23) |
					    BIT(22) | BIT(21) | BIT(20) |
					    BIT(12) | (3 << 10) | EL0T,
					    SCTLR_RESET));
	KUNIT_EXPECT_EQ(test, 0x3c5ULL,
			avcpu_inject_pstate(BIT(25) | BIT(23) | BIT(21) |
					    BIT(20) | BIT(12) | (3 << 10) |
					    EL1H, SCTLR_RESET));
	/* SCTLR_EL1.SPAN 0: PAN set. */
	KUNIT_EXPECT_EQ(test, 0x004003c5ULL,
			avcpu_inject_pstate(EL0T, SCTLR_RESET & ~SCTLR_SPAN));
	KUNIT_EXPECT_EQ(test, 0x604003c5ULL,
			avcpu_inject_pstate(0x60000000 | BIT(22) | EL1H,
					    SCTLR_RESET & ~SCTLR_SPAN));
	/* SCTLR_EL1.DSSBS 1: SSBS set, whatever it was. */
	KUNIT_EXPECT_EQ(test, 0x13c5ULL,
			avcpu_inject_pstate(EL1H, SCTLR_RESET | SCTLR_DSSBS));
	KUNIT_EXPECT_EQ(test, 0x13c5ULL,
			avcpu_inject_pstate(BIT(12) | EL1H,
					    SCTLR_RESET | SCTLR_DSSBS));
	/*
	 * From AArch32 User: NZCV and DIT (24 in SPSR_EL1's AArch32 form)
	 * kept; Q, IT, GE, E, T and the AArch32 SSBS (23) are not PSTATE
	 * bits of AArch64 EL1.
	 */
	KUNIT_EXPECT_EQ(test, 0x910003c5ULL,
			avcpu_inject_pstate(0x90000000 | BIT(27) | BIT(24) |
					    BIT(23) | 0x0600fc00 | 0xf0000 |
					    BIT(9) | USR32_T, SCTLR_RESET));
}

struct sync_case {
	const char *name;
	struct avcpu_inject inj;
	u64 pc, spsr, sctlr, vbar;
	/* expected */
	u64 esr, far, new_pc, new_spsr;
};

#define FAR_BEFORE	0x1111222233334444ULL

static const struct sync_case sync_cases[] = {
	{ "undef EL1h", { .type = AVCPU_INJECT_UNDEF },
	  0x40001000, 0x600003c5, SCTLR_RESET, 0x40080000,
	  0x02000000, FAR_BEFORE, 0x40080200, 0x600003c5 },
	{ "undef EL1t", { .type = AVCPU_INJECT_UNDEF },
	  0x40001004, 0x80000004, SCTLR_RESET, 0x40080000,
	  0x02000000, FAR_BEFORE, 0x40080000, 0x800003c5 },
	{ "undef EL0", { .type = AVCPU_INJECT_UNDEF },
	  0x400008, 0x0, SCTLR_RESET, 0x40080000,
	  0x02000000, FAR_BEFORE, 0x40080400, 0x3c5 },
	{ "undef USR32 T32", { .type = AVCPU_INJECT_UNDEF },
	  0x8002, 0x30, SCTLR_RESET, 0x40080000,
	  0x02000000, FAR_BEFORE, 0x40080600, 0x3c5 },
	{ "dabt EL1h write", { .type = AVCPU_INJECT_DABT,
	  .flags = AVCPU_INJECT_WRITE, .far = 0xdead0008,
	  .fsc = AVCPU_FSC_EXTERNAL },
	  0x40001000, 0x3c5, SCTLR_RESET, 0x40080000,
	  0x96000050, 0xdead0008, 0x40080200, 0x3c5 },
	{ "dabt EL1t", { .type = AVCPU_INJECT_DABT, .far = 0x1234,
	  .fsc = AVCPU_FSC_TRANSLATION(3) },
	  0x40001000, 0x20000004, SCTLR_RESET, 0x40080000,
	  0x96000007, 0x1234, 0x40080000, 0x200003c5 },
	{ "dabt EL0 read", { .type = AVCPU_INJECT_DABT,
	  .far = 0xffff000012345678, .fsc = AVCPU_FSC_ACCESS(2) },
	  0x400000, 0x40000000, SCTLR_RESET, 0x40080000,
	  0x9200000a, 0xffff000012345678, 0x40080400, 0x400003c5 },
	{ "dabt USR32", { .type = AVCPU_INJECT_DABT, .far = 0x9000,
	  .fsc = AVCPU_FSC_EXTERNAL_WALK(0) },
	  0x8000, 0x10, SCTLR_RESET, 0x40080000,
	  0x92000014, 0x9000, 0x40080600, 0x3c5 },
	{ "iabt EL1h", { .type = AVCPU_INJECT_IABT, .far = 0x40001000,
	  .fsc = AVCPU_FSC_PERMISSION(1) },
	  0x40001000, 0x5, SCTLR_RESET, 0x40080000,
	  0x8600000d, 0x40001000, 0x40080200, 0x3c5 },
	{ "iabt EL0", { .type = AVCPU_INJECT_IABT, .far = 0x500000,
	  .fsc = AVCPU_FSC_ADDR_SIZE(0) },
	  0x500000, 0x0, SCTLR_RESET, 0x40080000,
	  0x82000000, 0x500000, 0x40080400, 0x3c5 },
	/* VBAR_EL1[10:0] are RES0: not part of the vector's address. */
	{ "vbar low bits", { .type = AVCPU_INJECT_UNDEF },
	  0x40001000, 0x5, SCTLR_RESET, 0x400807ff,
	  0x02000000, FAR_BEFORE, 0x40080200, 0x3c5 },
	/* SPAN 0 and DSSBS 1 as the entry sets them. */
	{ "span dssbs", { .type = AVCPU_INJECT_UNDEF },
	  0x40001000, 0x5, (SCTLR_RESET & ~SCTLR_SPAN) | SCTLR_DSSBS,
	  0x40080000, 0x02000000, FAR_BEFORE, 0x40080200, 0x4013c5 },
};

static void sync_test(struct kunit *test)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(sync_cases); i++) {
		const struct sync_case *c = &sync_cases[i];
		struct avcpu_hyp_sysregs sys;
		struct avcpu_hyp_ctx ctx;

		memset(&ctx, 0x5a, sizeof(ctx));
		memset(&sys, 0x5a, sizeof(sys));
		ctx.elr = c->pc;
		ctx.spsr = c->spsr;
		sys.sctlr_el1 = c->sctlr;
		sys.vbar_el1 = c->vbar;
		sys.far_el1 = FAR_BEFORE;
		sys.esr_el1 = 0xffffffff;
		avcpu_inject_sync(&ctx, &sys, &c->inj);
		KUNIT_EXPECT_EQ_MSG(test, c->esr, sys.esr_el1, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, c->far, sys.far_el1, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, c->pc, sys.elr_el1, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, c->spsr, sys.spsr_el1, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, c->new_pc, ctx.elr, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, c->new_spsr, ctx.spsr, "%s",
				    c->name);
		/* Nothing else of the state changes. */
		KUNIT_EXPECT_EQ_MSG(test, 0x5a5a5a5a5a5a5a5aULL, ctx.x[0],
				    "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, 0x5a5a5a5a5a5a5a5aULL, ctx.sp_el0,
				    "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, 0x5a5a5a5a5a5a5a5aULL, sys.sp_el1,
				    "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, c->vbar, sys.vbar_el1, "%s", c->name);
	}
}

static int check(u32 type, u32 flags, u64 far, u32 fsc, u64 iss, bool ras)
{
	struct avcpu_inject inj = {
		.type = type, .flags = flags, .far = far, .fsc = fsc,
		.serror_iss = iss,
	};

	return avcpu_inject_check(&inj, ras);
}

/* The architectural fault status codes AVCPU_FSC_* names, by hand. */
static bool fsc_listed(u32 fsc, bool dabt)
{
	static const u8 ok[] = {
		0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
		0x09, 0x0a, 0x0b, 0x0d, 0x0e, 0x0f, 0x10,
		0x14, 0x15, 0x16, 0x17, 0x30,
	};
	int i;

	if (fsc == 0x21)
		return dabt;
	for (i = 0; i < ARRAY_SIZE(ok); i++)
		if (fsc == ok[i])
			return true;
	return false;
}

static void check_fsc_test(struct kunit *test)
{
	u32 fsc;

	for (fsc = 0; fsc < 0x48; fsc++) {
		KUNIT_EXPECT_EQ_MSG(test, fsc_listed(fsc, true) ? 0 : -EINVAL,
				    check(AVCPU_INJECT_DABT, 0, 0x1000, fsc, 0,
					  true), "dabt fsc %#x", fsc);
		KUNIT_EXPECT_EQ_MSG(test, fsc_listed(fsc, false) ? 0 : -EINVAL,
				    check(AVCPU_INJECT_IABT, 0, 0x1000, fsc, 0,
					  true), "iabt fsc %#x", fsc);
	}
	KUNIT_EXPECT_EQ(test, -EINVAL,
			check(AVCPU_INJECT_DABT, 0, 0, 0x100, 0, true));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			check(AVCPU_INJECT_DABT, 0, 0, 0x80000010, 0, true));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			check(AVCPU_INJECT_IABT, 0, 0, ~0U, 0, true));
}

static void check_fields_test(struct kunit *test)
{
	struct avcpu_inject inj = { .type = AVCPU_INJECT_UNDEF };
	int i;

	/* What is accepted. */
	KUNIT_EXPECT_EQ(test, 0, check(AVCPU_INJECT_UNDEF, 0, 0, 0, 0, false));
	KUNIT_EXPECT_EQ(test, 0, check(AVCPU_INJECT_DABT, AVCPU_INJECT_WRITE,
				       ~0ULL, 0x10, 0, false));
	KUNIT_EXPECT_EQ(test, 0, check(AVCPU_INJECT_IABT, 0, 0, 0x10, 0,
				       false));
	KUNIT_EXPECT_EQ(test, 0, check(AVCPU_INJECT_SERROR, 0, 0, 0, 0, false));
	KUNIT_EXPECT_EQ(test, 0, check(AVCPU_INJECT_SERROR,
				       AVCPU_INJECT_SERROR_ISS, 0, 0, 0, true));
	KUNIT_EXPECT_EQ(test, 0, check(AVCPU_INJECT_SERROR,
				       AVCPU_INJECT_SERROR_ISS, 0, 0,
				       0x1ffffff, true));
	/* Types. */
	KUNIT_EXPECT_EQ(test, -EINVAL, check(0, 0, 0, 0, 0, true));
	KUNIT_EXPECT_EQ(test, -EINVAL, check(5, 0, 0, 0, 0, true));
	KUNIT_EXPECT_EQ(test, -EINVAL, check(~0U, 0, 0, 0, 0, true));
	/* Flags: unknown, or not the type's. */
	for (i = 2; i < 32; i++)
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    check(AVCPU_INJECT_DABT, BIT(i), 0, 0x10, 0,
					  true), "flag bit %d", i);
	KUNIT_EXPECT_EQ(test, -EINVAL, check(AVCPU_INJECT_UNDEF,
					     AVCPU_INJECT_WRITE, 0, 0, 0, true));
	KUNIT_EXPECT_EQ(test, -EINVAL, check(AVCPU_INJECT_IABT,
					     AVCPU_INJECT_WRITE, 0, 0x10, 0,
					     true));
	KUNIT_EXPECT_EQ(test, -EINVAL, check(AVCPU_INJECT_SERROR,
					     AVCPU_INJECT_WRITE, 0, 0, 0, true));
	KUNIT_EXPECT_EQ(test, -EINVAL, check(AVCPU_INJECT_UNDEF,
					     AVCPU_INJECT_SERROR_ISS, 0, 0, 0,
					     true));
	KUNIT_EXPECT_EQ(test, -EINVAL, check(AVCPU_INJECT_DABT,
					     AVCPU_INJECT_SERROR_ISS, 0, 0x10,
					     0, true));
	KUNIT_EXPECT_EQ(test, -EINVAL, check(AVCPU_INJECT_IABT,
					     AVCPU_INJECT_SERROR_ISS, 0, 0x10,
					     0, true));
	/* far and fsc where the type has none. */
	KUNIT_EXPECT_EQ(test, -EINVAL, check(AVCPU_INJECT_UNDEF, 0, 1, 0, 0,
					     true));
	KUNIT_EXPECT_EQ(test, -EINVAL, check(AVCPU_INJECT_SERROR, 0,
					     BIT_ULL(63), 0, 0, true));
	KUNIT_EXPECT_EQ(test, -EINVAL, check(AVCPU_INJECT_UNDEF, 0, 0, 0x10, 0,
					     true));
	KUNIT_EXPECT_EQ(test, -EINVAL, check(AVCPU_INJECT_SERROR, 0, 0, 1, 0,
					     true));
	/* serror_iss: only for SERROR with the flag, ISS[24:0], FEAT_RAS. */
	KUNIT_EXPECT_EQ(test, -EINVAL, check(AVCPU_INJECT_SERROR, 0, 0, 0, 1,
					     true));
	KUNIT_EXPECT_EQ(test, -EINVAL, check(AVCPU_INJECT_UNDEF, 0, 0, 0, 1,
					     true));
	KUNIT_EXPECT_EQ(test, -EINVAL, check(AVCPU_INJECT_DABT, 0, 0, 0x10, 1,
					     true));
	KUNIT_EXPECT_EQ(test, -EINVAL, check(AVCPU_INJECT_SERROR,
					     AVCPU_INJECT_SERROR_ISS, 0, 0,
					     0x2000000, true));
	KUNIT_EXPECT_EQ(test, -EINVAL, check(AVCPU_INJECT_SERROR,
					     AVCPU_INJECT_SERROR_ISS, 0, 0,
					     BIT_ULL(32), true));
	KUNIT_EXPECT_EQ(test, -EINVAL, check(AVCPU_INJECT_SERROR,
					     AVCPU_INJECT_SERROR_ISS, 0, 0, 0,
					     false));
	KUNIT_EXPECT_EQ(test, -EINVAL, check(AVCPU_INJECT_SERROR,
					     AVCPU_INJECT_SERROR_ISS, 0, 0, 1,
					     false));
	/* pad and each reserved word. */
	inj.pad = 1;
	KUNIT_EXPECT_EQ(test, -EINVAL, avcpu_inject_check(&inj, true));
	inj.pad = 0;
	for (i = 0; i < ARRAY_SIZE(inj.reserved); i++) {
		inj.reserved[i] = BIT_ULL(i * 16);
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    avcpu_inject_check(&inj, true),
				    "reserved[%d]", i);
		inj.reserved[i] = 0;
	}
	KUNIT_EXPECT_EQ(test, 0, avcpu_inject_check(&inj, true));
}

static struct kunit_case avcpu_inject_test_cases[] = {
	KUNIT_CASE(vector_test),
	KUNIT_CASE(esr_test),
	KUNIT_CASE(vsesr_test),
	KUNIT_CASE(pstate_test),
	KUNIT_CASE(sync_test),
	KUNIT_CASE(check_fsc_test),
	KUNIT_CASE(check_fields_test),
	{}
};

static struct kunit_suite avcpu_inject_test_suite = {
	.name = "avcpu_inject",
	.test_cases = avcpu_inject_test_cases,
};

kunit_test_suite(avcpu_inject_test_suite);

MODULE_DESCRIPTION("KUnit tests of avcpu's exception injection");
MODULE_LICENSE("GPL");
