// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI power management and system events, handled in the kernel
 * (Documentation/avcpu.rst, "PSCI, SMCCC, WFI: what is answered where"),
 * and AVCPU_GET/SET_MP_STATE:
 *  - CPU_ON's return values (unknown MPIDR, bits outside the Aff fields,
 *    ALREADY_ON, an unaligned entry), its W-register form, and the state
 *    the target starts in (PC, x0 = context id, every other register 0,
 *    SPSR 0x3c5, SCTLR_EL1 0x30c50830 with the caller's EE, system
 *    registers reset), read from inside the target and with GET_REGS;
 *  - AFFINITY_INFO for on, off, unknown and each level;
 *  - CPU_OFF stops the caller (RUN waits; a signal is EINTR, the state
 *    stays STOPPED), SET_MP_STATE resumes it past the call with x0 = 0;
 *  - CPU_SUSPEND sleeps as WFI does and returns 0;
 *  - SYSTEM_OFF, SYSTEM_RESET, SYSTEM_RESET2: the system-event exit's
 *    payload, the caller's x0 = -6 and PC past the call, RESET2 with an
 *    invalid type -2 and no exit; every other vCPU's RUN (busy, in WFI,
 *    powered off, not in RUN) returns the same event; all end STOPPED;
 *  - MP_STATE: POWER_OFF at creation, SET on a vCPU no thread runs, errno.
 *
 * Needs avcpu.ko in $AVCPU_MODDIR (default /avcpu).
 */
#include <signal.h>

#include "kselftest_harness.h"
#include "guest_lib.h"
#include "guest_report.h"

#define GARBAGE		0xdeadbeef00000000UL
#define SCTLR_EE	0x2000000UL
#define HVC0_INSN	0xd4000002
#define SMC0_INSN	0xd4000003

/* psci_guest.S: CPU_ON targets with the MMU off. */
GUEST_ASM_ENTRY(psci_reset_entry);
GUEST_ASM_ENTRY(psci_ee_entry);
#define RESET_ENTRY_HVC_OFF	(9 * 4)	/* its report's hvc */

FIXTURE(psci) {
	struct gvm *vm;
};

FIXTURE_SETUP(psci)
{
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	install_sigusr1_noop();
	self->vm = vm_create();
}

FIXTURE_TEARDOWN(psci)
{
	vm_destroy(self->vm);
}

static __u32 mp_state(struct __test_metadata *_metadata, struct gvcpu *v)
{
	__u32 st = ~0U;

	EXPECT_EQ(0, vcpu_get_mp_state(v, &st));
	return st;
}

