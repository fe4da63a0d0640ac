// SPDX-License-Identifier: GPL-2.0
/*
 * SMCCC and PSCI queries a guest makes with "hvc #0" and "smc #0"
 * (Documentation/avcpu.rst, "PSCI and SMCCC"):
 *  - the queries avcpu answers at EL2, with their exact x0 and x1..x3
 *    left as they were, in their SMC32 and SMC64 forms, SMC32 ids with
 *    garbage in the upper halves of x0 and x1 read as W registers;
 *  - ARCH_FEATURES for the Spectre workarounds, consistent with the
 *    guest's own ID registers and, per CPU model, exact;
 *  - the ids that go to userspace (SiP, OEM, vendor-hypervisor calls,
 *    yielding calls, immediates other than 0) as AVCPU_EXIT_HYPERCALL with
 *    nr, args, is_smc, imm, the PC past the call and the VMM's answer;
 *  - Linux's PSCI/SMCCC probe sequence at boot causes no exit to
 *    userspace (exit counters t2 and hypercall).
 *
 * The SMCCC filter has its own file, smccc_filter_test.c.
 *
 * Needs avcpu.ko in $AVCPU_MODDIR (default /avcpu).
 */
#include "kselftest_harness.h"
#include "guest_lib.h"
#include "guest_report.h"

#define NS		SMCCC_RET_NOT_SUPPORTED
#define TRNG_VERSION	0x84000050
#define SMCCC_SOC_ID	0x80000002
#define PV_TIME_FEATURES 0xc5000020
#define PV_TIME_ST	0xc5000021
#define VENDOR_HYP_UID	0x8600ff01

#define HVC_IMM(imm)	(0xd4000002 | ((imm) << 5))
#define SMC_IMM(imm)	(0xd4000003 | ((imm) << 5))

struct smccc_case {
	const char *what;
	__u64 fid, a1, want;
};

#define Q(f, a, w)	{ #f "(" #a ")", f, a, w }

