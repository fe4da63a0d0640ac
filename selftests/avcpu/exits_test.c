// SPDX-License-Identifier: GPL-2.0
/*
 * Every class of exit a guest can cause, field by field (issue #9):
 * instruction aborts on unmapped and no-execute IPAs and on the guest's
 * own stage-1 walk, data aborts without a syndrome (NISV: ldp, stp,
 * writeback and SIMD structure forms), each turned into the guest's own
 * data abort by an injected exception, trapped instructions avcpu has no
 * exit of its own for (a raw exception exit the VMM can emulate), and
 * what never exits: the guest's own PC-alignment and illegal-state exceptions, and
 * host interrupts.
 *
 * Needs avcpu.ko in $AVCPU_MODDIR (default /avcpu).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "guest_lib.h"
#include "avcpu_util.h"
#include "guest_report.h"

#define PAGE		4096UL
/* Mapped Normal and executable by the guest's stage 1, not by stage 2. */
#define NOWHERE		(GUEST_RAM_IPA + 0x400000)
/* Device memory at stage 1, nothing at stage 2. */
#define MMIO_VA		0x09000000UL
/* A GiB the library's stage 1 does not map: the guest maps it itself. */
#define WALK_VA		0xc0000000UL

#define EC_IABT_LOW	0x20
#define EC_DABT_LOW	0x24
#define EC_DABT_CUR	0x25
#define BIT(n)		(1UL << (n))
#define ESR_IL		BIT(25)
#define ESR_WNR		BIT(6)
#define ESR_S1PTW	BIT(7)
#define FSC_TYPE(esr)	((esr) & 0x3c)
#define FSC_TRANS	0x04
#define FSC_PERM	0x0c

/* mov x0, #42; ret */
static const __u32 code_42[] = { 0xd2800540, 0xd65f03c0 };

FIXTURE(exits) {
	struct gvm *vm;
	void *page;
};

FIXTURE_SETUP(exits)
{
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	self->vm = vm_create();
	self->page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->page);
	memcpy(self->page, code_42, sizeof(code_42));
}

FIXTURE_TEARDOWN(exits)
{
	vm_destroy(self->vm);
	munmap(self->page, PAGE);
}

static int map(struct gvm *vm, __u64 ipa, void *host, __u64 size,
	       __u32 flags)
{
	struct avcpu_memory_region m = {
		.guest_phys_addr = ipa,
		.size = size,
		.userspace_addr = (__u64)host,
		.flags = flags,
	};

	return ioctl(vm->fd, AVCPU_SET_MEMORY_REGION, &m) ? -errno : 0;
}

static void guest_call(__u64 addr)
{
	__u64 (*fn)(void) = (__u64 (*)(void))addr;

	GUEST_SYNC(fn());
	GUEST_DONE();
}

/* @ev must be the abort exit @reason with exactly these fields. */
static void check_abort(struct __test_metadata *_metadata, struct gvcpu *v,
			const struct vcpu_event *ev, __u32 reason, __u64 ipa,
			__u64 far, __u64 pc, __u64 ec, __u32 fault,
			__u32 flags)
{
	const struct avcpu_run *r = &ev->run;
	char msg[512];

	vcpu_event_str(v, ev, msg, sizeof(msg));
	ASSERT_EQ(0, ev->err);
	ASSERT_EQ(reason, r->exit_reason)
		TH_LOG("%s", msg);
	EXPECT_EQ(ipa, r->abort.ipa);
	EXPECT_EQ(far, r->abort.far);
	EXPECT_EQ(pc, r->abort.pc);
	EXPECT_EQ(ec, r->abort.esr >> 26);
	EXPECT_EQ(ESR_IL, r->abort.esr & ESR_IL);
	EXPECT_EQ(fault, r->abort.fault);
	EXPECT_EQ(flags, r->abort.flags);
}

/* An ASSERT in check_abort() ends the test (the harness longjmp()s). */
#define ASSERT_ABORT(ev, ...)	check_abort(_metadata, v, ev, __VA_ARGS__)