static void guest_cpu_on_errors(void)
{
	__u64 e = (__u64)psci_reset_entry;

	/* No such vCPU; bits outside Aff3..Aff0 (U, MT, bit 31, 63:40). */
	GUEST_ASSERT_EQ(hvc0(PSCI_CPU_ON64, 0x55, e, 0),
			PSCI_RET_INVALID_PARAMS);
	GUEST_ASSERT_EQ(hvc0(PSCI_CPU_ON64, 0x100000001UL, e, 0),
			PSCI_RET_INVALID_PARAMS);
	GUEST_ASSERT_EQ(hvc0(PSCI_CPU_ON64, 1 | 1UL << 24, e, 0),
			PSCI_RET_INVALID_PARAMS);
	GUEST_ASSERT_EQ(hvc0(PSCI_CPU_ON64, 1 | 1UL << 30, e, 0),
			PSCI_RET_INVALID_PARAMS);
	GUEST_ASSERT_EQ(hvc0(PSCI_CPU_ON64, 1 | 1UL << 31, e, 0),
			PSCI_RET_INVALID_PARAMS);
	GUEST_ASSERT_EQ(hvc0(PSCI_CPU_ON64, 1 | 1UL << 40, e, 0),
			PSCI_RET_INVALID_PARAMS);
	GUEST_ASSERT_EQ(hvc0(PSCI_CPU_ON, 0x0100, e, 0),
			PSCI_RET_INVALID_PARAMS);
	/* The caller is on. */
	GUEST_ASSERT_EQ(hvc0(PSCI_CPU_ON64, 0, e, 0), PSCI_RET_ALREADY_ON);
	/* An entry that is not 4-byte aligned. */
	GUEST_ASSERT_EQ(hvc0(PSCI_CPU_ON64, 1, e + 2, 0),
			PSCI_RET_INVALID_ADDRESS);
	GUEST_ASSERT_EQ(hvc0(PSCI_CPU_ON64, 1, e + 1, 0),
			PSCI_RET_INVALID_ADDRESS);
	/* AFFINITY_INFO (target, lowest level). */
	GUEST_ASSERT_EQ(hvc0(PSCI_AFFINITY_INFO64, 0, 0, 0), 0);
	GUEST_ASSERT_EQ(hvc0(PSCI_AFFINITY_INFO64, 1, 0, 0), 1);
	GUEST_ASSERT_EQ(hvc0(PSCI_AFFINITY_INFO, 1, 0, 0), 1);
	GUEST_ASSERT_EQ(hvc0(PSCI_AFFINITY_INFO64, 0x55, 0, 0),
			PSCI_RET_INVALID_PARAMS);
	GUEST_ASSERT_EQ(hvc0(PSCI_AFFINITY_INFO64, 1, 4, 0),
			PSCI_RET_INVALID_PARAMS);
	/* Bits outside Aff3..Aff0, as KVM: invalid at any level. */
	GUEST_ASSERT_EQ(hvc0(PSCI_AFFINITY_INFO64, 0x01000001, 0, 0),
			PSCI_RET_INVALID_PARAMS);
	GUEST_ASSERT_EQ(hvc0(PSCI_AFFINITY_INFO64, 1UL << 40, 3, 0),
			PSCI_RET_INVALID_PARAMS);
	/* Level 1: Aff0 ignored, all vCPUs match, vCPU 0 is on. */
	GUEST_ASSERT_EQ(hvc0(PSCI_AFFINITY_INFO64, 0x37, 1, 0), 0);
	GUEST_ASSERT_EQ(hvc0(PSCI_AFFINITY_INFO64, 0x137, 1, 0),
			PSCI_RET_INVALID_PARAMS);
	GUEST_ASSERT_EQ(hvc0(PSCI_AFFINITY_INFO64, 0x00ffffff, 3, 0), 0);
	/* SMC32 forms read W registers. */
	GUEST_ASSERT_EQ(hvc0(PSCI_AFFINITY_INFO, GARBAGE | 1, GARBAGE, 0), 1);
	GUEST_ASSERT_EQ(hvc0(PSCI_CPU_ON, GARBAGE | 1, GARBAGE | e,
			     GARBAGE | 0x1234), 0);
	/* Now it is on, though no thread runs it yet. */
	GUEST_ASSERT_EQ(hvc0(PSCI_CPU_ON64, 1, e, 0), PSCI_RET_ALREADY_ON);
	GUEST_ASSERT_EQ(hvc0(PSCI_AFFINITY_INFO64, 1, 0, 0), 0);
	GUEST_DONE();
}