/* Answered at EL2, the same for every CPU model. */
static const struct smccc_case queries[] = {
	Q(PSCI_VERSION, 0, 0x10001),
	Q(PSCI_MIGRATE_INFO_TYPE, 0, 2),
	Q(SMCCC_VERSION, 0, 0x10001),
	/* PSCI_FEATURES: what avcpu implements... */
	Q(PSCI_FEATURES, PSCI_VERSION, 0),
	Q(PSCI_FEATURES, PSCI_CPU_SUSPEND, 0),
	Q(PSCI_FEATURES, PSCI_CPU_SUSPEND64, 0),
	Q(PSCI_FEATURES, PSCI_CPU_OFF, 0),
	Q(PSCI_FEATURES, PSCI_CPU_ON, 0),
	Q(PSCI_FEATURES, PSCI_CPU_ON64, 0),
	Q(PSCI_FEATURES, PSCI_AFFINITY_INFO, 0),
	Q(PSCI_FEATURES, PSCI_AFFINITY_INFO64, 0),
	Q(PSCI_FEATURES, PSCI_MIGRATE_INFO_TYPE, 0),
	Q(PSCI_FEATURES, PSCI_SYSTEM_OFF, 0),
	Q(PSCI_FEATURES, PSCI_SYSTEM_RESET, 0),
	Q(PSCI_FEATURES, PSCI_FEATURES, 0),
	Q(PSCI_FEATURES, PSCI_SYSTEM_RESET2, 0),
	Q(PSCI_FEATURES, PSCI_SYSTEM_RESET2_64, 0),
	Q(PSCI_FEATURES, SMCCC_VERSION, 0),
	/* ...and what it does not. */
	Q(PSCI_FEATURES, PSCI_SYSTEM_SUSPEND, NS),
	Q(PSCI_FEATURES, PSCI_SYSTEM_SUSPEND64, NS),
	Q(PSCI_FEATURES, PSCI_MIGRATE, NS),
	Q(PSCI_FEATURES, 0xc4000005, NS),		/* MIGRATE64 */
	Q(PSCI_FEATURES, 0x84000007, NS),		/* MIGRATE_INFO_UP_CPU */
	Q(PSCI_FEATURES, 0xc4000007, NS),
	Q(PSCI_FEATURES, 0x8400000b, NS),		/* CPU_FREEZE */
	Q(PSCI_FEATURES, 0xc400000c, NS),		/* CPU_DEFAULT_SUSPEND */
	Q(PSCI_FEATURES, 0x8400000f, NS),		/* SET_SUSPEND_MODE */
	Q(PSCI_FEATURES, 0x84000013, NS),		/* MEM_PROTECT */
	Q(PSCI_FEATURES, 0x84000015, NS),		/* SYSTEM_OFF2 */
	Q(PSCI_FEATURES, 0xc4000000, NS),		/* no 64-bit form */
	Q(PSCI_FEATURES, 0xc400000a, NS),
	Q(PSCI_FEATURES, SMCCC_ARCH_FEATURES, NS),
	Q(PSCI_FEATURES, SMCCC_ARCH_WORKAROUND_1, NS),
	Q(PSCI_FEATURES, TRNG_VERSION, NS),
	Q(PSCI_FEATURES, 0x82000000, NS),
	Q(PSCI_FEATURES, 0, NS),
	Q(PSCI_FEATURES, 0xffffffff, NS),
	/* ARCH_FEATURES of anything but the workarounds. */
	Q(SMCCC_ARCH_FEATURES, SMCCC_VERSION, NS),
	Q(SMCCC_ARCH_FEATURES, SMCCC_ARCH_FEATURES, NS),
	Q(SMCCC_ARCH_FEATURES, SMCCC_SOC_ID, NS),
	Q(SMCCC_ARCH_FEATURES, PV_TIME_FEATURES, NS),
	Q(SMCCC_ARCH_FEATURES, PSCI_VERSION, NS),
	Q(SMCCC_ARCH_FEATURES, 0x80008001, NS),
	Q(SMCCC_ARCH_FEATURES, 0x12345678, NS),
	/* The workaround calls themselves. */
	Q(SMCCC_ARCH_WORKAROUND_1, 0, 0),
	Q(SMCCC_ARCH_WORKAROUND_2, 0, 0),
	Q(SMCCC_ARCH_WORKAROUND_2, 1, 0),
	Q(SMCCC_ARCH_WORKAROUND_3, 0, 0),
	/* Every other fast call of owners 0 (Arm), 4 and 5. */
	Q(SMCCC_SOC_ID, 0, NS),
	Q(SMCCC_SOC_ID, 1, NS),
	Q(0x80000003, 0, NS),
	Q(0x8000ffff, 0, NS),
	Q(0x80008001, 0, NS),
	Q(0xc0000000, 0, NS),				/* SMCCC_VERSION64 */
	Q(0xc0000001, 0, NS),
	Q(0xc0008000, 0, NS),
	Q(TRNG_VERSION, 0, NS),
	Q(0x84000051, 0, NS),				/* TRNG_FEATURES */
	Q(0x84000053, 0, NS),				/* TRNG_RND32 */
	Q(0xc4000053, 0, NS),				/* TRNG_RND64 */
	Q(0xc4000020, 0, NS),				/* SDEI_VERSION */
	Q(0x84000020, 0, NS),
	Q(0xc4000000, 0, NS),				/* PSCI_VERSION64 */
	Q(0xc4000006, 0, NS),
	Q(0xc4000008, 0, NS),
	Q(0xc400000a, PSCI_VERSION, NS),
	Q(0x8400000e, 0, NS),				/* SYSTEM_SUSPEND */
	Q(0x8400ffff, 0, NS),
	Q(0xc400ffff, 0, NS),
	Q(PV_TIME_FEATURES, PV_TIME_ST, NS),
	Q(PV_TIME_ST, 0, NS),
	Q(0x85000000, 0, NS),
	Q(0x8500ffff, 0, NS),
	Q(0xc5000000, 0, NS),
	/* Owner 6 general queries: count, UID, revision. */
	Q(0x8600ff00, 0, NS),
	Q(VENDOR_HYP_UID, 0, NS),
	Q(0x8600ff02, 0, NS),
	Q(0x8600ff03, 0, NS),
	Q(0x8600ffff, 0, NS),
	Q(0xc600ff00, 0, NS),
	Q(0xc600ff01, 0, NS),
	Q(0xc600ff03, 0, NS),
};

