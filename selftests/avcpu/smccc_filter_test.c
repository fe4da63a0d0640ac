// SPDX-License-Identifier: GPL-2.0
/*
 * AVCPU_SET_SMCCC_FILTER (Documentation/avcpu.rst,
 * "AVCPU_SET_SMCCC_FILTER"): DENY answered at EL2, FWD_TO_USER, HANDLE,
 * every errno; and what one VM sets up (its filter, its vCPUs' power
 * states, a system event) staying out of another VM run on the same CPU.
 *
 * Needs avcpu.ko in $AVCPU_MODDIR (default /avcpu).
 */
#include <sched.h>

#include "kselftest_harness.h"
#include "guest_lib.h"
#include "guest_report.h"

#define NS		SMCCC_RET_NOT_SUPPORTED
#define GARBAGE		0xdeadbeef00000000UL
#define X2		0x2222222233333333UL
#define X3		0x4444444455555555UL

FIXTURE(smccc_filter) {
	struct gvm *vm;
};

FIXTURE_SETUP(smccc_filter)
{
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	install_sigusr1_noop();
	self->vm = vm_create();
}

FIXTURE_TEARDOWN(smccc_filter)
{
	vm_destroy(self->vm);
}

static int set_filter(struct gvm *vm, __u32 base, __u32 nr, __u8 action)
{
	struct avcpu_smccc_filter f = {
		.base = base, .nr_functions = nr, .action = action,
	};

	return ioctl(vm->fd, AVCPU_SET_SMCCC_FILTER, &f) ? -errno : 0;
}

TEST_F(smccc_filter, einval)
{
	struct avcpu_smccc_filter f = {
		.base = 0x82000000, .nr_functions = 1,
		.action = AVCPU_SMCCC_FILTER_DENY,
	};
	int i;

	EXPECT_EQ(-EINVAL, set_filter(self->vm, 0x82000000, 0,
				      AVCPU_SMCCC_FILTER_DENY));
	EXPECT_EQ(-EINVAL, set_filter(self->vm, 0xffffff00, 0x101,
				      AVCPU_SMCCC_FILTER_DENY));
	EXPECT_EQ(-EINVAL, set_filter(self->vm, 0x82000000, 0xffffffff,
				      AVCPU_SMCCC_FILTER_DENY));
	EXPECT_EQ(-EINVAL, set_filter(self->vm, 0x82000000, 1, 3));
	EXPECT_EQ(-EINVAL, set_filter(self->vm, 0x82000000, 1, 0xff));
	for (i = 0; i < (int)sizeof(f.pad); i++) {
		f.pad[i] = 1;
		EXPECT_EQ(-1, ioctl(self->vm->fd, AVCPU_SET_SMCCC_FILTER, &f));
		EXPECT_EQ(EINVAL, errno);
		f.pad[i] = 0;
	}
	/* The last id of the space is a valid range end. */
	EXPECT_EQ(0, set_filter(self->vm, 0xffffff00, 0x100,
				AVCPU_SMCCC_FILTER_DENY));
	/* Nothing was added by the failures. */
	EXPECT_EQ(0, ioctl(self->vm->fd, AVCPU_SET_SMCCC_FILTER, &f));
	EXPECT_EQ(-EFAULT, ioctl(self->vm->fd, AVCPU_SET_SMCCC_FILTER, 8) ?
		  -errno : 0);
}