/*
 * A fetch from an IPA with nothing mapped: the instruction does not run,
 * the same exit comes back until the VMM maps something, and then the
 * guest runs what it mapped.
 */
TEST_F(exits, insn_abort_unmapped_then_mapped)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_call);
	__u64 before = exit_count("insn_abort");
	struct vcpu_event ev;
	int i;

	vcpu_args_set(v, 1, NOWHERE);
	for (i = 0; i < 2; i++) {
		vcpu_run(v, &ev);
		ASSERT_ABORT(&ev, AVCPU_EXIT_INSN_ABORT, NOWHERE, NOWHERE,
			     NOWHERE, EC_IABT_LOW, AVCPU_FAULT_TRANSLATION, 0);
		EXPECT_EQ(FSC_TRANS, FSC_TYPE(ev.run.abort.esr));
		EXPECT_EQ(0, ev.run.abort.esr & ESR_S1PTW);
	}
	EXPECT_EQ(before + 2, exit_count("insn_abort"));
	ASSERT_EQ(0, map(self->vm, NOWHERE, self->page, PAGE, 0));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(42, ev.uc.args[0]);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

/* A fetch from a no-execute region: a permission fault, same fields. */
TEST_F(exits, insn_abort_noexec)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_call);
	struct vcpu_event ev;

	ASSERT_EQ(0, map(self->vm, NOWHERE, self->page, PAGE,
			 AVCPU_MEM_NOEXEC));
	vcpu_args_set(v, 1, NOWHERE + 8);
	memcpy((char *)self->page + 8, code_42, sizeof(code_42));
	vcpu_run(v, &ev);
	ASSERT_ABORT(&ev, AVCPU_EXIT_INSN_ABORT, NOWHERE + 8, NOWHERE + 8,
		     NOWHERE + 8, EC_IABT_LOW, AVCPU_FAULT_PERMISSION, 0);
	EXPECT_EQ(FSC_PERM, FSC_TYPE(ev.run.abort.esr));
	/* Executable again: the guest runs it. */
	ASSERT_EQ(0, map(self->vm, NOWHERE, NULL, 0, 0));
	ASSERT_EQ(0, map(self->vm, NOWHERE, self->page, PAGE, 0));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(42, ev.uc.args[0]);
}

GUEST_ASM_ENTRY(walk_load);

/*
 * The guest points its own stage 1 for WALK_VA at a table in an IPA with
 * nothing mapped: a load there and a fetch there fault on the walk
 * (S1PTW), as NISV and instruction-abort exits naming the table's page.
 */
static void guest_walk(__u64 table_ipa)
{
	__u64 *l1 = (__u64 *)GUEST_PT_IPA;
	__u64 val = 0;

	WRITE_ONCE(l1[WALK_VA >> 30], table_ipa | 3);
	/* The descriptor before the walk, no stale translation. */
	asm volatile("dsb ishst\n\ttlbi vmalle1\n\tdsb ish\n\tisb" : : :
		     "memory");
	asm volatile(".globl walk_load\n"
		     "walk_load:\n\t"
		     "ldr %0, [%1]" : "+r" (val) : "r" (WALK_VA + 0x10) :
		     "memory");
	GUEST_SYNC(val);
	((void (*)(void))WALK_VA)();
	GUEST_DONE();
}

TEST_F(exits, walk_faults_s1ptw)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_walk);
	struct vcpu_event ev;
	struct avcpu_regs r;

	vcpu_args_set(v, 1, NOWHERE);
	vcpu_run(v, &ev);
	ASSERT_ABORT(&ev, AVCPU_EXIT_NISV, NOWHERE, WALK_VA + 0x10,
		     (__u64)walk_load, EC_DABT_LOW, AVCPU_FAULT_TRANSLATION,
		     AVCPU_ABORT_S1PTW);
	EXPECT_EQ(ESR_S1PTW, ev.run.abort.esr & ESR_S1PTW);
	/* The VMM emulates the load itself: the guest sees its value. */
	vcpu_get_regs(v, &r);
	r.elr += 4;
	/* The compiler picked the register: find it in the ldr. */
	r.x[*(__u32 *)walk_load & 0x1f] = 0x5a5a;
	vcpu_set_regs(v, &r);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0x5a5a, ev.uc.args[0]);
	vcpu_run(v, &ev);
	ASSERT_ABORT(&ev, AVCPU_EXIT_INSN_ABORT, NOWHERE, WALK_VA, WALK_VA,
		     EC_IABT_LOW, AVCPU_FAULT_TRANSLATION, AVCPU_ABORT_S1PTW);
}