TEST_F(psci, cpu_on_errors_and_reset_state)
{
	struct gvcpu *v0 = vm_vcpu_add(self->vm, 0, guest_cpu_on_errors);
	struct gvcpu *v1 = vm_vcpu_add(self->vm, 1, NULL);
	struct avcpu_sysregs s;
	struct avcpu_regs r;
	struct vcpu_event ev;
	int i;

	EXPECT_EQ(AVCPU_MP_STATE_STOPPED, mp_state(_metadata, v1));
	/* State for CPU_ON's reset to replace. */
	vcpu_set_guest_fn(v1, guest_cpu_on_errors);
	vcpu_get_regs(v1, &r);
	for (i = 0; i < 31; i++)
		r.x[i] = 0xbad0 + i;
	r.sp_el0 = 0xbad00;
	vcpu_set_regs(v1, &r);
	vcpu_get_sysregs(v1, &s);
	s.tpidr_el1 = 0x1234;
	s.contextidr_el1 = 0x55;
	s.tpidr_el0 = 0x66;
	vcpu_set_sysregs(v1, &s);

	ASSERT_UCALL(v0, UCALL_DONE, &ev);
	EXPECT_EQ(AVCPU_MP_STATE_RUNNABLE, mp_state(_metadata, v1));
	ASSERT_UCALL(v1, UCALL_SYNC, &ev);
	EXPECT_EQ(SCTLR_EL1_RESET, ev.uc.args[0]);
	EXPECT_EQ(0x80000001, ev.uc.args[1]);		/* MPIDR_EL1 */
	EXPECT_EQ(0x1234, ev.uc.args[2]);		/* x0: W3 */
	EXPECT_EQ(0, ev.uc.args[3]);			/* x1 */
	EXPECT_EQ(1 << 2, ev.uc.args[4]);		/* EL1 */
	EXPECT_EQ(0x3c0, ev.uc.args[5]);		/* DAIF */
	vcpu_get_regs(v1, &r);
	for (i = 9; i < 31; i++)
		EXPECT_EQ(0, r.x[i]) {
			TH_LOG("x%d", i);
		}
	EXPECT_EQ(0, r.sp_el0);
	EXPECT_EQ((__u64)psci_reset_entry + RESET_ENTRY_HVC_OFF + 4, r.elr);
	EXPECT_EQ(SPSR_EL1H_DAIF, r.spsr);
	vcpu_get_sysregs(v1, &s);
	EXPECT_EQ(SCTLR_EL1_RESET, s.sctlr_el1);
	EXPECT_EQ(0, s.ttbr0_el1);
	EXPECT_EQ(0, s.tcr_el1);
	EXPECT_EQ(0, s.mair_el1);
	EXPECT_EQ(0, s.vbar_el1);
	EXPECT_EQ(0, s.cpacr_el1);
	EXPECT_EQ(0, s.tpidr_el1);
	EXPECT_EQ(0, s.tpidr_el0);
	EXPECT_EQ(0, s.contextidr_el1);
}

static void guest_cpu_on_ee(void)
{
	GUEST_ASSERT_EQ(hvc0(PSCI_CPU_ON64, 1, (__u64)psci_ee_entry, 7), 0);
	GUEST_DONE();
}

TEST_F(psci, cpu_on_copies_callers_ee)
{
	struct gvcpu *v0 = vm_vcpu_add(self->vm, 0, guest_cpu_on_ee);
	struct gvcpu *v1 = vm_vcpu_add(self->vm, 1, NULL);
	struct gvcpu *v2 = vm_vcpu_add(self->vm, 2, NULL);
	struct avcpu_sysregs s;
	struct vcpu_event ev;

	ASSERT_UCALL(v0, UCALL_DONE, &ev);
	/* vCPU 1 calls CPU_ON(2) with EE set. */
	ASSERT_UCALL(v1, UCALL_SYNC, &ev);
	EXPECT_EQ(0, ev.uc.args[0]);
	vcpu_get_sysregs(v1, &s);
	EXPECT_EQ(SCTLR_EL1_RESET, s.sctlr_el1);
	ASSERT_UCALL(v2, UCALL_SYNC, &ev);
	EXPECT_EQ(SCTLR_EL1_RESET | SCTLR_EE, ev.uc.args[0]);
	EXPECT_EQ(0x80000002, ev.uc.args[1]);
	EXPECT_EQ(0x2222, ev.uc.args[2]);
}

static void guest_cpu_off(void)
{
	__u64 ret = hvc0(PSCI_CPU_OFF, 0, 0, 0);

	GUEST_SYNC(ret);
	GUEST_DONE();
}

TEST_F(psci, cpu_off_waits_set_mp_state_resumes)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_cpu_off);
	unsigned long psci = exit_count("psci"), t2 = exit_count("t2");
	struct vcpu_event ev;

	vcpu_thread_start(v);
	expect_waiting(_metadata, v);
	expect_kick_eintr(_metadata, v);
	EXPECT_EQ(AVCPU_MP_STATE_STOPPED, mp_state(_metadata, v));
	/* The next RUN waits again, in the same state. */
	vcpu_thread_start(v);
	expect_waiting(_metadata, v);
	expect_kick_eintr(_metadata, v);
	EXPECT_EQ(AVCPU_MP_STATE_STOPPED, mp_state(_metadata, v));
	/* CPU_OFF was no exit to userspace. */
	EXPECT_EQ(t2, exit_count("t2"));
	EXPECT_LT(psci, exit_count("psci"));
	/* Resumed: past the call, x0 = 0. */
	ASSERT_EQ(0, vcpu_set_mp_state(v, AVCPU_MP_STATE_RUNNABLE));
	EXPECT_EQ(AVCPU_MP_STATE_RUNNABLE, mp_state(_metadata, v));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0, ev.uc.args[0]);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

