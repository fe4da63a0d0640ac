// SPDX-License-Identifier: GPL-2.0
/*
 * AVCPU_INJECT_EXCEPTION (Documentation/avcpu.rst, "Injecting
 * exceptions"), seen by the VMM and by the guest's own handlers:
 *  - UNDEF, DABT and IABT at an MMIO exit from EL1h, EL1t and EL0: the
 *    access is dropped (register not written, ELR_EL1 at the load); the
 *    entry as an immediate_exit RUN leaves it (PC at VBAR_EL1 + the
 *    mode's offset, PSTATE, ESR/FAR/ELR/SPSR_EL1), then as the handler
 *    sees it (vector, the same registers, PSTATE), and the guest goes on;
 *    an UNDEF leaves FAR_EL1 alone;
 *  - after an MMIO load completed by an immediate_exit RUN: taken after it;
 *  - a virtual SError at an MMIO exit from each mode: the load completes,
 *    the SError is taken right after it, with its ISS where FEAT_RAS
 *    exists (-cpu max; without AVCPU_INJECT_SERROR_ISS IDS alone, ESR_EL1
 *    0xbf000000), EINVAL for an ISS without (-cpu cortex-a72), where the
 *    SError is still taken;
 *  - after an hvc or smc exit: the answer is dropped, ELR_EL1 is the call;
 *  - a guest with PSTATE.A set takes the SError only when it unmasks it;
 *    EBUSY while one of a kind is pending; the "inject" counter.
 * The errors and the CPU_ON reset: inject_errors_test.c.
 *
 * Needs avcpu.ko in $AVCPU_MODDIR (default /avcpu).
 */
#include "kselftest_harness.h"
#include "guest_lib.h"
#include "guest_report.h"
#include "inject_guest.h"

#define SENTINEL	INJ_SENTINEL
#define NZCV		INJ_NZCV
#define EL1_MMIO	0x0a000000UL	/* Device, unbacked */
#define EL0_MMIO	0x0a200000UL	/* the same, EL0-accessible */
#define SZ_2M		0x200000UL
#define PTE_AP_EL0	0x40UL		/* AP[1]: EL0 read/write */
#define PTE_UXN		0x0040000000000000UL
#define DAIF_MASKED	0x3c0UL
#define DAIF_A_OPEN	0x2c0UL		/* D, I, F */
#define ESR_SERROR	0xbe000000UL	/* EC 0x2f, IL */
#define ESR_ISS_MASK	0x1ffffffUL
#define ESR_IDS		0x1000000UL	/* the default ISS with FEAT_RAS */
#define SERROR_ISS	0x1001234UL	/* IDS: an IMPLEMENTATION DEFINED syndrome */
#define EC_SVC64	0x15
#define HCR_VSE		0x100UL		/* GET_SYSREGS's hcr_el2 */

/* ---- guest ---------------------------------------------------------- */

/* What the guest's last handler saw (guest data, read by the host). */
struct seen {
	__u64 count, vector, esr, far, elr, spsr, now, x0;
};

static struct seen seen;

static void record(struct ex_regs *regs, int vector)
{
	seen.vector = vector;
	seen.esr = read_sysreg(esr_el1);
	seen.far = read_sysreg(far_el1);
	seen.elr = read_sysreg(elr_el1);
	seen.spsr = read_sysreg(spsr_el1);
	seen.now = read_sysreg(daif) | read_sysreg(currentel) |
		   read_sysreg(spsel);
	seen.x0 = regs->regs[0];
	seen.count++;
}

/*
 * Synchronous: step over the instruction (onto the nop after it when it
 * was dropped); sync_again returns to it (the masked-SError test's hvc
 * runs again); SError: return.
 */
#define HANDLER(name, vector, step)					\
static void name(struct ex_regs *r)					\
{									\
	record(r, vector);						\
	r->pc += (step);						\
}

HANDLER(sync_sp0, VECTOR_SYNC_CURRENT_SP0, 4)
HANDLER(sync_spx, VECTOR_SYNC_CURRENT, 4)
HANDLER(sync_low, VECTOR_SYNC_LOWER_64, 4)
HANDLER(sync_again, VECTOR_SYNC_CURRENT, 0)
HANDLER(serr_sp0, VECTOR_ERROR_CURRENT_SP0, 0)
HANDLER(serr_spx, VECTOR_ERROR_CURRENT, 0)
HANDLER(serr_low, VECTOR_ERROR_LOWER_64, 0)