#define X2	0x2222222233333333UL
#define X3	0x4444444455555555UL

static void guest_queries(void)
{
	struct smccc_res res;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(queries); i++) {
		const struct smccc_case *c = &queries[i];

		smccc_hvc(c->fid, c->a1, X2, X3, &res);
		/* hvc #0 */
		GUEST_ASSERT_EQ_WHAT(res.a0, c->want, c->what);
		GUEST_ASSERT_EQ(res.a1, c->a1);
		GUEST_ASSERT_EQ(res.a2, X2);
		GUEST_ASSERT_EQ(res.a3, X3);
		smccc_smc(c->fid, c->a1, X2, X3, &res);
		/* smc #0 */
		GUEST_ASSERT_EQ_WHAT(res.a0, c->want, c->what);
		GUEST_ASSERT_EQ(res.a1, c->a1);
		GUEST_ASSERT_EQ(res.a2, X2);
		GUEST_ASSERT_EQ(res.a3, X3);
	}
	GUEST_DONE();
}

FIXTURE(smccc) {
	struct gvm *vm;
};

FIXTURE_SETUP(smccc)
{
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	self->vm = vm_create();
}

FIXTURE_TEARDOWN(smccc)
{
	vm_destroy(self->vm);
}

TEST_F(smccc, queries_answered_exactly)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_queries);
	struct vcpu_event ev;

	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

#define GARBAGE	0xdeadbeef00000000UL

/* SMC32 ids: only W0 (and W1 for the argument) count. */
static void guest_upper_garbage(void)
{
	struct smccc_res res;

	smccc_hvc(GARBAGE | PSCI_VERSION, 0, 0, 0, &res);
	GUEST_ASSERT_EQ(res.a0, 0x10001);
	smccc_smc(GARBAGE | SMCCC_VERSION, 0, 0, 0, &res);
	GUEST_ASSERT_EQ(res.a0, 0x10001);
	smccc_hvc(GARBAGE | PSCI_FEATURES, GARBAGE | PSCI_CPU_ON64, X2, X3,
		  &res);
	GUEST_ASSERT_EQ(res.a0, 0);
	GUEST_ASSERT_EQ(res.a1, GARBAGE | PSCI_CPU_ON64);
	GUEST_ASSERT_EQ(res.a2, X2);
	GUEST_ASSERT_EQ(res.a3, X3);
	smccc_smc(~0UL << 32 | PSCI_FEATURES, ~0UL << 32 | SMCCC_VERSION, 0,
		  0, &res);
	GUEST_ASSERT_EQ(res.a0, 0);
	smccc_hvc(GARBAGE | PSCI_FEATURES, GARBAGE | PSCI_SYSTEM_SUSPEND, 0,
		  0, &res);
	GUEST_ASSERT_EQ(res.a0, NS);
	smccc_hvc(GARBAGE | PSCI_MIGRATE_INFO_TYPE, 0, 0, 0, &res);
	GUEST_ASSERT_EQ(res.a0, 2);
	smccc_hvc(GARBAGE | SMCCC_ARCH_WORKAROUND_1, 0, 0, 0, &res);
	GUEST_ASSERT_EQ(res.a0, 0);
	smccc_hvc(GARBAGE | VENDOR_HYP_UID, 0, 0, 0, &res);
	GUEST_ASSERT_EQ(res.a0, NS);
	/* The answer for W1, whatever is above it. */
	smccc_hvc(SMCCC_ARCH_FEATURES, GARBAGE | SMCCC_ARCH_WORKAROUND_1, 0, 0,
		  &res);
	GUEST_ASSERT_EQ(res.a0, hvc0(SMCCC_ARCH_FEATURES,
				     SMCCC_ARCH_WORKAROUND_1, 0, 0));
	GUEST_ASSERT_EQ(res.a1, GARBAGE | SMCCC_ARCH_WORKAROUND_1);
	smccc_smc(SMCCC_ARCH_FEATURES, ~0UL << 32 | SMCCC_ARCH_WORKAROUND_3,
		  0, 0, &res);
	GUEST_ASSERT_EQ(res.a0, hvc0(SMCCC_ARCH_FEATURES,
				     SMCCC_ARCH_WORKAROUND_3, 0, 0));
	GUEST_DONE();
}

