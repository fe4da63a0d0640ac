// SPDX-License-Identifier: GPL-2.0
/*
 * A virtual SError injected into one VM is that VM's alone
 * (Documentation/avcpu.rst, "Injecting exceptions"; the project's rule:
 * two VMs on one physical CPU, nothing one leaves is visible to the
 * other).  All on the CPU the test thread is pinned to:
 *  - VM A gets an SError (with FEAT_RAS a distinctive ISS) while its
 *    PSTATE.A is set: pending (ISR_EL1.A, HCR_EL2.VSE in its controls),
 *    not taken;
 *  - VM B then runs with PSTATE.A clear and takes nothing: ISR_EL1.A 0,
 *    nothing at its vectors, and with FEAT_RAS an esb, unmasked and
 *    masked, leaves DISR_EL1 0 (a leaked VSE would be deferred there,
 *    with A's VSESR_EL2); ESR_EL1 and HCR_EL2.VSE are as before;
 *  - B takes an SError of its own, without AVCPU_INJECT_SERROR_ISS: with
 *    FEAT_RAS ESR_EL1 0xbf000000 (IDS alone), leaving its VSESR_EL2 in
 *    the CPU;
 *  - A unmasks and takes exactly one SError, its own, with its own ISS,
 *    and nothing after it.
 *
 * Needs avcpu.ko in $AVCPU_MODDIR (default /avcpu).
 */
#include <sched.h>

#include "kselftest_harness.h"
#include "avcpu_util.h"
#include "guest_lib.h"
#include "guest_report.h"
#include "inject_guest.h"

#define ESR_SERROR	0xbe000000UL	/* EC 0x2f, IL */
#define ESR_ISS_MASK	0x1ffffffUL
#define ESR_IDS		0x1000000UL	/* the default ISS with FEAT_RAS */
#define ISS_A		0x15a5a5aUL	/* IDS | a pattern: A's own */
#define ISR_A		0x100UL		/* ISR_EL1.A: an SError pending */
#define HCR_VSE		0x100UL		/* GET_SYSREGS's hcr_el2 */

/* ---- guest ---------------------------------------------------------- */

/* What the guest's SError handler saw (each VM's own copy). */
struct seen {
	__u64 count, vector, esr, elr;
};

static struct seen seen;

#define SERROR_HANDLER(name, vec)					\
static void name(struct ex_regs *r)					\
{									\
	seen.vector = (vec);						\
	seen.esr = read_sysreg(esr_el1);				\
	seen.elr = read_sysreg(elr_el1);				\
	seen.count++;							\
}

SERROR_HANDLER(serr_sp0, VECTOR_ERROR_CURRENT_SP0)
SERROR_HANDLER(serr_spx, VECTOR_ERROR_CURRENT)
SERROR_HANDLER(serr_low, VECTOR_ERROR_LOWER_64)
SERROR_HANDLER(serr_low32, VECTOR_ERROR_LOWER_32)

/* esb (hint #16: no FEAT_RAS needed to assemble it), then DISR_EL1. */
static __u64 esb_disr(void)
{
	asm volatile("hint #16" : : : "memory");
	return read_sysreg(s3_0_c12_c1_1);
}

/*
 * ISR_EL1 with PSTATE.A clear (after the isb an SError that could be
 * taken has been) and, with FEAT_RAS, DISR_EL1 after an esb there.
 */
static __u64 probe_unmasked(__u64 ras, __u64 *disr)
{
	__u64 isr;

	asm volatile("msr daifclr, #4" : : : "memory");
	isb();
	isr = read_sysreg(isr_el1);
	if (ras)
		*disr = esb_disr();
	asm volatile("msr daifset, #4" : : : "memory");
	return isr;
}

/* A: pending while masked; its own when it unmasks; nothing after. */
static void guest_a(void)
{
	GUEST_SYNC(read_sysreg(id_aa64pfr0_el1));
	GUEST_SYNC_ARGS(read_sysreg(isr_el1), READ_ONCE(seen.count));
	inject_unmask_serror();
	GUEST_SYNC_ARGS(read_sysreg(isr_el1), READ_ONCE(seen.count));
	inject_unmask_serror();
	GUEST_SYNC(READ_ONCE(seen.count));
	GUEST_DONE();
}

/* B: nothing unmasked, nothing masked; then its own. */
static void guest_b(__u64 ras)
{
	__u64 isr_open, isr_masked, disr_open = 0, disr_masked = 0;

	isr_open = probe_unmasked(ras, &disr_open);
	isr_masked = read_sysreg(isr_el1);
	if (ras)
		disr_masked = esb_disr();
	GUEST_SYNC_ARGS(isr_open, disr_open, isr_masked, disr_masked,
			READ_ONCE(seen.count));
	inject_unmask_serror();
	GUEST_SYNC_ARGS(read_sysreg(isr_el1), READ_ONCE(seen.count));
	GUEST_DONE();
}

/* ---- host ----------------------------------------------------------- */

static void install_handlers(struct gvm *vm)
{
	vm_install_exception_handler(vm, VECTOR_ERROR_CURRENT_SP0, serr_sp0);
	vm_install_exception_handler(vm, VECTOR_ERROR_CURRENT, serr_spx);
	vm_install_exception_handler(vm, VECTOR_ERROR_LOWER_64, serr_low);
	vm_install_exception_handler(vm, VECTOR_ERROR_LOWER_32, serr_low32);
}

static struct seen guest_seen(struct gvm *vm)
{
	sync_global_from_guest(vm, seen);
	return seen;
}

FIXTURE(inject_isolation) {
	struct gvm *a, *b;
};