TEST_F(smccc_filter, eexist)
{
	/* The Arm architecture range is avcpu's. */
	EXPECT_EQ(-EEXIST, set_filter(self->vm, 0x80000000, 1,
				      AVCPU_SMCCC_FILTER_DENY));
	EXPECT_EQ(-EEXIST, set_filter(self->vm, 0x80008000, 1,
				      AVCPU_SMCCC_FILTER_FWD_TO_USER));
	EXPECT_EQ(-EEXIST, set_filter(self->vm, 0x8000ffff, 1,
				      AVCPU_SMCCC_FILTER_HANDLE));
	EXPECT_EQ(-EEXIST, set_filter(self->vm, 0xc0000000, 0x10,
				      AVCPU_SMCCC_FILTER_DENY));
	EXPECT_EQ(-EEXIST, set_filter(self->vm, 0x7fffffff, 2,
				      AVCPU_SMCCC_FILTER_DENY));
	EXPECT_EQ(-EEXIST, set_filter(self->vm, 0xbfffff00, 0x101,
				      AVCPU_SMCCC_FILTER_DENY));
	/* Just outside it. */
	EXPECT_EQ(0, set_filter(self->vm, 0x7fffff00, 0x100,
				AVCPU_SMCCC_FILTER_DENY));
	EXPECT_EQ(0, set_filter(self->vm, 0x80010000, 0x10,
				AVCPU_SMCCC_FILTER_DENY));
	EXPECT_EQ(0, set_filter(self->vm, 0xc0010000, 1,
				AVCPU_SMCCC_FILTER_DENY));
	/* Overlaps with an earlier range. */
	EXPECT_EQ(0, set_filter(self->vm, 0x82000000, 0x100,
				AVCPU_SMCCC_FILTER_DENY));
	EXPECT_EQ(-EEXIST, set_filter(self->vm, 0x820000ff, 1,
				      AVCPU_SMCCC_FILTER_DENY));
	EXPECT_EQ(-EEXIST, set_filter(self->vm, 0x81ffffff, 2,
				      AVCPU_SMCCC_FILTER_FWD_TO_USER));
	EXPECT_EQ(-EEXIST, set_filter(self->vm, 0x81000000, 0x2000000,
				      AVCPU_SMCCC_FILTER_HANDLE));
	EXPECT_EQ(-EEXIST, set_filter(self->vm, 0x82000010, 0x10,
				      AVCPU_SMCCC_FILTER_DENY));
	/* Adjacent is fine. */
	EXPECT_EQ(0, set_filter(self->vm, 0x82000100, 1,
				AVCPU_SMCCC_FILTER_FWD_TO_USER));
	EXPECT_EQ(0, set_filter(self->vm, 0x81ffffff, 1,
				AVCPU_SMCCC_FILTER_HANDLE));
}

TEST_F(smccc_filter, enospc_after_32_ranges)
{
	int i;

	for (i = 0; i < AVCPU_SMCCC_FILTER_MAX; i++)
		ASSERT_EQ(0, set_filter(self->vm, 0x82000000 + 0x10 * i, 1,
					AVCPU_SMCCC_FILTER_DENY));
	EXPECT_EQ(-ENOSPC, set_filter(self->vm, 0x83000000, 1,
				      AVCPU_SMCCC_FILTER_DENY));
	EXPECT_EQ(-ENOSPC, set_filter(self->vm, 0x84000000, 0x10000,
				      AVCPU_SMCCC_FILTER_HANDLE));
}

static void guest_done(void)
{
	GUEST_DONE();
}

TEST_F(smccc_filter, ebusy_after_a_run)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_done);
	struct vcpu_event ev;

	/* Creating vCPUs is fine; running one is the limit. */
	EXPECT_EQ(0, set_filter(self->vm, 0x82000000, 1,
				AVCPU_SMCCC_FILTER_DENY));
	ASSERT_UCALL(v, UCALL_DONE, &ev);
	EXPECT_EQ(-EBUSY, set_filter(self->vm, 0x83000000, 1,
				     AVCPU_SMCCC_FILTER_DENY));
	EXPECT_EQ(-EBUSY, set_filter(self->vm, 0xc2000000, 0x100,
				     AVCPU_SMCCC_FILTER_FWD_TO_USER));
	/* KVM's order: EBUSY before any range check. */
	EXPECT_EQ(-EBUSY, set_filter(self->vm, 0x80000000, 1,
				     AVCPU_SMCCC_FILTER_DENY));
	EXPECT_EQ(-EBUSY, set_filter(self->vm, 0x82000000, 1,
				     AVCPU_SMCCC_FILTER_DENY));
}

