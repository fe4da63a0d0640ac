// SPDX-License-Identifier: GPL-2.0
/*
 * The guest test library itself (guest_lib.h): guest C code runs with
 * the MMU on over the binary's own image, reports to the host (SYNC with
 * arguments and a host reply, ASSERT with file, line, expression and
 * values, DONE), every exception it takes is reported with its vector and
 * syndrome, FP/SIMD works, globals are per VM, several vCPUs run on their
 * own threads, and the CPU_ON entry stub turns a reset-state vCPU into a
 * library vCPU.
 *
 * Needs avcpu.ko in $AVCPU_MODDIR (default /avcpu).
 */
#include <signal.h>
#include <stdio.h>

#include "kselftest_harness.h"
#include "guest_lib.h"
#include "avcpu_util.h"

#define UNMAPPED_VA	0x4000000000UL	/* GiB 256: no level-1 entry */
#define MMIO_VA		0x09000000UL

static __u64 guest_global = 0x1111;

FIXTURE(glib) {
	struct gvm *vm;
};

FIXTURE_SETUP(glib)
{
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	self->vm = vm_create();
}

FIXTURE_TEARDOWN(glib)
{
	vm_destroy(self->vm);
}

static void guest_sync_args(__u64 a, __u64 b, __u64 c, __u64 d)
{
	__u64 reply = GUEST_SYNC_ARGS(a, b, c, d, a + b + c + d,
					 guest_global);

	GUEST_ASSERT_EQ(reply, 0x55aa);
	GUEST_SYNC(7);
	GUEST_DONE();
}

TEST_F(glib, sync_args_reply_done)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_sync_args);
	struct vcpu_event ev;
	struct avcpu_regs r;

	vcpu_args_set(v, 4, 1UL, 2UL, 3UL, 0x10UL);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(GUEST_UCALL_IMM, ev.run.hypercall.imm);
	EXPECT_EQ(0, ev.run.hypercall.is_smc);
	EXPECT_EQ(1, ev.uc.args[0]);
	EXPECT_EQ(2, ev.uc.args[1]);
	EXPECT_EQ(3, ev.uc.args[2]);
	EXPECT_EQ(0x10, ev.uc.args[3]);
	EXPECT_EQ(0x16, ev.uc.args[4]);
	EXPECT_EQ(0x1111, ev.uc.args[5]);
	/* The PC is past the hvc, in the guest function. */
	vcpu_get_regs(v, &r);
	EXPECT_EQ(0xd4000002 | (GUEST_UCALL_IMM << 5),
		  *(__u32 *)(r.elr - 4));
	v->run->hypercall.ret[0] = 0x55aa;
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(7, ev.uc.args[0]);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
	/* GUEST_DONE does not return. */
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

static void guest_assert_eq(void)
{
	__u64 ret = -2UL;

	GUEST_SYNC(__LINE__ + 1);
	GUEST_ASSERT_EQ(ret, 0);
	GUEST_DONE();
}

TEST_F(glib, assert_eq_message)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_assert_eq);
	struct vcpu_event ev;
	char msg[512], want[512];

	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	snprintf(want, sizeof(want),
		 "%s:%llu: GUEST_ASSERT_EQ(ret, 0) failed: 0xfffffffffffffffe != 0",
		 __FILE__, ev.uc.args[0]);
	vcpu_run(v, &ev);
	ASSERT_EQ(UCALL_ASSERT, ev.uc.kind);
	ASSERT_EQ(-1, vcpu_event_check(v, &ev, UCALL_DONE, msg, sizeof(msg)));
	EXPECT_STREQ(want, msg);
	/* It stays failed. */
	vcpu_run(v, &ev);
	EXPECT_EQ(UCALL_ASSERT, ev.uc.kind);
}

static void guest_assert(__u64 x)
{
	GUEST_SYNC(__LINE__ + 1);
	GUEST_ASSERT(x == 3);
	GUEST_DONE();
}

TEST_F(glib, assert_message)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_assert);
	struct vcpu_event ev;
	char msg[512], want[512];

	vcpu_args_set(v, 1, 4UL);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	snprintf(want, sizeof(want),
		 "%s:%llu: GUEST_ASSERT(x == 3) failed", __FILE__,
		 ev.uc.args[0]);
	vcpu_run(v, &ev);
	ASSERT_EQ(-1, vcpu_event_check(v, &ev, UCALL_DONE, msg, sizeof(msg)));
	EXPECT_STREQ(want, msg);
}

static void guest_fault(void)
{
	mmio_read64(UNMAPPED_VA);
	GUEST_DONE();
}