/* What the guest's data-abort handler saw, for the host. */
static __u64 dabt_esr, dabt_far, dabt_elr;

static void handle_dabt(struct ex_regs *regs)
{
	dabt_esr = read_sysreg(esr_el1);
	dabt_far = read_sysreg(far_el1);
	dabt_elr = regs->pc;
	regs->pc += 4;			/* as a driver that gives up on it */
}

#define REPORT_DABT()	GUEST_SYNC_ARGS(dabt_esr, dabt_far, dabt_elr)

/* The accesses' labels, in guest_nisv()'s inline assembly. */
GUEST_ASM_ENTRY(nisv_ldp);
GUEST_ASM_ENTRY(nisv_stp);
GUEST_ASM_ENTRY(nisv_post);
GUEST_ASM_ENTRY(nisv_pre);
GUEST_ASM_ENTRY(nisv_ld1);

/*
 * Accesses whose syndrome does not describe them (ISV 0) to an address
 * with no memory: each is a NISV exit, never a decoded MMIO; the VMM
 * injects a data abort with the exit's FAR.  None of them executed, so
 * the writeback forms left their base register as it was.
 */
static void guest_nisv(__u64 addr)
{
	__u64 base = addr;

	asm volatile(".globl nisv_ldp\nnisv_ldp:\n\tldp x0, x1, [%0]"
		     : : "r" (base) : "x0", "x1", "memory");
	REPORT_DABT();
	asm volatile(".globl nisv_stp\nnisv_stp:\n\tstp xzr, xzr, [%0, #8]"
		     : : "r" (base) : "memory");
	REPORT_DABT();
	asm volatile(".globl nisv_post\nnisv_post:\n\tldr x0, [%0], #16"
		     : "+r" (base) : : "x0", "memory");
	REPORT_DABT();
	asm volatile(".globl nisv_pre\nnisv_pre:\n\tstr xzr, [%0, #32]!"
		     : "+r" (base) : : "memory");
	REPORT_DABT();
	asm volatile(".globl nisv_ld1\nnisv_ld1:\n\tld1 {v0.16b}, [%0]"
		     : : "r" (base) : "v0", "memory");
	REPORT_DABT();
	GUEST_SYNC(base);
	GUEST_DONE();
}

TEST_F(exits, nisv_then_injected_dabt)
{
	static const struct {
		const char *pc;
		__u64 off;
		bool write;
	} acc[] = {
		{ nisv_ldp, 0, false },
		{ nisv_stp, 8, true },
		{ nisv_post, 0, false },
		{ nisv_pre, 32, true },
		{ nisv_ld1, 0, false },
	};
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_nisv);
	__u64 mmio = exit_count("mmio"), nisv = exit_count("nisv");
	struct vcpu_event ev;
	unsigned int i;

	vm_install_sync_handler(self->vm, VECTOR_SYNC_CURRENT, EC_DABT_CUR,
				handle_dabt);
	vcpu_args_set(v, 1, MMIO_VA);
	for (i = 0; i < ARRAY_SIZE(acc); i++) {
		__u64 addr = MMIO_VA + acc[i].off;
		struct avcpu_inject inj = {
			.type = AVCPU_INJECT_DABT,
			.fsc = AVCPU_FSC_EXTERNAL,
		};

		TH_LOG("access %u", i);
		vcpu_run(v, &ev);
		ASSERT_ABORT(&ev, AVCPU_EXIT_NISV, addr, addr,
			     (__u64)acc[i].pc, EC_DABT_LOW,
			     AVCPU_FAULT_TRANSLATION,
			     acc[i].write ? AVCPU_ABORT_WRITE : 0);
		EXPECT_EQ(0, ev.run.abort.esr & BIT(24));	/* ISV */
		EXPECT_EQ(acc[i].write ? ESR_WNR : 0,
			  ev.run.abort.esr & ESR_WNR);
		inj.far = ev.run.abort.far;
		if (acc[i].write)
			inj.flags = AVCPU_INJECT_WRITE;
		ASSERT_EQ(0, ioctl(v->fd, AVCPU_INJECT_EXCEPTION, &inj));
		ASSERT_UCALL(v, UCALL_SYNC, &ev);
		/* EC 0x25 (from EL1), IL, ISV 0, WnR, external abort. */
		EXPECT_EQ(0x96000010 | (acc[i].write ? ESR_WNR : 0),
			  ev.uc.args[0]);
		EXPECT_EQ(addr, ev.uc.args[1]);
		EXPECT_EQ((__u64)acc[i].pc, ev.uc.args[2]);
	}
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(MMIO_VA, ev.uc.args[0]);
	EXPECT_EQ(mmio, exit_count("mmio"));
	EXPECT_EQ(nisv + ARRAY_SIZE(acc), exit_count("nisv"));
}

