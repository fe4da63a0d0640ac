// SPDX-License-Identifier: GPL-2.0
/*
 * Several vCPUs of one VM, each RUN on its own thread, started and
 * stopped by the guest with PSCI (Documentation/avcpu.rst, "PSCI, SMCCC,
 * WFI: what is answered where"):
 *  - vCPU 0 turns on vCPUs 1..3 (created powered off, their RUN waiting)
 *    with CPU_ON; each reports its MPIDR_EL1 (create mpidr | bit 31), the
 *    context id and the argument it was given; they CPU_OFF, vCPU 0 polls
 *    AFFINITY_INFO until each is off, and CPU_ON works again;
 *  - a signal to a vCPU waiting powered off: RUN returns EINTR (exit
 *    INTR), the state stays STOPPED and the next RUN waits again;
 *  - a vCPU in WFI sleeps: the "entries" counter grows by at most 2 over
 *    a second, "wfi" grows; a signal wakes it (EINTR) with its PC past the
 *    WFI, and the next RUN continues after it.
 * Runs with 1 host CPU as with 4.
 *
 * Needs avcpu.ko in $AVCPU_MODDIR (default /avcpu).
 */
#include <signal.h>

#include "kselftest_harness.h"
#include "guest_lib.h"
#include "guest_report.h"

#define NR_SECONDARIES	3
#define WFI_INSN	0xd503207f
#define POLL_MS		10000	/* a guest wait that fails the test */

/* Guest data, shared by the VM's vCPUs (one copy per VM). */
static __u64 hello[GUEST_MAX_VCPUS];	/* a secondary is up */
static __u64 off_cmd[GUEST_MAX_VCPUS];	/* CPU_OFF, incarnation */
static __u64 go;			/* set by the host */

static void guest_secondary(__u64 arg, __u64 context)
{
	GUEST_SYNC_ARGS(read_sysreg(mpidr_el1), context, arg);
	WRITE_ONCE(hello[context], arg);
	while (READ_ONCE(off_cmd[context]) != arg)
		cpu_relax();
	hvc0(PSCI_CPU_OFF, 0, 0, 0);
	/* Only SET_MP_STATE could bring it here. */
	GUEST_ASSERT(0);
}

static __u64 affinity(__u64 mpidr)
{
	return hvc0(PSCI_AFFINITY_INFO64, mpidr, 0, 0);
}

/* Turn 1..3 on with @arg, wait for them, turn them off. */
static void on_and_off(__u64 arg)
{
	__u64 i, t;

	for (i = 1; i <= NR_SECONDARIES; i++) {
		GUEST_ASSERT_EQ(affinity(i), 1);
		GUEST_ASSERT_EQ(guest_cpu_on(i, guest_secondary, arg + i), 0);
		GUEST_ASSERT_EQ(affinity(i), 0);
	}
	for (i = 1; i <= NR_SECONDARIES; i++) {
		for (t = guest_ms(); READ_ONCE(hello[i]) != arg + i;) {
			GUEST_ASSERT(guest_ms() - t < POLL_MS);
			cpu_relax();
		}
		GUEST_ASSERT_EQ(guest_cpu_on(i, guest_secondary, 0),
				PSCI_RET_ALREADY_ON);
	}
	for (i = 1; i <= NR_SECONDARIES; i++) {
		WRITE_ONCE(off_cmd[i], arg + i);
		for (t = guest_ms(); affinity(i) != 1;)
			GUEST_ASSERT(guest_ms() - t < POLL_MS);
		GUEST_ASSERT_EQ(affinity(i), 1);
	}
}

static void guest_primary(void)
{
	on_and_off(0x100);
	GUEST_SYNC(1);
	while (!READ_ONCE(go))
		cpu_relax();
	on_and_off(0x200);
	GUEST_ASSERT_EQ(affinity(0), 0);
	GUEST_DONE();
}

FIXTURE(smp) {
	struct gvm *vm;
};

FIXTURE_SETUP(smp)
{
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	install_sigusr1_noop();
	self->vm = vm_create();
}

FIXTURE_TEARDOWN(smp)
{
	vm_destroy(self->vm);
}