TEST_F(glib, unexpected_translation_fault)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_fault);
	struct vcpu_event ev;
	char msg[512];

	vcpu_run(v, &ev);
	ASSERT_EQ(UCALL_UNEXPECTED, ev.uc.kind) {
		vcpu_event_str(v, &ev, msg, sizeof(msg));
		TH_LOG("%s", msg);
	}
	EXPECT_EQ(4, ev.uc.args[0]);		/* sync, EL1h */
	/* EC 0x25 data abort same EL, level-1 translation fault (DFSC 5). */
	EXPECT_EQ(0x25, ev.uc.args[1] >> 26);
	EXPECT_EQ(0x05, ev.uc.args[1] & 0x3f);
	EXPECT_EQ(UNMAPPED_VA, ev.uc.args[3]);
	/* ELR: the load, inside guest_fault. */
	EXPECT_LE((__u64)guest_fault, ev.uc.args[2]);
	EXPECT_GT((__u64)guest_fault + 64, ev.uc.args[2]);
	ASSERT_EQ(-1, vcpu_event_check(v, &ev, UCALL_DONE, msg, sizeof(msg)));
	TH_LOG("reported as: %s", msg);
	EXPECT_NE(NULL, strstr(msg, "unexpected guest exception: vector 4"));
	EXPECT_NE(NULL, strstr(msg, "(sync EL1h), ESR_EL1 0x96000005 (EC 0x25)"));
}

static void guest_undef(void)
{
	asm volatile(".inst 0x00000000");	/* udf #0 */
	GUEST_DONE();
}

TEST_F(glib, unexpected_undef)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_undef);
	struct vcpu_event ev;

	vcpu_run(v, &ev);
	ASSERT_EQ(UCALL_UNEXPECTED, ev.uc.kind);
	EXPECT_EQ(4, ev.uc.args[0]);
	EXPECT_EQ(0x02000000, ev.uc.args[1]);	/* EC 0, IL */
	EXPECT_EQ(*(__u32 *)ev.uc.args[2], 0);
}

static __u64 handled_esr, handled_pc, handled_sp;

/* EC 0 at EL1h: step over the udf, change x0, clobber FP/SIMD. */
static void handle_undef(struct ex_regs *regs)
{
	handled_esr = read_sysreg(esr_el1);
	handled_pc = regs->pc;
	handled_sp = regs->sp;
	regs->regs[0] = 0x77;
	regs->pc += 4;
	asm volatile("movi v8.2d, #0" : : : "v8");
}

extern char glib_undef_site[];

static void guest_handled_undef(void)
{
	__u64 x0, x19, d8, sp;

	asm volatile("mov	x0, #1\n"
		     "mov	x19, #0x1919\n"
		     "fmov	d8, x19\n"
		     "mov	%3, sp\n"
		     ".globl	glib_undef_site\n"
		     "glib_undef_site:\n"
		     ".inst	0x00000000\n"	/* udf #0 */
		     "mov	%0, x0\n"
		     "mov	%1, x19\n"
		     "fmov	%2, d8\n"
		     : "=r" (x0), "=r" (x19), "=r" (d8), "=r" (sp)
		     : : "x0", "x19", "v8");
	GUEST_ASSERT_EQ(x0, 0x77);
	GUEST_ASSERT_EQ(x19, 0x1919);
	GUEST_ASSERT_EQ(d8, 0x1919);
	GUEST_ASSERT_EQ(handled_sp, sp);
	GUEST_SYNC_ARGS(handled_esr, handled_pc);
	GUEST_DONE();
}

/*
 * An installed handler takes the exception, sees where it came from,
 * and the guest resumes where it says, with every other register (FP
 * included) as it was; vectors without a handler still report.
 */
TEST_F(glib, exception_handler_resumes)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_handled_undef);
	struct vcpu_event ev;

	vm_install_sync_handler(self->vm, VECTOR_SYNC_CURRENT, 0x00,
				handle_undef);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0x02000000, ev.uc.args[0]);		/* EC 0, IL */
	EXPECT_EQ((__u64)glib_undef_site, ev.uc.args[1]);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

static void guest_other_ec(void)
{
	mmio_read64(UNMAPPED_VA);
	GUEST_DONE();
}

TEST_F(glib, exception_handler_other_ec_unexpected)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_other_ec);
	struct vcpu_event ev;

	vm_install_sync_handler(self->vm, VECTOR_SYNC_CURRENT, 0x00,
				handle_undef);
	vcpu_run(v, &ev);
	ASSERT_EQ(UCALL_UNEXPECTED, ev.uc.kind);
	EXPECT_EQ(VECTOR_SYNC_CURRENT, ev.uc.args[0]);
	EXPECT_EQ(0x96000005, ev.uc.args[1]);
	EXPECT_EQ(UNMAPPED_VA, ev.uc.args[3]);
}