TEST_F(smccc, smc32_ids_read_as_w_registers)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_upper_garbage);
	struct vcpu_event ev;

	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

/*
 * ARCH_FEATURES for the workarounds, KVM's answers from the host's
 * Spectre state, per CPU model (MIDR) as the test bed's QEMU models them.
 * Easy to extend; a model not listed is checked for consistency only.
 * max: CSV2 (WA1 1) and SSBS (WA2 -1), but CSV2_2 without CSV2_3 and an
 * unknown MIDR, which 6.12's proton-pack.c takes as Spectre-BHB
 * vulnerable ("Mitigation: CSV2, but not BHB"): WA3 -1.
 */
static const struct {
	__u64 midr;
	const char *name;
	__s64 wa1, wa2, wa3;
} wa_models[] = {
	{ 0x410fd083, "cortex-a72", -1, -1, -1 },
	{ 0x000f0510, "max", 1, -1, -1 },
};

static void guest_workarounds(void)
{
	struct smccc_res h1, h2, h3, s1, s2, s3;

	smccc_hvc(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_1, 0, 0, &h1);
	smccc_hvc(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_2, 0, 0, &h2);
	smccc_hvc(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_3, 0, 0, &h3);
	smccc_smc(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_1, 0, 0, &s1);
	smccc_smc(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_2, 0, 0, &s2);
	smccc_smc(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_3, 0, 0, &s3);
	/* Both conduits give the same answers. */
	GUEST_ASSERT_EQ(h1.a0, s1.a0);
	GUEST_ASSERT_EQ(h2.a0, s2.a0);
	GUEST_ASSERT_EQ(h3.a0, s3.a0);
	GUEST_SYNC_ARGS(read_sysreg(midr_el1), read_sysreg(id_aa64pfr0_el1),
			read_sysreg(id_aa64pfr1_el1), h1.a0, h2.a0, h3.a0);
	GUEST_DONE();
}

TEST_F(smccc, workarounds_per_model)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_workarounds);
	struct vcpu_event ev;
	__u64 midr, csv2, ssbs;
	__s64 wa1, wa2, wa3;
	unsigned int i;

	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	midr = ev.uc.args[0];
	csv2 = (ev.uc.args[1] >> 56) & 0xf;
	ssbs = (ev.uc.args[2] >> 4) & 0xf;
	wa1 = (__s64)ev.uc.args[3];
	wa2 = (__s64)ev.uc.args[4];
	wa3 = (__s64)ev.uc.args[5];
	TH_LOG("MIDR %#llx CSV2 %llu SSBS %llu: WA1 %lld WA2 %lld WA3 %lld",
	       midr, csv2, ssbs, wa1, wa2, wa3);
	/* Consistent with what the guest sees of the CPU. */
	/* CSV2: not affected by Spectre-v2; CSV2_3: nor by Spectre-BHB. */
	EXPECT_TRUE(csv2 ? wa1 == 1 : wa1 == 0 || wa1 == -1);
	/* SSBS: the guest uses it, no firmware call (or not affected). */
	EXPECT_TRUE(!ssbs || wa2 == -1 || wa2 == -2);
	EXPECT_TRUE(csv2 < 3 || wa3 == 1);
	EXPECT_TRUE(wa2 == 0 || wa2 == -1 || wa2 == -2);
	EXPECT_TRUE(wa3 == 0 || wa3 == 1 || wa3 == -1);
	for (i = 0; i < ARRAY_SIZE(wa_models); i++) {
		if (wa_models[i].midr != midr)
			continue;
		TH_LOG("model %s", wa_models[i].name);
		EXPECT_EQ(wa_models[i].wa1, wa1);
		EXPECT_EQ(wa_models[i].wa2, wa2);
		EXPECT_EQ(wa_models[i].wa3, wa3);
	}
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

