// SPDX-License-Identifier: GPL-2.0
/*
 * AVCPU_INJECT_EXCEPTION's refusals and resets (Documentation/avcpu.rst,
 * "Injecting exceptions"; the injections themselves: inject_test.c):
 *  - every EINVAL case of the uapi comment, EFAULT; an SError ISS is
 *    EINVAL without FEAT_RAS (-cpu cortex-a72) and accepted with it
 *    (-cpu max); a refused call injects nothing;
 *  - a PSCI CPU_ON reset drops what was injected into a powered-off vCPU;
 *  - a SET_REGS after the ioctl moves where the exception is taken.
 *
 * Needs avcpu.ko in $AVCPU_MODDIR (default /avcpu).
 */
#include "kselftest_harness.h"
#include "guest_lib.h"
#include "guest_report.h"
#include "inject_guest.h"

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

static void guest_report_pfr0(void)
{
	GUEST_SYNC(read_sysreg(id_aa64pfr0_el1));
	GUEST_DONE();
}

#define UNDEF	AVCPU_INJECT_UNDEF
#define DABT	AVCPU_INJECT_DABT
#define IABT	AVCPU_INJECT_IABT
#define SERROR	AVCPU_INJECT_SERROR
#define WRITE	AVCPU_INJECT_WRITE
#define ISS	AVCPU_INJECT_SERROR_ISS
#define B(w, ...)	{ w, { __VA_ARGS__ } }

/* Every field the uapi comment refuses; a refused call injects nothing. */
TEST_F(inject, einval_efault)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_report_pfr0);
	const struct {
		const char *what;
		struct avcpu_inject inj;
	} bad[] = {
		B("type 0", .type = 0),
		B("type 5", .type = 5),
		B("type ~0", .type = ~0U),
		B("unknown flag", .type = DABT, .flags = 1U << 2, .fsc = 0x10),
		B("flag 31", .type = DABT, .flags = 1U << 31, .fsc = 0x10),
		B("WRITE on UNDEF", .type = UNDEF, .flags = WRITE),
		B("WRITE on IABT", .type = IABT, .flags = WRITE, .fsc = 0x10),
		B("WRITE on SERROR", .type = SERROR, .flags = WRITE),
		B("ISS on DABT", .type = DABT, .flags = ISS, .fsc = 0x10),
		B("ISS on UNDEF", .type = UNDEF, .flags = ISS),
		B("fsc 0x08 (access, level 0)", .type = DABT, .fsc = 0x08),
		B("fsc 0x0c (permission, level 0)", .type = DABT, .fsc = 0x0c),
		B("fsc 0x11", .type = DABT, .fsc = 0x11),
		B("fsc 0x18 (parity)", .type = DABT, .fsc = 0x18),
		B("fsc 0x22", .type = DABT, .fsc = 0x22),
		B("fsc 0x31", .type = DABT, .fsc = 0x31),
		B("fsc 0x40", .type = DABT, .fsc = 0x40),
		B("fsc ~0", .type = IABT, .fsc = ~0U),
		B("alignment on IABT", .type = IABT, .fsc = 0x21),
		B("fsc on UNDEF", .type = UNDEF, .fsc = 0x10),
		B("fsc on SERROR", .type = SERROR, .fsc = 1),
		B("far on UNDEF", .type = UNDEF, .far = 4),
		B("far on SERROR", .type = SERROR, .far = 1UL << 63),
		B("serror_iss without ISS", .type = SERROR, .serror_iss = 1),
		B("serror_iss on DABT", .type = DABT, .fsc = 0x10,
		  .serror_iss = 1),
		B("serror_iss beyond ISS[24:0]", .type = SERROR, .flags = ISS,
		  .serror_iss = 0x2000000),
		B("pad", .type = UNDEF, .pad = 1),
		B("reserved[0]", .type = UNDEF, .reserved = { 1 }),
		B("reserved[1]", .type = UNDEF, .reserved = { 0, 1 }),
		B("reserved[2]", .type = UNDEF, .reserved = { 0, 0, 1 }),
		B("reserved[3]", .type = UNDEF,
		  .reserved = { 0, 0, 0, 1UL << 63 }),
	};
	struct vcpu_event ev;
	unsigned long c0;
	unsigned int i;
	bool ras;
	int ret;

	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	ras = feat_ras(ev.uc.args[0]);
	c0 = exit_count("inject");
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		errno = 0;
		ret = ioctl(v->fd, AVCPU_INJECT_EXCEPTION, &bad[i].inj);
		EXPECT_EQ(-1, ret) {
			TH_LOG("%s", bad[i].what);
		}
		EXPECT_EQ(EINVAL, errno) {
			TH_LOG("%s", bad[i].what);
		}
	}
	EXPECT_EQ(EFAULT, ioctl(v->fd, AVCPU_INJECT_EXCEPTION, (void *)8) ?
		  errno : 0);
	/* VSESR_EL2 exists only with FEAT_RAS. */
	EXPECT_EQ(ras ? 0 : EINVAL,
		  inject_one(v, AVCPU_INJECT_SERROR, AVCPU_INJECT_SERROR_ISS,
			     0, 0, 0x1ffffff));
	TH_LOG("FEAT_RAS %s: an SError ISS is %s", ras ? "present" : "absent",
	       ras ? "accepted" : "EINVAL");
	EXPECT_EQ(ras ? 1 : 0, exit_count("inject") - c0);
	/* Nothing synchronous pending: the guest finishes undisturbed. */
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