static __u64 counter;

static void guest_mmu_state(void)
{
	__u64 sp, el, daif;

	asm volatile("mov %0, sp" : "=r" (sp));
	asm volatile("mrs %0, CurrentEL" : "=r" (el));
	asm volatile("mrs %0, daif" : "=r" (daif));
	GUEST_SYNC_ARGS(read_sysreg(sctlr_el1), read_sysreg(tcr_el1),
			read_sysreg(ttbr0_el1), read_sysreg(mair_el1),
			read_sysreg(vbar_el1), read_sysreg(cpacr_el1));
	GUEST_SYNC_ARGS(sp, el, daif, read_sysreg(mpidr_el1));
	counter += 5;
	mmio_write32(MMIO_VA, 0xabcd);
	GUEST_ASSERT_EQ(READ_ONCE(counter), 5);
	GUEST_ASSERT_EQ(mmio_read32(MMIO_VA + 4), 0x1234);
	GUEST_DONE();
}

TEST_F(glib, mmu_identity_map_mmio_globals)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 3, guest_mmu_state);
	__u64 stack_top = GUEST_STACK_BASE + 4 * GUEST_STACK_SIZE;
	struct vcpu_event ev;

	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(GUEST_SCTLR, ev.uc.args[0]);
	EXPECT_EQ(GUEST_TCR, ev.uc.args[1]);
	EXPECT_EQ(GUEST_PT_IPA, ev.uc.args[2]);
	EXPECT_EQ(GUEST_MAIR, ev.uc.args[3]);
	EXPECT_EQ((__u64)guest_vectors, ev.uc.args[4]);
	EXPECT_EQ(GUEST_CPACR, ev.uc.args[5]);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_GE(stack_top, ev.uc.args[0]);
	EXPECT_LT(stack_top - GUEST_STACK_SIZE, ev.uc.args[0]);
	EXPECT_EQ(1 << 2, ev.uc.args[1]);		/* EL1 */
	EXPECT_EQ(0x3c0, ev.uc.args[2]);		/* DAIF */
	EXPECT_EQ(0x80000003, ev.uc.args[3]);		/* GUEST_MPIDR(3) */
	/* Device memory: the store is an MMIO exit at that address. */
	vcpu_run(v, &ev);
	ASSERT_EQ(AVCPU_EXIT_MMIO, ev.run.exit_reason);
	EXPECT_EQ(MMIO_VA, ev.run.mmio.phys_addr);
	EXPECT_EQ(1, ev.run.mmio.is_write);
	EXPECT_EQ(4, ev.run.mmio.len);
	EXPECT_EQ(0xabcd, ev.run.mmio.data);
	vcpu_run(v, &ev);
	ASSERT_EQ(AVCPU_EXIT_MMIO, ev.run.exit_reason);
	EXPECT_EQ(MMIO_VA + 4, ev.run.mmio.phys_addr);
	EXPECT_EQ(0, ev.run.mmio.is_write);
	v->run->mmio.data = 0x1234;
	ASSERT_UCALL(v, UCALL_DONE, &ev);
	/* The guest changed its copy of the global, not the host's. */
	EXPECT_EQ(0, counter);
	EXPECT_EQ(5, *(__u64 *)addr_gva2hva(self->vm, (__u64)&counter));
}

static void guest_fp(void)
{
	double x = 1.5, y = 3.0;
	union { double d; __u64 bits; } z;

	/* Values the compiler cannot fold: FP/SIMD instructions run. */
	asm volatile("" : "+w" (x), "+w" (y));
	z.d = x * y + 0.25;

	GUEST_SYNC(z.bits);
	GUEST_DONE();
}

TEST_F(glib, fp_simd)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_fp);
	struct vcpu_event ev;
	union { double d; __u64 bits; } want = { .d = 4.75 };

	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(want.bits, ev.uc.args[0]);
}

static void guest_read_global(void)
{
	GUEST_SYNC(guest_global);
	GUEST_SYNC(guest_global);
	GUEST_DONE();
}

TEST_F(glib, sync_global_both_ways)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_read_global);
	struct vcpu_event ev;

	guest_global = 0x2222;
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0x1111, ev.uc.args[0]);	/* the copy at vm_create */
	sync_global_to_guest(self->vm, guest_global);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0x2222, ev.uc.args[0]);
	guest_global = 0;
	sync_global_from_guest(self->vm, guest_global);
	EXPECT_EQ(0x2222, guest_global);
	guest_global = 0x1111;
}