/* Calls avcpu leaves to the VMM; how each is made. */
enum conduit { HVC0, SMC0, HVC1, SMC1234 };

static const struct {
	__u64 x0;
	enum conduit how;
} to_user[] = {
	{ 0x82000000, HVC0 },		/* SiP */
	{ 0x82000000, SMC0 },
	{ 0xc200ff01, SMC0 },
	{ 0x81000000, HVC0 },		/* CPU service */
	{ 0x83000010, SMC0 },		/* OEM */
	{ 0x86000000, HVC0 },		/* vendor hypervisor, not a query */
	{ 0x8600fe00, SMC0 },
	{ 0xc6000001, HVC0 },
	{ 0x87000000, HVC0 },		/* owners 7..63 */
	{ 0xb0000000, SMC0 },
	{ 0xbf00ffff, HVC0 },
	{ 0xff000000, HVC0 },
	{ 0x04000000, HVC0 },		/* yielding calls */
	{ 0x00000000, SMC0 },
	{ 0x44000001, HVC0 },
	{ GARBAGE | 0x04000000, HVC0 },	/* nr = x0, as it was */
	{ PSCI_VERSION, HVC1 },		/* an immediate other than 0 */
	{ SMCCC_VERSION, SMC1234 },
	{ PSCI_CPU_ON64, HVC1 },
	{ PSCI_SYSTEM_OFF, SMC1234 },
};

static void guest_to_user(void)
{
	struct smccc_res res;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(to_user); i++) {
		__u64 x0 = to_user[i].x0;

		switch (to_user[i].how) {
		case HVC0:
			smccc_hvc(x0, 0x100 + i, 0x200 + i, 0x300 + i, &res);
			break;
		case SMC0:
			smccc_smc(x0, 0x100 + i, 0x200 + i, 0x300 + i, &res);
			break;
		case HVC1:
			__smccc_call("hvc #1", x0, 0x100 + i, 0x200 + i,
				     0x300 + i, &res);
			break;
		case SMC1234:
			__smccc_call("smc #0x1234", x0, 0x100 + i,
				     0x200 + i, 0x300 + i, &res);
			break;
		default:
			GUEST_ASSERT(0);
		}
		/* The VMM's answer. */
		GUEST_ASSERT_EQ(res.a0, ~x0);
		GUEST_ASSERT_EQ(res.a1, 0xa1);
		GUEST_ASSERT_EQ(res.a2, 0xa2);
		GUEST_ASSERT_EQ(res.a3, 0xa3 + i);
	}
	GUEST_DONE();
}

/* RUN: the call @x0 made with @insn must come here, PC past it. */
static void expect_hypercall(struct __test_metadata *_metadata,
			     struct gvcpu *v, __u64 x0, __u32 insn,
			     unsigned int i)
{
	struct vcpu_event ev;
	struct avcpu_regs r;
	char msg[400];

	vcpu_run(v, &ev);
	vcpu_event_str(v, &ev, msg, sizeof(msg));
	ASSERT_EQ(0, ev.err);
	ASSERT_EQ(AVCPU_EXIT_HYPERCALL, ev.run.exit_reason) {
		TH_LOG("call %u (x0 %#llx): %s", i, x0, msg);
	}
	ASSERT_EQ(UCALL_NONE, ev.uc.kind) {
		TH_LOG("call %u (x0 %#llx): %s", i, x0, msg);
	}
	EXPECT_EQ(x0, ev.run.hypercall.nr) {
		TH_LOG("call %u: %s", i, msg);
	}
	EXPECT_EQ(0x100 + i, ev.run.hypercall.args[0]);
	EXPECT_EQ(0x200 + i, ev.run.hypercall.args[1]);
	EXPECT_EQ(0x300 + i, ev.run.hypercall.args[2]);
	EXPECT_EQ((insn & 3) == 3, ev.run.hypercall.is_smc);
	EXPECT_EQ((insn >> 5) & 0xffff, ev.run.hypercall.imm);
	vcpu_get_regs(v, &r);
	EXPECT_EQ(insn, *(__u32 *)(r.elr - 4)) {
		TH_LOG("call %u: PC %#llx", i, r.elr);
	}
	v->run->hypercall.ret[0] = ~x0;
	v->run->hypercall.ret[1] = 0xa1;
	v->run->hypercall.ret[2] = 0xa2;
	v->run->hypercall.ret[3] = 0xa3 + i;
}