/* inject_el0_mmio's svc: back to EL1h, where it was called. */
static void el0_svc(struct ex_regs *r)
{
	r->pc = (__u64)inject_el0_return;
	r->pstate = SPSR_EL1H_DAIF;
}

enum { M_EL1H, M_EL1T, M_EL0 };

/* @n MMIO loads in @mode with @daif, each followed by GUEST_SYNC(x0). */
static void guest_loads(__u64 mode, __u64 n, __u64 daif)
{
	__u64 i, x;

	GUEST_SYNC(read_sysreg(id_aa64pfr0_el1));
	for (i = 0; i < n; i++) {
		if (mode == M_EL1H)
			x = inject_el1h_mmio(EL1_MMIO, daif);
		else if (mode == M_EL1T)
			x = inject_el1t_mmio(EL1_MMIO, daif);
		else
			x = inject_el0_mmio(EL0_MMIO, daif);
		GUEST_SYNC(x);
	}
	GUEST_DONE();
}

/* ---- host ----------------------------------------------------------- */

static void install_handlers(struct gvm *vm, bool step)
{
	vm_install_exception_handler(vm, VECTOR_SYNC_CURRENT_SP0, sync_sp0);
	vm_install_exception_handler(vm, VECTOR_SYNC_CURRENT,
				     step ? sync_spx : sync_again);
	vm_install_exception_handler(vm, VECTOR_SYNC_LOWER_64, sync_low);
	vm_install_sync_handler(vm, VECTOR_SYNC_LOWER_64, EC_SVC64, el0_svc);
	vm_install_exception_handler(vm, VECTOR_ERROR_CURRENT_SP0, serr_sp0);
	vm_install_exception_handler(vm, VECTOR_ERROR_CURRENT, serr_spx);
	vm_install_exception_handler(vm, VECTOR_ERROR_LOWER_64, serr_low);
}

/* inject_el0_mmio's code EL0-executable, EL0_MMIO EL0-accessible. */
static void map_el0(struct gvm *vm)
{
	__u64 *l2 = addr_gva2hva(vm, GUEST_PT_IPA + 4096);

	l2[(__u64)inject_el0_site / SZ_2M] &= ~PTE_UXN;
	l2[EL0_MMIO / SZ_2M] |= PTE_AP_EL0;
}

static struct seen guest_seen(struct gvm *vm)
{
	sync_global_from_guest(vm, seen);
	return seen;
}

/* RUN with immediate_exit: completes or applies, then EINTR. */
static void run_immediate(struct __test_metadata *_metadata, struct gvcpu *v)
{
	struct vcpu_event ev;

	v->run->immediate_exit = 1;
	vcpu_run(v, &ev);
	v->run->immediate_exit = 0;
	EXPECT_EQ(EINTR, ev.err);
	EXPECT_EQ(AVCPU_EXIT_INTR, ev.run.exit_reason);
}

FIXTURE(inject_mode) {
	struct gvm *vm;
	struct gvcpu *v;
};

FIXTURE_VARIANT(inject_mode) {
	int mode;
	const char *site;
	__u64 mmio;
	__u64 daif;		/* for the synchronous cases */
	__u64 spsr;		/* the guest's PSTATE at the load, but NZCV */
	__u64 offset;		/* of the synchronous vector */
	int sync_vec, serr_vec;
	__u64 ec_low;		/* ESR_EL1.EC: 0x20/0x24 from EL0, else +1 */
};

FIXTURE_VARIANT_ADD(inject_mode, el1h) {
	M_EL1H, inject_el1h_site, EL1_MMIO, DAIF_MASKED, 0x3c5, 0x200,
	VECTOR_SYNC_CURRENT, VECTOR_ERROR_CURRENT, 0,
};

FIXTURE_VARIANT_ADD(inject_mode, el1t) {
	M_EL1T, inject_el1t_site, EL1_MMIO, DAIF_MASKED, 0x3c4, 0x000,
	VECTOR_SYNC_CURRENT_SP0, VECTOR_ERROR_CURRENT_SP0, 0,
};