GUEST_ASM_ENTRY(sve_rdvl);

#define CPACR_ZEN	(3UL << 16)

static __u64 sve_undef;

/* No SVE: rdvl is the guest's own undefined instruction. */
static void handle_sve_undef(struct ex_regs *regs)
{
	sve_undef = 1;
	regs->pc += 4;
}

/*
 * A trapped instruction avcpu neither emulates nor has an exit of its own
 * for (SVE with CPTR_EL2.TZ: EC 0x19, the guest's own CPACR_EL1.ZEN open
 * so that the EL2 trap is the one taken) is a raw exception exit with the
 * exact syndrome and no FAR or IPA; the VMM may step over it.
 */
static void guest_sve(void)
{
	__u64 val;

	write_sysreg(GUEST_CPACR | CPACR_ZEN, cpacr_el1);
	isb();
	asm volatile("mov x5, #0x41\n"
		     ".globl sve_rdvl\nsve_rdvl:\n\t.inst 0x04bf5025\n\t"
		     "mov %0, x5" : "=r" (val) : : "x5");
	GUEST_SYNC_ARGS(val, sve_undef);
	GUEST_DONE();
}

/*
 * Every EC a guest can raise at EL2 has its exit (or an answer) but the
 * traps of features the CPU has and the guest does not get: SVE, SME,
 * pointer authentication, MTE tags (ATA only traps EC 0x18, a SYSREG
 * exit).  Cortex-A72 (Armv8.0) has none of them, and every trap avcpu
 * sets up on it is answered (WFx, SMCCC, TVM/TSW/TID2/debug/PMU/LOR) or
 * has its own exit (aborts, SYSREG, debug); its AArch32 EL0 accesses
 * (EC 0x03..0x0c) reach EL2 only through traps QEMU 7.2 does not model
 * (TIDCP) or after the guest's own EL1 trap (PMUSERENR, MDSCR_EL1.TDCC).
 */
TEST_F(exits, untrapped_ec_is_exception_exit)
{
	struct gvcpu *v;
	struct vcpu_event ev;
	struct avcpu_regs r;

	vm_install_sync_handler(self->vm, VECTOR_SYNC_CURRENT, 0,
				handle_sve_undef);
	v = vm_vcpu_add(self->vm, 0, guest_sve);
	vcpu_run(v, &ev);
	if (ev.run.exit_reason != AVCPU_EXIT_EXCEPTION) {
		ASSERT_EVENT_UCALL(v, &ev, UCALL_SYNC);
		ASSERT_EQ(1, ev.uc.args[1]);
		SKIP(return,
		     "no SVE: no instruction reaches EL2 without an exit of its own (see above)");
	}
	ASSERT_EQ(AVCPU_EXIT_EXCEPTION, ev.run.exit_reason);
	/* EC 0x19, IL, ISS 0. */
	EXPECT_EQ(0x66000000, ev.run.exception.esr);
	EXPECT_EQ(0x19, ev.run.exception.ec);
	EXPECT_EQ(0, ev.run.exception.far);
	EXPECT_EQ(0, ev.run.exception.ipa);
	EXPECT_EQ(0, ev.run.exception.ipa_valid);
	EXPECT_EQ((__u64)sve_rdvl, ev.run.exception.pc);
	vcpu_get_regs(v, &r);
	EXPECT_EQ(0x41, r.x[5]);
	r.x[5] = 0x42;
	r.elr += 4;
	vcpu_set_regs(v, &r);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0x42, ev.uc.args[0]);
}