TEST_F(smccc, calls_for_userspace)
{
	static const __u32 insn[] = {
		[HVC0] = HVC_IMM(0), [SMC0] = SMC_IMM(0),
		[HVC1] = HVC_IMM(1), [SMC1234] = SMC_IMM(0x1234),
	};
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_to_user);
	struct vcpu_event ev;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(to_user); i++) {
		expect_hypercall(_metadata, v, to_user[i].x0,
				 insn[to_user[i].how], i);
		if (_metadata->exit_code != KSFT_PASS)
			break;
	}
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

/* ---- AVCPU_SET_SMCCC_FILTER ---- */

#define PROBE_CALLS	14

static void guest_psci_probe(void)
{
	__u64 wa1, wa2, wa3;

	GUEST_ASSERT_EQ(hvc0(PSCI_VERSION, 0, 0, 0), 0x10001);
	GUEST_ASSERT_EQ(hvc0(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
	GUEST_ASSERT_EQ(hvc0(PSCI_FEATURES, SMCCC_VERSION, 0, 0), 0);
	GUEST_ASSERT_EQ(hvc0(SMCCC_VERSION, 0, 0, 0), 0x10001);
	GUEST_ASSERT_EQ(hvc0(TRNG_VERSION, 0, 0, 0), NS);
	GUEST_ASSERT_EQ(hvc0(SMCCC_ARCH_FEATURES, SMCCC_SOC_ID, 0, 0), NS);
	GUEST_ASSERT_EQ(hvc0(PSCI_FEATURES, PSCI_CPU_SUSPEND64, 0, 0), 0);
	GUEST_ASSERT_EQ(hvc0(PSCI_FEATURES, PSCI_SYSTEM_SUSPEND64, 0, 0), NS);
	GUEST_ASSERT_EQ(hvc0(PSCI_FEATURES, PSCI_SYSTEM_RESET2_64, 0, 0), 0);
	GUEST_ASSERT_EQ(hvc0(VENDOR_HYP_UID, 0, 0, 0), NS);
	wa1 = hvc0(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_1, 0, 0);
	wa2 = hvc0(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_2, 0, 0);
	wa3 = hvc0(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_3, 0, 0);
	GUEST_ASSERT_EQ(hvc0(SMCCC_ARCH_FEATURES, PV_TIME_FEATURES, 0, 0), NS);
	/* The one report. */
	GUEST_SYNC_ARGS(PROBE_CALLS, wa1, wa2, wa3);
	GUEST_DONE();
}

TEST_F(smccc, linux_probe_no_exit_to_userspace)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_psci_probe);
	unsigned long t2, hc, t0s, psci;
	struct vcpu_event ev;

	t2 = exit_count("t2");
	hc = exit_count("hypercall");
	t0s = exit_count("t0_smccc");
	psci = exit_count("psci");
	ASSERT_NE(~0UL, t2) {
		TH_LOG("no t2 counter");
	}
	ASSERT_NE(~0UL, t0s) {
		TH_LOG("no t0_smccc counter");
	}
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(t2 + 1, exit_count("t2"));
	EXPECT_EQ(hc + 1, exit_count("hypercall"));
	EXPECT_EQ(t0s + PROBE_CALLS, exit_count("t0_smccc"));
	EXPECT_EQ(psci, exit_count("psci"));
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

TEST_HARNESS_MAIN