FIXTURE_VARIANT_ADD(inject_mode, el0) {
	M_EL0, inject_el0_site, EL0_MMIO, 0, 0x0, 0x400,
	VECTOR_SYNC_LOWER_64, VECTOR_ERROR_LOWER_64, 1,
};

FIXTURE_SETUP(inject_mode)
{
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	self->vm = vm_create();
	install_handlers(self->vm, true);
	map_el0(self->vm);
	self->v = vm_vcpu_add(self->vm, 0, guest_loads);
}

FIXTURE_TEARDOWN(inject_mode)
{
	vm_destroy(self->vm);
}

/* Start guest_loads(): it reports ID_AA64PFR0_EL1 first. */
static bool start(struct __test_metadata *_metadata, struct gvcpu *v,
		  int mode, __u64 n, __u64 daif)
{
	struct vcpu_event ev;

	vcpu_args_set(v, 3, (__u64)mode, n, daif);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	return feat_ras(ev.uc.args[0]);
}

/*
 * Run to the next MMIO load: it must be the variant's, at its site, with
 * PSTATE @spsr but for NZCV.
 */
static void to_load(struct __test_metadata *_metadata, struct gvcpu *v,
		    const char *site, __u64 mmio, __u64 spsr)
{
	struct vcpu_event ev;
	struct avcpu_regs r;

	vcpu_run(v, &ev);
	ASSERT_EQ(AVCPU_EXIT_MMIO, ev.run.exit_reason) {
		char msg[400];

		vcpu_event_str(v, &ev, msg, sizeof(msg));
		TH_LOG("%s", msg);
	}
	EXPECT_EQ(mmio, ev.run.mmio.phys_addr);
	EXPECT_EQ(0, ev.run.mmio.is_write);
	vcpu_get_regs(v, &r);
	EXPECT_EQ((__u64)site, r.elr);
	EXPECT_EQ(NZCV | spsr, r.spsr);
	EXPECT_EQ(SENTINEL, r.x[0]);
}

/*
 * Each synchronous type at an MMIO load, the load dropped; the last
 * UNDEF finds FAR_EL1 as the IABT before it left it.
 */
TEST_F(inject_mode, sync_at_mmio_drops_the_load)
{
	const __u64 site = (__u64)variant->site;
	const __u64 low = variant->ec_low << 26;
	const struct {
		__u32 type, flags, fsc;
		__u64 far, esr, far_seen;
	} c[] = {
		{ AVCPU_INJECT_UNDEF, 0, 0, 0, 0x02000000, 0 },
		{ AVCPU_INJECT_DABT, 0, AVCPU_FSC_EXTERNAL, variant->mmio,
		  0x96000010 - low, variant->mmio },
		{ AVCPU_INJECT_IABT, 0, AVCPU_FSC_TRANSLATION(3), site,
		  0x86000007 - low, site },
		{ AVCPU_INJECT_UNDEF, 0, 0, 0, 0x02000000, site },
	};
	struct avcpu_sysregs s;
	struct vcpu_event ev;
	struct avcpu_regs r;
	struct seen g;
	unsigned int i;

	start(_metadata, self->v, variant->mode, ARRAY_SIZE(c),
	      variant->daif);
	for (i = 0; i < ARRAY_SIZE(c); i++) {
		TH_LOG("injection %u: type %u", i, c[i].type);
		to_load(_metadata, self->v, variant->site, variant->mmio,
			variant->spsr);
		ASSERT_EQ(0, inject_one(self->v, c[i].type, c[i].flags,
					c[i].far, c[i].fsc, 0));
		/* The entry, before the guest runs an instruction. */
		run_immediate(_metadata, self->v);
		vcpu_get_regs(self->v, &r);
		vcpu_get_sysregs(self->v, &s);
		EXPECT_EQ((__u64)guest_vectors + variant->offset, r.elr);
		EXPECT_EQ(NZCV | 0x3c5, r.spsr);
		EXPECT_EQ(SENTINEL, r.x[0]);
		EXPECT_EQ(c[i].esr, s.esr_el1);
		EXPECT_EQ(c[i].far_seen, s.far_el1);
		EXPECT_EQ(site, s.elr_el1);
		EXPECT_EQ(NZCV | variant->spsr, s.spsr_el1);
		/* The guest's handler, and the guest after it. */
		ASSERT_UCALL(self->v, UCALL_SYNC, &ev);
		EXPECT_EQ(SENTINEL, ev.uc.args[0]);
		g = guest_seen(self->vm);
		EXPECT_EQ(i + 1, g.count);
		EXPECT_EQ(variant->sync_vec, g.vector);
		EXPECT_EQ(c[i].esr, g.esr);
		EXPECT_EQ(c[i].far_seen, g.far);
		EXPECT_EQ(site, g.elr);
		EXPECT_EQ(NZCV | variant->spsr, g.spsr);
		EXPECT_EQ(0x3c5, g.now);	/* DAIF, EL1, SP_EL1 */
		EXPECT_EQ(SENTINEL, g.x0);
	}
	ASSERT_UCALL(self->v, UCALL_DONE, &ev);
}