static void guest_sync_done(void)
{
	GUEST_SYNC(0x5e7);
	GUEST_DONE();
}

TEST_F(psci, mp_state_without_a_thread)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, NULL);
	struct gvcpu *w = vm_vcpu_add(self->vm, 1, guest_sync_done);
	struct vcpu_event ev;

	EXPECT_EQ(AVCPU_MP_STATE_STOPPED, mp_state(_metadata, v));
	EXPECT_EQ(AVCPU_MP_STATE_RUNNABLE, mp_state(_metadata, w));
	/* Created powered off: RUN waits, with or without an entry. */
	vcpu_thread_start(v);
	expect_waiting(_metadata, v);
	expect_kick_eintr(_metadata, v);
	vcpu_set_guest_fn(v, guest_sync_done);
	vcpu_thread_start(v);
	expect_waiting(_metadata, v);
	expect_kick_eintr(_metadata, v);
	/* The VMM turns it on. */
	ASSERT_EQ(0, vcpu_set_mp_state(v, AVCPU_MP_STATE_RUNNABLE));
	EXPECT_EQ(AVCPU_MP_STATE_RUNNABLE, mp_state(_metadata, v));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0x5e7, ev.uc.args[0]);
	/* And off: RUN waits again. */
	ASSERT_EQ(0, vcpu_set_mp_state(v, AVCPU_MP_STATE_STOPPED));
	EXPECT_EQ(AVCPU_MP_STATE_STOPPED, mp_state(_metadata, v));
	vcpu_thread_start(v);
	expect_waiting(_metadata, v);
	expect_kick_eintr(_metadata, v);
	/* Turned on, it goes on where it stopped. */
	ASSERT_EQ(0, vcpu_set_mp_state(v, AVCPU_MP_STATE_RUNNABLE));
	ASSERT_UCALL(v, UCALL_DONE, &ev);
	/* A powered-on vCPU stopped by the VMM. */
	ASSERT_EQ(0, vcpu_set_mp_state(w, AVCPU_MP_STATE_STOPPED));
	vcpu_thread_start(w);
	expect_waiting(_metadata, w);
	expect_kick_eintr(_metadata, w);
	ASSERT_EQ(0, vcpu_set_mp_state(w, AVCPU_MP_STATE_RUNNABLE));
	ASSERT_UCALL(w, UCALL_SYNC, &ev);
}

static void guest_not_this(__u64 arg, __u64 context_id)
{
	GUEST_SYNC(0xbad);
	GUEST_DONE();
}

static void guest_on_then_done(void)
{
	GUEST_SYNC(guest_cpu_on(GUEST_MPIDR(1), guest_not_this, 0));
	GUEST_DONE();
}

/*
 * A CPU_ON whose target has not run yet is superseded by the VMM's own
 * SET_REGS: the VMM's registers win.
 */
TEST_F(psci, set_regs_supersedes_a_pending_cpu_on)
{
	struct gvcpu *a = vm_vcpu_add(self->vm, 0, guest_on_then_done);
	struct gvcpu *b = vm_vcpu_add(self->vm, 1, NULL);
	struct vcpu_event ev;

	ASSERT_UCALL(a, UCALL_SYNC, &ev);
	EXPECT_EQ(0, ev.uc.args[0]);
	EXPECT_EQ(AVCPU_MP_STATE_RUNNABLE, mp_state(_metadata, b));
	vcpu_set_guest_fn(b, guest_sync_done);
	ASSERT_UCALL(b, UCALL_SYNC, &ev);
	EXPECT_EQ(0x5e7, ev.uc.args[0]);
	ASSERT_UCALL(b, UCALL_DONE, &ev);
}