static __u64 own_esr, own_far, own_elr, own_spsr;

static void handle_own(struct ex_regs *regs)
{
	own_esr = read_sysreg(esr_el1);
	own_far = read_sysreg(far_el1);
	own_elr = regs->pc;
	own_spsr = regs->pstate;
}

/* PC alignment: back to the caller of the misaligned branch. */
static void handle_pc_align(struct ex_regs *regs)
{
	handle_own(regs);
	regs->pc = regs->regs[30];
}

/* Illegal state: run the instruction again with PSTATE.IL clear. */
static void handle_illegal(struct ex_regs *regs)
{
	handle_own(regs);
	regs->pstate &= ~(1UL << 20);
}

GUEST_ASM_ENTRY(illegal_target);

static void guest_own_exceptions(void)
{
	__u64 target = (__u64)guest_call + 2;

	/* A branch to a misaligned address: EC 0x22 at the target. */
	asm volatile("blr %0" : : "r" (target) : "x30", "memory");
	GUEST_SYNC_ARGS(own_esr, own_far, own_elr, own_spsr,
			read_sysreg(id_aa64pfr1_el1));
	/*
	 * An exception return to EL2 from EL1 is illegal: PSTATE.IL is set,
	 * the PC is the target and the EL stays EL1h; the target then takes
	 * an Illegal Execution state exception (EC 0x0e) at EL1.
	 */
	asm volatile("adr x0, illegal_target\n\t"
		     "msr elr_el1, x0\n\t"
		     "mov x0, #0x3c9\n\t"	/* EL2h, DAIF masked */
		     "msr spsr_el1, x0\n\t"
		     "eret\n"
		     ".globl illegal_target\n"
		     "illegal_target:\n\t"
		     "nop" : : : "x0", "memory");
	GUEST_SYNC_ARGS(own_esr, own_elr, own_spsr);
	GUEST_DONE();
}

/*
 * Exceptions the architecture takes to the guest's EL1 are the guest's:
 * no exit, EL2 neither sees nor loops on them.
 */
TEST_F(exits, pc_align_and_illegal_state_are_the_guests)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_own_exceptions);
	__u64 exc = exit_count("exception"), t2 = exit_count("t2");
	struct vcpu_event ev;
	__u64 btype;

	vm_install_sync_handler(self->vm, VECTOR_SYNC_CURRENT, 0x22,
				handle_pc_align);
	vm_install_sync_handler(self->vm, VECTOR_SYNC_CURRENT, 0x0e,
				handle_illegal);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	/*
	 * With FEAT_BTI (the guest's ID_AA64PFR1_EL1.BT) a blr leaves
	 * PSTATE.BTYPE 0b10 at its target.
	 */
	btype = ev.uc.args[4] & 0xf ? 2UL << 10 : 0;
	EXPECT_EQ(0x22UL << 26 | ESR_IL, ev.uc.args[0]);
	EXPECT_EQ((__u64)guest_call + 2, ev.uc.args[1]);
	EXPECT_EQ((__u64)guest_call + 2, ev.uc.args[2]);
	EXPECT_EQ(SPSR_EL1H_DAIF | btype, ev.uc.args[3]);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0x0eUL << 26 | ESR_IL, ev.uc.args[0]);
	EXPECT_EQ((__u64)illegal_target, ev.uc.args[1]);
	EXPECT_EQ(SPSR_EL1H_DAIF | (1UL << 20), ev.uc.args[2]);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
	EXPECT_EQ(exc, exit_count("exception"));
	EXPECT_EQ(t2 + 3, exit_count("t2"));	/* the three ucalls */
}