/* A load completed (immediate_exit RUN) first: taken after it. */
TEST_F(inject_mode, sync_after_completed_mmio)
{
	const __u64 site = (__u64)variant->site;
	struct vcpu_event ev;
	struct avcpu_regs r;
	struct seen g;

	start(_metadata, self->v, variant->mode, 1, variant->daif);
	to_load(_metadata, self->v, variant->site, variant->mmio,
		variant->spsr);
	self->v->run->mmio.data = 0xd00d;
	run_immediate(_metadata, self->v);
	vcpu_get_regs(self->v, &r);
	EXPECT_EQ(site + 4, r.elr);
	EXPECT_EQ(0xd00d, r.x[0]);
	ASSERT_EQ(0, inject_one(self->v, AVCPU_INJECT_DABT, AVCPU_INJECT_WRITE,
				0xfff0, AVCPU_FSC_ALIGNMENT, 0));
	ASSERT_UCALL(self->v, UCALL_SYNC, &ev);
	EXPECT_EQ(0xd00d, ev.uc.args[0]);
	g = guest_seen(self->vm);
	EXPECT_EQ(1, g.count);
	EXPECT_EQ(variant->sync_vec, g.vector);
	EXPECT_EQ(0x96000061 - (variant->ec_low << 26), g.esr);
	EXPECT_EQ(0xfff0, g.far);
	EXPECT_EQ(site + 4, g.elr);
	EXPECT_EQ(NZCV | variant->spsr, g.spsr);
	ASSERT_UCALL(self->v, UCALL_DONE, &ev);
}

/*
 * A virtual SError at an MMIO load, with PSTATE.A clear: the load
 * completes, the SError is taken before the next instruction.  With
 * FEAT_RAS first with an ISS, then without (IDS alone, as KVM's: not an
 * uncategorised RAS error); without FEAT_RAS an ISS is EINVAL and the ISS
 * the guest sees is IMPLEMENTATION DEFINED.
 */
TEST_F(inject_mode, serror_at_mmio)
{
	const __u64 site = (__u64)variant->site;
	__u64 daif = variant->mode == M_EL0 ? 0 : DAIF_A_OPEN;
	__u64 spsr = variant->mode == M_EL0 ? 0 : (variant->spsr & ~0x100UL);
	struct vcpu_event ev;
	bool ras, iss;
	struct seen g;
	int i;

	ras = start(_metadata, self->v, variant->mode, 2, daif);
	for (i = 0; i < 2; i++) {
		iss = ras && i == 0;
		to_load(_metadata, self->v, variant->site, variant->mmio,
			spsr);
		self->v->run->mmio.data = 0xbeef + i;
		if (!ras)
			EXPECT_EQ(EINVAL, inject_one(self->v,
						     AVCPU_INJECT_SERROR,
						     AVCPU_INJECT_SERROR_ISS,
						     0, 0, 0));
		ASSERT_EQ(0, inject_one(self->v, AVCPU_INJECT_SERROR,
					iss ? AVCPU_INJECT_SERROR_ISS : 0, 0, 0,
					iss ? SERROR_ISS : 0));
		ASSERT_UCALL(self->v, UCALL_SYNC, &ev);
		EXPECT_EQ(0xbeef + i, ev.uc.args[0]);
		g = guest_seen(self->vm);
		EXPECT_EQ(i + 1, g.count);
		EXPECT_EQ(variant->serr_vec, g.vector);
		if (ras)
			EXPECT_EQ(ESR_SERROR | (iss ? SERROR_ISS : ESR_IDS),
				  g.esr);
		EXPECT_EQ(ESR_SERROR, g.esr & ~ESR_ISS_MASK);
		TH_LOG("%s: the guest's ESR_EL1 for the SError: %#llx",
		       ras ? "FEAT_RAS" : "no FEAT_RAS", g.esr);
		EXPECT_EQ(site + 4, g.elr);
		EXPECT_EQ(NZCV | spsr, g.spsr);
		EXPECT_EQ(0x3c5, g.now);
		EXPECT_EQ(0xbeef + i, g.x0);
	}
	ASSERT_UCALL(self->v, UCALL_DONE, &ev);
}