FIXTURE_SETUP(inject_isolation)
{
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	self->a = vm_create();
	self->b = vm_create();
	install_handlers(self->a);
	install_handlers(self->b);
}

FIXTURE_TEARDOWN(inject_isolation)
{
	vm_destroy(self->b);
	vm_destroy(self->a);
}

TEST_F(inject_isolation, masked_serror_stays_in_its_vm)
{
	struct gvcpu *a = vm_vcpu_add(self->a, 0, guest_a);
	struct gvcpu *b = vm_vcpu_add(self->b, 0, guest_b);
	__u64 unmask = (__u64)inject_unmask_site;
	struct avcpu_sysregs sa, sb, sb0;
	struct vcpu_event ev;
	struct seen g;
	int cpu;
	bool ras;

	cpu = pin_one_cpu();
	ASSERT_LE(0, cpu);
	TH_LOG("both VMs on CPU %d", cpu);

	/* A: masked (the library starts it so), its SError pending. */
	ASSERT_UCALL(a, UCALL_SYNC, &ev);
	ras = feat_ras(ev.uc.args[0]);
	ASSERT_EQ(0, inject_one(a, AVCPU_INJECT_SERROR,
				ras ? AVCPU_INJECT_SERROR_ISS : 0, 0, 0,
				ras ? ISS_A : 0));
	ASSERT_UCALL(a, UCALL_SYNC, &ev);
	EXPECT_EQ(ISR_A, ev.uc.args[0] & ISR_A);
	EXPECT_EQ(0, ev.uc.args[1]);
	vcpu_get_sysregs(a, &sa);
	EXPECT_EQ(HCR_VSE, sa.hcr_el2 & HCR_VSE);

	/* B, same CPU, A unmasked then masked: nothing of A's. */
	vcpu_args_set(b, 1, (__u64)ras);
	vcpu_get_sysregs(b, &sb0);
	EXPECT_EQ(0, sb0.hcr_el2 & HCR_VSE);
	ASSERT_UCALL(b, UCALL_SYNC, &ev);
	EXPECT_EQ(0, ev.uc.args[0] & ISR_A);	/* ISR_EL1, unmasked */
	EXPECT_EQ(0, ev.uc.args[1]);		/* DISR_EL1 after esb */
	EXPECT_EQ(0, ev.uc.args[2] & ISR_A);	/* ISR_EL1, masked */
	EXPECT_EQ(0, ev.uc.args[3]);		/* DISR_EL1 after esb */
	EXPECT_EQ(0, ev.uc.args[4]);		/* SErrors taken */
	TH_LOG("B: ISR_EL1 %#llx/%#llx, DISR_EL1 %#llx/%#llx (%s)",
	       ev.uc.args[0], ev.uc.args[2], ev.uc.args[1], ev.uc.args[3],
	       ras ? "FEAT_RAS" : "no FEAT_RAS: no esb");
	EXPECT_EQ(0, guest_seen(self->b).count);
	vcpu_get_sysregs(b, &sb);
	EXPECT_EQ(0, sb.hcr_el2 & HCR_VSE);
	EXPECT_EQ(sb0.esr_el1, sb.esr_el1);
	EXPECT_EQ(sb0.elr_el1, sb.elr_el1);
	EXPECT_EQ(sb0.spsr_el1, sb.spsr_el1);

	/* B's own, default syndrome: VSESR_EL2 is now B's in the CPU. */
	ASSERT_EQ(0, inject_one(b, AVCPU_INJECT_SERROR, 0, 0, 0, 0));
	ASSERT_UCALL(b, UCALL_SYNC, &ev);
	EXPECT_EQ(0, ev.uc.args[0] & ISR_A);
	EXPECT_EQ(1, ev.uc.args[1]);
	g = guest_seen(self->b);
	EXPECT_EQ(VECTOR_ERROR_CURRENT, g.vector);
	if (ras)
		EXPECT_EQ(ESR_SERROR | ESR_IDS, g.esr);
	EXPECT_EQ(ESR_SERROR, g.esr & ~ESR_ISS_MASK);
	TH_LOG("B's own SError: ESR_EL1 %#llx", g.esr);
	ASSERT_UCALL(b, UCALL_DONE, &ev);

	/* A: still pending, and still A's. */
	vcpu_get_sysregs(a, &sa);
	EXPECT_EQ(HCR_VSE, sa.hcr_el2 & HCR_VSE);
	EXPECT_EQ(0, guest_seen(self->a).count);
	ASSERT_UCALL(a, UCALL_SYNC, &ev);
	EXPECT_EQ(0, ev.uc.args[0] & ISR_A);
	EXPECT_EQ(1, ev.uc.args[1]);
	g = guest_seen(self->a);
	EXPECT_EQ(VECTOR_ERROR_CURRENT, g.vector);
	if (ras)
		EXPECT_EQ(ESR_SERROR | ISS_A, g.esr);
	EXPECT_EQ(ESR_SERROR, g.esr & ~ESR_ISS_MASK);
	TH_LOG("A's SError: ESR_EL1 %#llx", g.esr);
	/* At the isb, or (a later but legal point) right after it. */
	EXPECT_TRUE(g.elr == unmask || g.elr == unmask + 4) {
		TH_LOG("ELR_EL1 %#llx, msr daifclr at %#llx", g.elr,
		       unmask - 4);
	}
	/* Exactly one: unmasked again, nothing more. */
	ASSERT_UCALL(a, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	vcpu_get_sysregs(a, &sa);
	EXPECT_EQ(0, sa.hcr_el2 & HCR_VSE);
	ASSERT_UCALL(a, UCALL_DONE, &ev);
}

TEST_HARNESS_MAIN