static void guest_cpu_on_1(void)
{
	GUEST_ASSERT_EQ(guest_cpu_on(GUEST_MPIDR(1),
				     (guest_cpu_fn)guest_report_pfr0, 0), 0);
	GUEST_DONE();
}

/*
 * A vCPU powered off: what was injected into it is dropped by its CPU_ON
 * reset (no handler is installed: an exception would be reported).
 */
TEST_F(inject, cpu_on_reset_drops_injections)
{
	struct gvcpu *v0 = vm_vcpu_add(self->vm, 0, guest_cpu_on_1);
	struct gvcpu *v1 = vm_vcpu_add(self->vm, 1, NULL);
	struct vcpu_event ev;

	ASSERT_EQ(0, inject_one(v1, AVCPU_INJECT_UNDEF, 0, 0, 0, 0));
	ASSERT_EQ(0, inject_one(v1, AVCPU_INJECT_SERROR, 0, 0, 0, 0));
	EXPECT_EQ(EBUSY, inject_one(v1, AVCPU_INJECT_SERROR, 0, 0, 0, 0));
	ASSERT_UCALL(v0, UCALL_DONE, &ev);
	ASSERT_UCALL(v1, UCALL_SYNC, &ev);
	EXPECT_EQ(0, inject_one(v1, AVCPU_INJECT_SERROR, 0, 0, 0, 0));
	ASSERT_UCALL(v1, UCALL_DONE, &ev);
}

/*
 * A synchronous injection is applied by the next RUN to the registers as
 * they are then: a SET_REGS after it moves where it is taken.
 */
TEST_F(inject, applied_to_the_registers_at_run)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_report_pfr0);
	struct avcpu_sysregs s;
	struct avcpu_regs r;

	ASSERT_EQ(0, inject_one(v, AVCPU_INJECT_IABT, 0, 0x1000,
				AVCPU_FSC_PERMISSION(3), 0));
	vcpu_get_regs(v, &r);
	EXPECT_EQ((__u64)guest_report_pfr0, r.elr);	/* not yet */
	r.elr = 0x2000;
	r.spsr = 0x80000000 | 0x3c4;		/* N, EL1t */
	vcpu_set_regs(v, &r);
	v->run->immediate_exit = 1;
	EXPECT_EQ(-1, ioctl(v->fd, AVCPU_RUN, 0));
	EXPECT_EQ(EINTR, errno);
	vcpu_get_regs(v, &r);
	vcpu_get_sysregs(v, &s);
	EXPECT_EQ((__u64)guest_vectors + 0x000, r.elr);
	EXPECT_EQ(0x800003c5, r.spsr);
	EXPECT_EQ(0x2000, s.elr_el1);
	EXPECT_EQ(0x800003c4, s.spsr_el1);
	EXPECT_EQ(0x8600000f, s.esr_el1);
	EXPECT_EQ(0x1000, s.far_el1);
}

TEST_HARNESS_MAIN