static void expect_secondary_up(struct __test_metadata *_metadata,
				struct gvcpu *v, __u64 arg)
{
	struct vcpu_event ev;

	ASSERT_THREAD_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0x80000000UL | v->id, ev.uc.args[0]);	/* MPIDR_EL1 */
	EXPECT_EQ(v->id, ev.uc.args[1]);		/* context id */
	EXPECT_EQ(arg + v->id, ev.uc.args[2]);
}

TEST_F(smp, cpu_on_off_affinity_signals)
{
	struct gvcpu *v0 = vm_vcpu_add(self->vm, 0, guest_primary);
	struct gvcpu *v[NR_SECONDARIES + 1];
	struct vcpu_event ev;
	__u32 st;
	int i;

	for (i = 1; i <= NR_SECONDARIES; i++) {
		v[i] = vm_vcpu_add(self->vm, i, NULL);
		vcpu_thread_start(v[i]);
	}
	for (i = 1; i <= NR_SECONDARIES; i++)
		expect_waiting(_metadata, v[i]);
	vcpu_thread_start(v0);
	for (i = 1; i <= NR_SECONDARIES; i++)
		expect_secondary_up(_metadata, v[i], 0x100);
	ASSERT_THREAD_UCALL(v0, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);

	/* All three are off again: RUN waits, vCPU 0 spins on "go". */
	for (i = 1; i <= NR_SECONDARIES; i++)
		expect_waiting(_metadata, v[i]);
	for (i = 1; i <= NR_SECONDARIES; i++) {
		expect_kick_eintr(_metadata, v[i]);
		ASSERT_EQ(0, vcpu_get_mp_state(v[i], &st));
		EXPECT_EQ(AVCPU_MP_STATE_STOPPED, st);
		vcpu_thread_start(v[i]);
	}
	for (i = 1; i <= NR_SECONDARIES; i++)
		expect_waiting(_metadata, v[i]);

	__atomic_store_n((__u64 *)addr_gva2hva(self->vm, (__u64)&go), 1,
			 __ATOMIC_RELEASE);
	for (i = 1; i <= NR_SECONDARIES; i++)
		expect_secondary_up(_metadata, v[i], 0x200);
	ASSERT_THREAD_UCALL(v0, UCALL_DONE, &ev);
	vcpu_thread_join(v0);
	for (i = 1; i <= NR_SECONDARIES; i++) {
		expect_waiting(_metadata, v[i]);
		expect_kick_eintr(_metadata, v[i]);
	}
}

static void guest_wfi(void)
{
	GUEST_SYNC(1);
	wfi();
	GUEST_SYNC(2);
	wfi();
	GUEST_DONE();
}

TEST_F(smp, wfi_sleeps_until_a_signal)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_wfi);
	unsigned long wfi = exit_count("wfi"), entries, t2;
	struct vcpu_event ev;
	struct avcpu_regs r;

	ASSERT_NE(~0UL, wfi);
	vcpu_thread_start(v);
	ASSERT_THREAD_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	expect_waiting(_metadata, v);
	/* Asleep: no guest entries, no exits to userspace. */
	entries = exit_count("entries");
	t2 = exit_count("t2");
	sleep(1);
	EXPECT_GE(entries + 2, exit_count("entries")) {
		TH_LOG("entries %lu -> %lu over 1 s", entries,
		       exit_count("entries"));
	}
	EXPECT_EQ(t2, exit_count("t2"));
	EXPECT_LT(wfi, exit_count("wfi"));
	/* immediate_exit does not end a wait already begun. */
	v->run->immediate_exit = 1;
	expect_waiting(_metadata, v);
	expect_kick_eintr(_metadata, v);
	v->run->immediate_exit = 0;
	vcpu_get_regs(v, &r);
	EXPECT_EQ(WFI_INSN, *(__u32 *)(r.elr - 4));
	/* The next RUN continues after it. */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(2, ev.uc.args[0]);
	/* The second WFI, the same way. */
	vcpu_thread_start(v);
	expect_waiting(_metadata, v);
	expect_kick_eintr(_metadata, v);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

TEST_HARNESS_MAIN