TEST_F(psci, mp_state_on_without_entry_enoexec)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, NULL);
	struct vcpu_event ev;

	ASSERT_EQ(0, vcpu_set_mp_state(v, AVCPU_MP_STATE_RUNNABLE));
	vcpu_run(v, &ev);
	EXPECT_EQ(ENOEXEC, ev.err);
}

TEST_F(psci, mp_state_einval)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_sync_done);
	struct avcpu_mp_state mp = { .mp_state = AVCPU_MP_STATE_STOPPED,
				     .reserved = 1 };
	const __u32 bad[] = { 2, 3, 0x80000000, ~0U };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		EXPECT_EQ(-EINVAL, vcpu_set_mp_state(v, bad[i]));
	EXPECT_EQ(-1, ioctl(v->fd, AVCPU_SET_MP_STATE, &mp));
	EXPECT_EQ(EINVAL, errno);
	mp.mp_state = AVCPU_MP_STATE_RUNNABLE;
	mp.reserved = 0x80000000;
	EXPECT_EQ(-1, ioctl(v->fd, AVCPU_SET_MP_STATE, &mp));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(v->fd, AVCPU_SET_MP_STATE, 8));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(v->fd, AVCPU_GET_MP_STATE, 8));
	EXPECT_EQ(EFAULT, errno);
	/* Nothing changed. */
	EXPECT_EQ(AVCPU_MP_STATE_RUNNABLE, mp_state(_metadata, v));
}

static void guest_cpu_suspend(void)
{
	GUEST_SYNC(hvc0(PSCI_CPU_SUSPEND64, 0x10000, 0x1000, 0x55));
	GUEST_SYNC(hvc0(PSCI_CPU_SUSPEND, 0, 0, 0));
	GUEST_DONE();
}

TEST_F(psci, cpu_suspend_sleeps_as_wfi)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_cpu_suspend);
	unsigned long wfi = exit_count("wfi"), psci = exit_count("psci");
	struct vcpu_event ev;
	int i;

	for (i = 0; i < 2; i++) {
		vcpu_thread_start(v);
		expect_waiting(_metadata, v);
		expect_kick_eintr(_metadata, v);
		EXPECT_EQ(AVCPU_MP_STATE_RUNNABLE, mp_state(_metadata, v));
		ASSERT_UCALL(v, UCALL_SYNC, &ev);
		EXPECT_EQ(0, ev.uc.args[0]);
	}
	/* Counted as the WFIs they are, not as other PSCI calls. */
	EXPECT_EQ(wfi + 2, exit_count("wfi"));
	EXPECT_EQ(psci, exit_count("psci"));
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

/* The system call @fid (x1, x2), then what x0 came back as. */
static void guest_system_call(__u64 fid, __u64 x1, __u64 x2, __u64 smc)
{
	struct smccc_res res;

	if (smc)
		smccc_smc(fid, x1, x2, 0, &res);
	else
		smccc_hvc(fid, x1, x2, 0, &res);
	GUEST_SYNC(res.a0);
	GUEST_DONE();
}