FIXTURE(inject) {
	struct gvm *vm;
};

FIXTURE_SETUP(inject)
{
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	self->vm = vm_create();
}

FIXTURE_TEARDOWN(inject)
{
	vm_destroy(self->vm);
}

static void guest_calls(void)
{
	GUEST_SYNC(inject_hvc());
	GUEST_SYNC(inject_smc());
	GUEST_SYNC(inject_hvc());
	GUEST_DONE();
}

/* An hvc's or smc's answer is dropped; ELR_EL1 is the call itself. */
TEST_F(inject, sync_at_hypercall_drops_the_answer)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_calls);
	static const char * const site[] = { inject_hvc_site, inject_smc_site };
	struct vcpu_event ev;
	struct avcpu_regs r;
	struct seen g;
	int i;

	install_handlers(self->vm, true);
	for (i = 0; i < 2; i++) {
		vcpu_run(v, &ev);
		ASSERT_EQ(AVCPU_EXIT_HYPERCALL, ev.run.exit_reason);
		EXPECT_EQ(0x1234, ev.run.hypercall.imm);
		EXPECT_EQ(i, ev.run.hypercall.is_smc);
		EXPECT_EQ(0x5a, ev.run.hypercall.nr);
		vcpu_get_regs(v, &r);
		EXPECT_EQ((__u64)site[i] + 4, r.elr);
		v->run->hypercall.ret[0] = 0x777;
		ASSERT_EQ(0, inject_one(v, AVCPU_INJECT_UNDEF, 0, 0, 0, 0));
		ASSERT_UCALL(v, UCALL_SYNC, &ev);
		EXPECT_EQ(0x5a, ev.uc.args[0]);
		g = guest_seen(self->vm);
		EXPECT_EQ(i + 1, g.count);
		EXPECT_EQ(VECTOR_SYNC_CURRENT, g.vector);
		EXPECT_EQ(0x02000000, g.esr);
		EXPECT_EQ((__u64)site[i], g.elr);
		EXPECT_EQ(0x5a, g.x0);
	}
	/* Without an injection the answer is the guest's. */
	vcpu_run(v, &ev);
	ASSERT_EQ(AVCPU_EXIT_HYPERCALL, ev.run.exit_reason);
	v->run->hypercall.ret[0] = 0x777;
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0x777, ev.uc.args[0]);
	EXPECT_EQ(2, guest_seen(self->vm).count);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

static void guest_masked(void)
{
	GUEST_SYNC(read_sysreg(id_aa64pfr0_el1));
	GUEST_SYNC(READ_ONCE(seen.count));
	inject_unmask_serror();
	GUEST_SYNC(READ_ONCE(seen.count));
	GUEST_DONE();
}

/*
 * PSTATE.A set (the vCPU starts with DAIF masked): the SError waits,
 * EBUSY meanwhile, until the guest unmasks it; GET_SYSREGS shows VSE as
 * loaded at the last entry, and SET_SYSREGS takes that back.  A
 * synchronous one pending at the same time is taken first, at the
 * hypercall, whose answer it drops (the guest's handler returns to the
 * hvc, which runs again).  The "inject" counter counts what was applied.
 */