/* A misaligned PC the VMM set: back to the function it is 2 bytes into. */
static void handle_pc_align_vmm(struct ex_regs *regs)
{
	handle_own(regs);
	regs->pc -= 2;
}

static void guest_sync_own(void)
{
	GUEST_SYNC_ARGS(own_esr, own_far, own_elr, own_spsr);
	GUEST_DONE();
}

/*
 * A PC the VMM sets is not checked for alignment (as on KVM): the eret
 * takes the guest there and its first fetch is a PC alignment fault at
 * its own EL1 vector, not an exit.
 */
TEST_F(exits, misaligned_pc_from_vmm_is_the_guests)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_sync_own);
	__u64 exc = exit_count("exception");
	struct vcpu_event ev;
	struct avcpu_regs r;

	vm_install_sync_handler(self->vm, VECTOR_SYNC_CURRENT, 0x22,
				handle_pc_align_vmm);
	vcpu_get_regs(v, &r);
	r.elr = (__u64)guest_sync_own + 2;
	vcpu_set_regs(v, &r);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0x22UL << 26 | ESR_IL, ev.uc.args[0]);
	EXPECT_EQ((__u64)guest_sync_own + 2, ev.uc.args[1]);
	EXPECT_EQ((__u64)guest_sync_own + 2, ev.uc.args[2]);
	EXPECT_EQ(SPSR_EL1H_DAIF, ev.uc.args[3]);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
	EXPECT_EQ(exc, exit_count("exception"));
}

static void guest_two_reads(void)
{
	__u32 a = mmio_read32(MMIO_VA), b = mmio_read32(MMIO_VA + 4);

	GUEST_SYNC_ARGS(a, b);
	GUEST_DONE();
}

/*
 * Registers written back at the same PC (a debugger stub syncing its
 * view) leave an MMIO load for the next RUN to complete; a new PC (the
 * VMM emulating the load itself) drops the completion.
 */
TEST_F(exits, set_regs_and_pending_mmio)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_two_reads);
	struct vcpu_event ev;
	struct avcpu_regs r;

	vcpu_run(v, &ev);
	ASSERT_EQ(AVCPU_EXIT_MMIO, ev.run.exit_reason);
	EXPECT_EQ(MMIO_VA, ev.run.mmio.phys_addr);
	vcpu_get_regs(v, &r);
	vcpu_set_regs(v, &r);
	v->run->mmio.data = 0x1234;
	vcpu_run(v, &ev);
	ASSERT_EQ(AVCPU_EXIT_MMIO, ev.run.exit_reason);
	EXPECT_EQ(MMIO_VA + 4, ev.run.mmio.phys_addr);
	vcpu_get_regs(v, &r);
	r.x[ev.run.mmio.reg] = 0x77;
	r.elr += 4;
	vcpu_set_regs(v, &r);
	v->run->mmio.data = 0x5678;
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0x1234, ev.uc.args[0]);
	EXPECT_EQ(0x77, ev.uc.args[1]);
}

static void guest_spin(__u64 ms)
{
	__u64 end = guest_ms() + ms, n = 0;

	while (guest_ms() < end)
		n++;
	GUEST_SYNC(n != 0);
	GUEST_DONE();
}

/*
 * Host interrupts that arrive while the guest runs are the host's: each
 * ends the guest's slice, the host handles it, and the guest continues
 * without an exit to userspace (BRIEF section 4, rule 1).
 */
TEST_F(exits, host_interrupts_are_not_exits)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_spin);
	__u64 irq = exit_count("host_irq");
	struct vcpu_event ev;

	vcpu_args_set(v, 1, 300UL);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	EXPECT_LT(irq, exit_count("host_irq"));
	TH_LOG("%llu host interrupts ended a slice of the 300 ms spin",
	       (unsigned long long)(exit_count("host_irq") - irq));
}

TEST_HARNESS_MAIN