static const struct {
	__u64 fid, x1, x2;
	int smc;
	__u32 type, flags, reset_type;
	__u64 cookie;
} system_calls[] = {
	{ PSCI_SYSTEM_OFF, 0x11, 0x22, 0, AVCPU_SYSTEM_EVENT_SHUTDOWN, 0, 0, 0 },
	{ PSCI_SYSTEM_OFF, 0, 0, 1, AVCPU_SYSTEM_EVENT_SHUTDOWN, 0, 0, 0 },
	{ PSCI_SYSTEM_RESET, 0x11, 0x22, 0, AVCPU_SYSTEM_EVENT_RESET, 0, 0, 0 },
	{ PSCI_SYSTEM_RESET, 0, 0, 1, AVCPU_SYSTEM_EVENT_RESET, 0, 0, 0 },
	{ PSCI_SYSTEM_RESET2_64, 0x80000001, 0xdeadbeefcafe, 0,
	  AVCPU_SYSTEM_EVENT_RESET, AVCPU_SYSTEM_EVENT_RESET2, 0x80000001,
	  0xdeadbeefcafe },
	{ PSCI_SYSTEM_RESET2_64, 0, 0x1234, 1, AVCPU_SYSTEM_EVENT_RESET,
	  AVCPU_SYSTEM_EVENT_RESET2, 0, 0x1234 },
	/* SMC32: W1 and W2. */
	{ PSCI_SYSTEM_RESET2, GARBAGE | 0xffffffff, GARBAGE | 0x5678, 0,
	  AVCPU_SYSTEM_EVENT_RESET, AVCPU_SYSTEM_EVENT_RESET2, 0xffffffff,
	  0x5678 },
	{ PSCI_SYSTEM_RESET2, 0x100000000UL, 0, 1, AVCPU_SYSTEM_EVENT_RESET,
	  AVCPU_SYSTEM_EVENT_RESET2, 0, 0 },
	/* SMC64 too: reset_type is a 32-bit parameter (W1 = 0 here). */
	{ PSCI_SYSTEM_RESET2_64, 0xffffffff00000000UL, 0x99, 0,
	  AVCPU_SYSTEM_EVENT_RESET, AVCPU_SYSTEM_EVENT_RESET2, 0, 0x99 },
};

TEST_F(psci, system_event_payload)
{
	struct vcpu_event ev;
	struct avcpu_regs r;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(system_calls); i++) {
		struct gvm *vm = vm_create();
		struct gvcpu *v = vm_vcpu_add(vm, 3, guest_system_call);

		TH_LOG("case %u: fid %#llx x1 %#llx", i, system_calls[i].fid,
		       system_calls[i].x1);
		vcpu_args_set(v, 4, system_calls[i].fid, system_calls[i].x1,
			      system_calls[i].x2, (__u64)system_calls[i].smc);
		vcpu_run(v, &ev);
		ASSERT_EQ(0, ev.err);
		ASSERT_EQ(AVCPU_EXIT_SYSTEM_EVENT, ev.run.exit_reason) {
			char msg[400];

			vcpu_event_str(v, &ev, msg, sizeof(msg));
			TH_LOG("%s", msg);
		}
		EXPECT_EQ(system_calls[i].type, ev.run.system_event.type);
		EXPECT_EQ(system_calls[i].flags, ev.run.system_event.flags);
		EXPECT_EQ(system_calls[i].reset_type,
			  ev.run.system_event.reset_type);
		EXPECT_EQ(system_calls[i].cookie, ev.run.system_event.cookie);
		EXPECT_EQ(3, ev.run.system_event.source_vcpu);
		vcpu_get_regs(v, &r);
		EXPECT_EQ(PSCI_RET_INTERNAL_FAILURE, r.x[0]);
		EXPECT_EQ(system_calls[i].smc ? SMC0_INSN : HVC0_INSN,
			  *(__u32 *)(r.elr - 4));
		EXPECT_EQ(AVCPU_MP_STATE_STOPPED, mp_state(_metadata, v));
		/* Stopped: RUN waits. */
		vcpu_thread_start(v);
		expect_waiting(_metadata, v);
		expect_kick_eintr(_metadata, v);
		/* The VMM may resume the caller: x0 = -6. */
		ASSERT_EQ(0, vcpu_set_mp_state(v, AVCPU_MP_STATE_RUNNABLE));
		ASSERT_UCALL(v, UCALL_SYNC, &ev);
		EXPECT_EQ(PSCI_RET_INTERNAL_FAILURE, ev.uc.args[0]);
		vm_destroy(vm);
	}
}

static void guest_reset2_invalid(void)
{
	struct smccc_res res;

	smccc_hvc(PSCI_SYSTEM_RESET2_64, 1, 0, 0, &res);
	GUEST_ASSERT_EQ(res.a0, PSCI_RET_INVALID_PARAMS);
	smccc_smc(PSCI_SYSTEM_RESET2_64, 0x7fffffff, 0, 0, &res);
	GUEST_ASSERT_EQ(res.a0, PSCI_RET_INVALID_PARAMS);
	smccc_hvc(PSCI_SYSTEM_RESET2_64, 0x7fffffffUL | GARBAGE, 0, 0, &res);
	GUEST_ASSERT_EQ(res.a0, PSCI_RET_INVALID_PARAMS);
	smccc_hvc(PSCI_SYSTEM_RESET2, GARBAGE | 0x10, 0, 0, &res);
	GUEST_ASSERT_EQ(res.a0, PSCI_RET_INVALID_PARAMS);
	GUEST_SYNC(1);
	GUEST_DONE();
}