static void guest_filter_deny(void)
{
	struct smccc_res res;

	smccc_hvc(PSCI_VERSION, 1, X2, X3, &res);
	GUEST_ASSERT_EQ(res.a0, NS);
	GUEST_ASSERT_EQ(res.a1, 1);
	GUEST_ASSERT_EQ(res.a2, X2);
	GUEST_ASSERT_EQ(res.a3, X3);
	smccc_smc(PSCI_VERSION, 0, 0, 0, &res);
	GUEST_ASSERT_EQ(res.a0, NS);
	/* W0 only. */
	GUEST_ASSERT_EQ(hvc0(GARBAGE | PSCI_VERSION, 0, 0, 0), NS);
	/* A T2 id denied: no exit. */
	GUEST_ASSERT_EQ(hvc0(0x82000000, 0, 0, 0), NS);
	GUEST_ASSERT_EQ(hvc0(0x8200000f, 0, 0, 0), NS);
	/* Outside the ranges: as without a filter. */
	GUEST_ASSERT_EQ(hvc0(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
	GUEST_ASSERT_EQ(hvc0(PSCI_FEATURES, PSCI_VERSION, 0, 0), 0);
	GUEST_SYNC(1);
	/* Not for immediates other than 0. */
	__smccc_call("hvc #1", PSCI_VERSION, 0x100, 0x200, 0x300, &res);
	GUEST_ASSERT_EQ(res.a0, 0x42);
	GUEST_DONE();
}

TEST_F(smccc_filter, deny)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_filter_deny);
	unsigned long t2 = exit_count("t2");
	struct vcpu_event ev;

	ASSERT_EQ(0, set_filter(self->vm, PSCI_VERSION, 1,
				AVCPU_SMCCC_FILTER_DENY));
	ASSERT_EQ(0, set_filter(self->vm, 0x82000000, 0x10,
				AVCPU_SMCCC_FILTER_DENY));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	/* The denied calls never left the kernel. */
	EXPECT_EQ(t2 + 1, exit_count("t2"));
	vcpu_run(v, &ev);
	ASSERT_EQ(AVCPU_EXIT_HYPERCALL, ev.run.exit_reason);
	EXPECT_EQ(1, ev.run.hypercall.imm);
	EXPECT_EQ(PSCI_VERSION, ev.run.hypercall.nr);
	v->run->hypercall.ret[0] = 0x42;
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

static void guest_filter_fwd(void)
{
	struct smccc_res res;

	/* The VMM answers PSCI_VERSION and CPU_ON itself. */
	smccc_hvc(PSCI_VERSION, 0x100, 0x200, 0x300, &res);
	GUEST_ASSERT_EQ(res.a0, 0x20000);
	smccc_smc(PSCI_CPU_ON64, 0x101, 0x201, 0x301, &res);
	GUEST_ASSERT_EQ(res.a0, 0x77);
	/* W0 only. */
	smccc_hvc(GARBAGE | PSCI_VERSION, 0x102, 0x202, 0x302, &res);
	GUEST_ASSERT_EQ(res.a0, 0x20000);
	/* Outside the range: avcpu's answer. */
	GUEST_ASSERT_EQ(hvc0(SMCCC_VERSION, 0, 0, 0), 0x10001);
	GUEST_DONE();
}

TEST_F(smccc_filter, fwd_to_user)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_filter_fwd);
	struct vcpu_event ev;

	ASSERT_EQ(0, set_filter(self->vm, PSCI_VERSION, 0x20,
				AVCPU_SMCCC_FILTER_FWD_TO_USER));
	ASSERT_EQ(0, set_filter(self->vm, PSCI_CPU_ON64, 1,
				AVCPU_SMCCC_FILTER_FWD_TO_USER));
	vcpu_run(v, &ev);
	ASSERT_EQ(AVCPU_EXIT_HYPERCALL, ev.run.exit_reason);
	EXPECT_EQ(PSCI_VERSION, ev.run.hypercall.nr);
	EXPECT_EQ(0x100, ev.run.hypercall.args[0]);
	EXPECT_EQ(0, ev.run.hypercall.imm);
	EXPECT_EQ(0, ev.run.hypercall.is_smc);
	v->run->hypercall.ret[0] = 0x20000;
	vcpu_run(v, &ev);
	ASSERT_EQ(AVCPU_EXIT_HYPERCALL, ev.run.exit_reason);
	EXPECT_EQ(PSCI_CPU_ON64, ev.run.hypercall.nr);
	EXPECT_EQ(0x101, ev.run.hypercall.args[0]);
	EXPECT_EQ(0x201, ev.run.hypercall.args[1]);
	EXPECT_EQ(0x301, ev.run.hypercall.args[2]);
	EXPECT_EQ(1, ev.run.hypercall.is_smc);
	v->run->hypercall.ret[0] = 0x77;
	vcpu_run(v, &ev);
	ASSERT_EQ(AVCPU_EXIT_HYPERCALL, ev.run.exit_reason);
	EXPECT_EQ(GARBAGE | PSCI_VERSION, ev.run.hypercall.nr);
	v->run->hypercall.ret[0] = 0x20000;
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

static void guest_filter_handle(void)
{
	GUEST_ASSERT_EQ(hvc0(PSCI_VERSION, 0, 0, 0), 0x10001);
	GUEST_ASSERT_EQ(hvc0(PSCI_FEATURES, PSCI_CPU_ON, 0, 0), 0);
	GUEST_ASSERT_EQ(hvc0(0x8400ffff, 0, 0, 0), NS);
	/* HANDLE of an id avcpu leaves to the VMM: still the VMM's. */
	GUEST_ASSERT_EQ(hvc0(0x82000000, 0x100, 0x200, 0x300), 0x99);
	GUEST_DONE();
}