TEST_F(inject, masked_serror_waits_ebusy)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_masked);
	struct avcpu_inject bad = { .type = AVCPU_INJECT_SERROR, .pad = 1 };
	__u64 hvc, unmask = (__u64)inject_unmask_site;
	unsigned long c0, c;
	struct avcpu_sysregs s, old;
	struct vcpu_event ev;
	struct avcpu_regs r;
	struct seen g;
	__u64 pfr0;
	bool ras;

	install_handlers(self->vm, false);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	pfr0 = ev.uc.args[0];
	ras = feat_ras(pfr0);
	vcpu_get_regs(v, &r);
	hvc = r.elr - 4;
	c0 = exit_count("inject");
	ASSERT_EQ(0, inject_one(v, AVCPU_INJECT_SERROR,
				ras ? AVCPU_INJECT_SERROR_ISS : 0, 0, 0,
				ras ? SERROR_ISS : 0));
	EXPECT_EQ(EBUSY, inject_one(v, AVCPU_INJECT_SERROR, 0, 0, 0, 0));
	EXPECT_EQ(EINVAL, ioctl(v->fd, AVCPU_INJECT_EXCEPTION, &bad) ?
		  errno : 0);
	ASSERT_EQ(0, inject_one(v, AVCPU_INJECT_UNDEF, 0, 0, 0, 0));
	EXPECT_EQ(EBUSY, inject_one(v, AVCPU_INJECT_UNDEF, 0, 0, 0, 0));
	EXPECT_EQ(EBUSY, inject_one(v, AVCPU_INJECT_DABT, 0, 0, 0x10, 0));
	EXPECT_EQ(EBUSY, inject_one(v, AVCPU_INJECT_IABT, 0, 0, 0x10, 0));
	/* The SError counts at once, the UNDEF when RUN applies it. */
	c = exit_count("inject");
	EXPECT_EQ(c0 + 1, c);
	vcpu_get_regs(v, &r);
	EXPECT_EQ(hvc + 4, r.elr);		/* nothing applied yet */

	/* The UNDEF at the hvc; the hvc again. */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(pfr0, ev.uc.args[0]);
	g = guest_seen(self->vm);
	EXPECT_EQ(1, g.count);
	EXPECT_EQ(VECTOR_SYNC_CURRENT, g.vector);
	EXPECT_EQ(0x02000000, g.esr);
	EXPECT_EQ(hvc, g.elr);
	EXPECT_EQ(c0 + 2, exit_count("inject"));
	vcpu_get_sysregs(v, &old);
	EXPECT_EQ(HCR_VSE, old.hcr_el2 & HCR_VSE);

	/* Still masked: not taken, still pending. */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	EXPECT_EQ(EBUSY, inject_one(v, AVCPU_INJECT_SERROR, 0, 0, 0, 0));

	/* Unmasked: taken there. */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(2, ev.uc.args[0]);
	g = guest_seen(self->vm);
	EXPECT_EQ(VECTOR_ERROR_CURRENT, g.vector);
	EXPECT_EQ(ESR_SERROR | (ras ? SERROR_ISS : 0),
		  ras ? g.esr : g.esr & ~ESR_ISS_MASK);
	/* At the isb, or (a later but legal point) right after it. */
	EXPECT_TRUE(g.elr == unmask || g.elr == unmask + 4) {
		TH_LOG("ELR_EL1 %#llx, msr daifclr at %#llx", g.elr,
		       unmask - 4);
	}
	EXPECT_EQ(0x2c5, g.spsr & ~0xf0000000UL);
	/* Taken: no longer pending; the old SET state is still accepted. */
	EXPECT_EQ(0, ioctl(v->fd, AVCPU_SET_SYSREGS, &old));
	ASSERT_UCALL(v, UCALL_DONE, &ev);
	vcpu_get_sysregs(v, &s);
	EXPECT_EQ(0, s.hcr_el2 & HCR_VSE);
	EXPECT_EQ(0, ioctl(v->fd, AVCPU_SET_SYSREGS, &old));
	EXPECT_EQ(0, inject_one(v, AVCPU_INJECT_SERROR, 0, 0, 0, 0));
	EXPECT_EQ(c0 + 3, exit_count("inject"));
}

TEST_HARNESS_MAIN