static void guest_report_cpu(__u64 id)
{
	__u64 sp;

	asm volatile("mov %0, sp" : "=r" (sp));
	GUEST_SYNC_ARGS(id, read_sysreg(mpidr_el1), sp);
	GUEST_SYNC_ARGS(id + 0x100);
}

TEST_F(glib, four_vcpus_own_threads)
{
	struct gvcpu *v[4];
	struct vcpu_event ev;
	int i;

	for (i = 0; i < 4; i++) {
		v[i] = vm_vcpu_add(self->vm, i, guest_report_cpu);
		vcpu_args_set(v[i], 1, (__u64)i);
	}
	for (i = 0; i < 4; i++)
		vcpu_thread_start(v[i]);
	for (i = 0; i < 4; i++) {
		__u64 top = GUEST_STACK_BASE + (i + 1) * GUEST_STACK_SIZE;

		ASSERT_THREAD_UCALL(v[i], UCALL_SYNC, &ev);
		EXPECT_EQ(i, ev.uc.args[0]);
		EXPECT_EQ(0x80000000UL | i, ev.uc.args[1]);
		EXPECT_GE(top, ev.uc.args[2]);
		EXPECT_LT(top - GUEST_STACK_SIZE, ev.uc.args[2]);
		ASSERT_THREAD_UCALL(v[i], UCALL_SYNC, &ev);
		EXPECT_EQ(i + 0x100, ev.uc.args[0]);
		/* Returning from the guest function is GUEST_DONE. */
		ASSERT_THREAD_UCALL(v[i], UCALL_DONE, &ev);
		vcpu_thread_join(v[i]);
	}
}

static void guest_secondary(__u64 arg, __u64 context)
{
	__u64 sp;

	asm volatile("mov %0, sp" : "=r" (sp));
	GUEST_SYNC_ARGS(arg, read_sysreg(sctlr_el1), read_sysreg(ttbr0_el1),
			read_sysreg(vbar_el1), read_sysreg(cpacr_el1), sp);
	GUEST_SYNC_ARGS(guest_global, context);
}

/* A vCPU in the state PSCI CPU_ON leaves it in, at the library's stub. */
static void reset_state_at_stub(struct gvcpu *v, __u64 context)
{
	struct avcpu_sysregs s;
	struct avcpu_regs r;
	__u64 pc = (__u64)guest_secondary_entry;

	vcpu_get_sysregs(v, &s);
	s.sctlr_el1 = SCTLR_EL1_RESET;
	s.ttbr0_el1 = 0;
	s.tcr_el1 = 0;
	s.mair_el1 = 0;
	s.vbar_el1 = 0;
	s.sp_el1 = 0;
	s.cpacr_el1 = 0;
	vcpu_set_sysregs(v, &s);
	vcpu_set_entry(v, pc);
	vcpu_get_regs(v, &r);
	memset(r.x, 0, sizeof(r.x));
	r.x[0] = context;
	r.elr = pc;
	r.spsr = SPSR_EL1H_DAIF;
	vcpu_set_regs(v, &r);
}

TEST_F(glib, secondary_entry_stub)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 2, guest_read_global);
	struct guest_cpu_slot *slot = addr_gva2hva(self->vm,
					(__u64)&guest_cpu_slots[2]);
	__u64 top = GUEST_STACK_BASE + 3 * GUEST_STACK_SIZE;
	struct vcpu_event ev;

	*(__u64 *)addr_gva2hva(self->vm, (__u64)&guest_global) = 0x77;
	slot->fn = (__u64)guest_secondary;
	slot->arg = 0xc0ffee;
	reset_state_at_stub(v, 2);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0xc0ffee, ev.uc.args[0]);
	EXPECT_EQ(GUEST_SCTLR, ev.uc.args[1]);
	EXPECT_EQ(GUEST_PT_IPA, ev.uc.args[2]);
	EXPECT_EQ((__u64)guest_vectors, ev.uc.args[3]);
	EXPECT_EQ(GUEST_CPACR, ev.uc.args[4]);
	EXPECT_GE(top, ev.uc.args[5]);
	EXPECT_LT(top - GUEST_STACK_SIZE, ev.uc.args[5]);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0x77, ev.uc.args[0]);
	EXPECT_EQ(2, ev.uc.args[1]);		/* the context id */
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

TEST_F(glib, secondary_entry_bad_context)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 1, guest_read_global);
	struct vcpu_event ev;

	reset_state_at_stub(v, GUEST_MAX_VCPUS);
	vcpu_run(v, &ev);
	ASSERT_EQ(UCALL_UNEXPECTED, ev.uc.kind);
	EXPECT_EQ(0xff, ev.uc.args[0]);
}

TEST_HARNESS_MAIN