TEST_F(smccc_filter, handle)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_filter_handle);
	struct vcpu_event ev;

	ASSERT_EQ(0, set_filter(self->vm, 0x84000000, 0x10000,
				AVCPU_SMCCC_FILTER_HANDLE));
	ASSERT_EQ(0, set_filter(self->vm, 0x82000000, 1,
				AVCPU_SMCCC_FILTER_HANDLE));
	vcpu_run(v, &ev);
	ASSERT_EQ(AVCPU_EXIT_HYPERCALL, ev.run.exit_reason) {
		char msg[400];

		vcpu_event_str(v, &ev, msg, sizeof(msg));
		TH_LOG("%s", msg);
	}
	EXPECT_EQ(0x82000000, ev.run.hypercall.nr);
	EXPECT_EQ(0, ev.run.hypercall.imm);
	v->run->hypercall.ret[0] = 0x99;
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

/*
 * What a Linux 6.12 guest calls at boot with the hvc conduit, in order:
 * psci_probe() (drivers/firmware/psci/psci.c: PSCI_VERSION,
 * MIGRATE_INFO_TYPE, psci_init_smccc(), the CPU_SUSPEND, SYSTEM_SUSPEND
 * and SYSTEM_RESET2 features), arm_smccc_version_init() (smccc.c: TRNG,
 * and SOC_ID from SMCCC 1.2 on; asked here anyway), kvm_init_hyp_services()
 * (the vendor-hypervisor UID), proton-pack.c's three ARCH_FEATURES, and
 * paravirt.c's PV_TIME probe.
 */

/* VM A: its filter denies PSCI_VERSION; then it powers the system off. */
static void guest_a(void)
{
	GUEST_SYNC(hvc0(PSCI_VERSION, 0, 0, 0));
	hvc0(PSCI_SYSTEM_OFF, 0, 0, 0);
	GUEST_DONE();
}

/* VM B: nothing of A's filter, vCPUs or event reaches it. */
static void guest_b(void)
{
	GUEST_SYNC(hvc0(PSCI_VERSION, 0, 0, 0));
	/* A has a vCPU with MPIDR 1, powered off; B has none. */
	GUEST_SYNC(hvc0(PSCI_CPU_ON64, GUEST_MPIDR(1), 0x1000, 0));
	GUEST_SYNC(hvc0(PSCI_AFFINITY_INFO64, GUEST_MPIDR(1), 0, 0));
	GUEST_DONE();
}

/*
 * Two VMs on one physical CPU: the filter, the power states and the
 * system event are each VM's own.
 */
TEST_F(smccc_filter, per_vm_on_one_cpu)
{
	struct gvm *vm_b = vm_create();
	struct gvcpu *a, *a1, *b;
	struct vcpu_event ev;
	cpu_set_t cpus;
	__u32 state;

	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(cpus), &cpus));
	ASSERT_EQ(0, set_filter(self->vm, PSCI_VERSION, 1,
				AVCPU_SMCCC_FILTER_DENY));
	a = vm_vcpu_add(self->vm, 0, guest_a);
	a1 = vm_vcpu_add(self->vm, 1, NULL);		/* powered off */
	b = vm_vcpu_add(vm_b, 0, guest_b);

	ASSERT_UCALL(a, UCALL_SYNC, &ev);
	EXPECT_EQ(NS, ev.uc.args[0]);
	ASSERT_UCALL(b, UCALL_SYNC, &ev);
	EXPECT_EQ(0x10001, ev.uc.args[0]);
	/* A's SYSTEM_OFF: its event, its vCPUs stopped, B untouched. */
	vcpu_run(a, &ev);
	ASSERT_EQ(0, ev.err);
	ASSERT_EQ(AVCPU_EXIT_SYSTEM_EVENT, ev.run.exit_reason);
	EXPECT_EQ(AVCPU_SYSTEM_EVENT_SHUTDOWN, ev.run.system_event.type);
	ASSERT_EQ(0, vcpu_get_mp_state(a1, &state));
	EXPECT_EQ(AVCPU_MP_STATE_STOPPED, state);
	ASSERT_UCALL(b, UCALL_SYNC, &ev);
	EXPECT_EQ((__u64)PSCI_RET_INVALID_PARAMS, ev.uc.args[0]);
	ASSERT_UCALL(b, UCALL_SYNC, &ev);
	EXPECT_EQ((__u64)PSCI_RET_INVALID_PARAMS, ev.uc.args[0]);
	ASSERT_EQ(0, vcpu_get_mp_state(b, &state));
	EXPECT_EQ(AVCPU_MP_STATE_RUNNABLE, state);
	ASSERT_UCALL(b, UCALL_DONE, &ev);
	vm_destroy(vm_b);
}

TEST_HARNESS_MAIN