TEST_F(psci, system_reset2_invalid_type)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_reset2_invalid);
	unsigned long t2 = exit_count("t2");
	struct vcpu_event ev;

	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(t2 + 1, exit_count("t2"));
	EXPECT_EQ(AVCPU_MP_STATE_RUNNABLE, mp_state(_metadata, v));
}

static void guest_spin(void)
{
	GUEST_SYNC(1);
	for (;;)
		cpu_relax();
}

static void guest_wfi_loop(void)
{
	GUEST_SYNC(2);
	for (;;)
		wfi();
}

static void guest_reset2_caller(void)
{
	hvc0(PSCI_SYSTEM_RESET2_64, 0x80000000, 0x42, 0);
	GUEST_DONE();
}

TEST_F(psci, system_event_reaches_every_vcpu)
{
	struct gvcpu *caller = vm_vcpu_add(self->vm, 0, guest_reset2_caller);
	struct gvcpu *v[4];
	struct vcpu_event ev;
	int i;

	v[0] = vm_vcpu_add(self->vm, 1, guest_spin);
	v[1] = vm_vcpu_add(self->vm, 2, guest_wfi_loop);
	v[2] = vm_vcpu_add(self->vm, 3, NULL);			/* powered off */
	v[3] = vm_vcpu_add(self->vm, 4, guest_sync_done);	/* not in RUN */
	for (i = 0; i < 3; i++)
		vcpu_thread_start(v[i]);
	ASSERT_THREAD_UCALL(v[0], UCALL_SYNC, &ev);
	ASSERT_THREAD_UCALL(v[1], UCALL_SYNC, &ev);
	/* Spinning, in WFI, waiting powered off. */
	for (i = 0; i < 3; i++)
		expect_waiting(_metadata, v[i]);

	vcpu_run(caller, &ev);
	ASSERT_EQ(AVCPU_EXIT_SYSTEM_EVENT, ev.run.exit_reason);
	for (i = 0; i < 4; i++) {
		struct vcpu_event e;

		if (i < 3) {
			ASSERT_EQ(0, vcpu_event_wait(v[i], &e, 5000)) {
				TH_LOG("vCPU %u: no exit", v[i]->id);
			}
			vcpu_thread_join(v[i]);
		} else {
			vcpu_run(v[i], &e);
		}
		EXPECT_EQ(0, e.err);
		ASSERT_EQ(AVCPU_EXIT_SYSTEM_EVENT, e.run.exit_reason) {
			char msg[400];

			vcpu_event_str(v[i], &e, msg, sizeof(msg));
			TH_LOG("%s", msg);
		}
		EXPECT_EQ(0, memcmp(&ev.run.system_event, &e.run.system_event,
				    sizeof(e.run.system_event)));
	}
	EXPECT_EQ(AVCPU_SYSTEM_EVENT_RESET, ev.run.system_event.type);
	EXPECT_EQ(AVCPU_SYSTEM_EVENT_RESET2, ev.run.system_event.flags);
	EXPECT_EQ(0x80000000, ev.run.system_event.reset_type);
	EXPECT_EQ(0x42, ev.run.system_event.cookie);
	EXPECT_EQ(0, ev.run.system_event.source_vcpu);
	EXPECT_EQ(AVCPU_MP_STATE_STOPPED, mp_state(_metadata, caller));
	for (i = 0; i < 4; i++)
		EXPECT_EQ(AVCPU_MP_STATE_STOPPED, mp_state(_metadata, v[i]));
	/* Once: the next RUN of each waits, powered off. */
	for (i = 0; i < 4; i++)
		vcpu_thread_start(v[i]);
	for (i = 0; i < 4; i++) {
		expect_waiting(_metadata, v[i]);
		expect_kick_eintr(_metadata, v[i]);
	}
}

TEST_HARNESS_MAIN
