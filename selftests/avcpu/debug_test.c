// SPDX-License-Identifier: GPL-2.0
/*
 * Debug (Documentation/avcpu.rst, "Debugging a guest"):
 *  - the guest's own: brk, software step of its own EL1 code, hardware
 *    breakpoints and watchpoints reach its vectors with the exact
 *    ESR/ELR/FAR; its OS lock turns its debug exceptions (but brk) off;
 *  - the VMM's (AVCPU_SET_GUEST_DEBUG): a brk exit with its PC, a
 *    single-step sequence with every PC (across MMIO exits, calls
 *    answered at EL2 and a ucall), hardware breakpoint and watchpoint
 *    exits; a brk the VMM did not ask for still reaches the guest;
 *    turning it off gives the guest its registers back as it left them;
 *  - the host's breakpoint registers are what they were after guests
 *    used theirs (read on the CPU by the stubcall module);
 *  - every EINVAL of SET_GUEST_DEBUG.
 *
 * Needs avcpu.ko and avcpu_stubcall.ko in $AVCPU_MODDIR (default /avcpu).
 */
#include <sched.h>
#include <stdio.h>

#include "kselftest_harness.h"
#include "guest_lib.h"
#include "guest_report.h"
#include "debug_guest.h"

#ifndef BIT
#define BIT(n)		(1UL << (n))
#endif
#define MMIO_VA		0x09000000UL
#define MDSCR_SS	BIT(0)
#define MDSCR_KDE	BIT(13)
#define MDSCR_MDE	BIT(15)
#define SPSR_SS		BIT(21)
#define NZCV		0xf0000000UL
#define MDCR_TDE	BIT(8)
#define MDCR_TDA	BIT(9)

#define EC_BREAKPT_CUR	0x31
#define EC_SOFTSTP_CUR	0x33
#define EC_WATCHPT_CUR	0x35
#define EC_BRK64	0x3c

/*
 * Syndromes (ARM DDI 0487, ISS of debug exceptions): IL set, IFSC/DFSC
 * 0x22 (debug); software step ISV (bit 24) set when an instruction was
 * stepped, clear when the step exception came without one (after an
 * exception return in the active-pending state: the instruction before
 * it was an hvc, or completed by emulation); watchpoint WnR (bit 6).
 */
#define ESR_BRK		0xf2000123UL	/* EC 0x3c, comment 0x123 */
#define ESR_BP_CUR	0xc6000022UL
#define ESR_BP_LOW	0xc2000022UL
#define ESR_SS_CUR	0xcf000022UL	/* ISV */
#define ESR_SS_LOW	0xcb000022UL	/* ISV */
#define ESR_SS_LOW_NOI	0xca000022UL	/* no ISV */
#define ESR_WP_CUR_LD	0xd6000022UL
#define ESR_WP_CUR_ST	0xd6000062UL
#define ESR_WP_LOW_LD	0xd2000022UL

/* E, PMC 0b01 (EL1) or 0b11 (EL1 and EL0), BAS every byte. */
#define BCR_EL1		(1UL | (1UL << 1) | (0xfUL << 5))
#define BCR_EL1_EL0	(1UL | (3UL << 1) | (0xfUL << 5))
/* E, PAC as PMC, LSC load and store, BAS every byte. */
#define WCR_EL1		(1UL | (1UL << 1) | (3UL << 3) | (0xffUL << 5))
#define WCR_EL1_EL0	(1UL | (3UL << 1) | (3UL << 3) | (0xffUL << 5))

/*
 * Guest globals: what the guest's handlers saw (each VM its own).  The
 * guest reads them after calls into debug_guest.S, which the compiler
 * must assume change them.
 */
static __u64 wp_var = 0x1234;
static __u64 h_count, h_esr, h_elr, h_far, h_spsr;
static __u64 h_step_elr[4], h_step_esr[4];

static inline void debug_unmask(void)
{
	asm volatile("msr daifclr, #8" : : : "memory");
}

static inline void debug_mask(void)
{
	asm volatile("msr daifset, #8" : : : "memory");
}

/* Records the exception; steps over a brk, disarms bp 0 and wp 0. */
static void handle_debug(struct ex_regs *regs)
{
	__u64 esr = read_sysreg(esr_el1);

	h_count++;
	h_esr = esr;
	h_elr = regs->pc;
	h_spsr = regs->pstate;
	h_far = read_sysreg(far_el1);
	if ((esr >> 26) == EC_BRK64)
		regs->pc += 4;
	if ((esr >> 26) == EC_BREAKPT_CUR)
		write_sysreg(BCR_EL1 & ~1UL, dbgbcr0_el1);
	if ((esr >> 26) == EC_WATCHPT_CUR)
		write_sysreg(WCR_EL1 & ~1UL, dbgwcr0_el1);
}

static void install_debug_handlers(struct gvm *vm)
{
	vm_install_sync_handler(vm, VECTOR_SYNC_CURRENT, EC_BRK64,
				handle_debug);
	vm_install_sync_handler(vm, VECTOR_SYNC_CURRENT, EC_BREAKPT_CUR,
				handle_debug);
	vm_install_sync_handler(vm, VECTOR_SYNC_CURRENT, EC_WATCHPT_CUR,
				handle_debug);
}

FIXTURE(debug) {
	struct gvm *vm;
};

FIXTURE_SETUP(debug)
{
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	self->vm = vm_create();
	install_debug_handlers(self->vm);
}

FIXTURE_TEARDOWN(debug)
{
	vm_destroy(self->vm);
}

static int set_debug(struct gvcpu *v, struct avcpu_guest_debug *d)
{
	return ioctl(v->fd, AVCPU_SET_GUEST_DEBUG, d) ? -errno : 0;
}

static int set_control(struct gvcpu *v, __u32 control)
{
	struct avcpu_guest_debug d = { .control = control };

	return set_debug(v, &d);
}

static __u64 mdcr_el2(struct gvcpu *v)
{
	struct avcpu_sysregs s;

	vcpu_get_sysregs(v, &s);
	return s.mdcr_el2;
}

/* RUN once: a debug exit of @kind at @pc with @esr and @far. */
#define ASSERT_DEBUG_EXIT(v, _kind, _pc, _esr, _far) do {		\
	struct gvcpu *__v = (v);					\
	struct vcpu_event __ev;						\
	char __m[400];							\
	vcpu_run(__v, &__ev);						\
	vcpu_event_str(__v, &__ev, __m, sizeof(__m));			\
	ASSERT_EQ(0, __ev.err) TH_LOG("%s", __m);			\
	ASSERT_EQ(AVCPU_EXIT_DEBUG, __ev.run.exit_reason)		\
		TH_LOG("%s", __m);					\
	EXPECT_EQ(_kind, __ev.run.debug.kind);				\
	EXPECT_EQ((__u64)(_pc), __ev.run.debug.pc);			\
	EXPECT_EQ((__u64)(_esr), __ev.run.debug.esr);			\
	EXPECT_EQ((__u64)(_far), __ev.run.debug.far);			\
	EXPECT_EQ(0, __ev.run.debug.pad);				\
} while (0)

static void guest_brk(void)
{
	dbg_brk();
	GUEST_SYNC_ARGS(h_count, h_esr, h_elr, h_spsr);
	GUEST_DONE();
}

/* The guest's own brk: its vector, ELR at the brk, SPSR as it ran. */
TEST_F(debug, guest_brk_is_its_own)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_brk);
	unsigned long refl = exit_count("debug_reflect");
	struct vcpu_event ev;

	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	EXPECT_EQ(ESR_BRK, ev.uc.args[1]);
	EXPECT_EQ((__u64)dbg_brk_insn, ev.uc.args[2]);
	EXPECT_EQ(SPSR_EL1H_DAIF, ev.uc.args[3] & ~NZCV);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
	/* Taken by the guest itself: EL2 never saw it, MDCR_EL2 as built. */
	EXPECT_EQ(refl, exit_count("debug_reflect"));
	EXPECT_EQ(MDCR_TDA, mdcr_el2(v) & (MDCR_TDA | MDCR_TDE));
}

static void handle_step(struct ex_regs *regs)
{
	__u64 n = h_count++;

	if (n < 4) {
		h_step_esr[n] = read_sysreg(esr_el1);
		h_step_elr[n] = regs->pc;
	}
	if (regs->pc == (__u64)dbg_ss3 || n >= 3)
		write_sysreg(MDSCR_KDE, mdscr_el1);	/* done stepping */
	else
		regs->pstate |= SPSR_SS;		/* step the next one */
}

static void guest_self_step(void)
{
	__u64 r;

	write_sysreg(MDSCR_SS | MDSCR_KDE, mdscr_el1);
	isb();
	r = dbg_self_step(10);
	GUEST_SYNC_ARGS(r, h_count, h_step_elr[0], h_step_elr[1],
			h_step_elr[2], h_step_esr[0]);
	GUEST_SYNC_ARGS(h_step_esr[1], h_step_esr[2], read_sysreg(mdscr_el1));
	GUEST_DONE();
}

/* The guest steps its own EL1 code: each step at its vector, exactly. */
TEST_F(debug, guest_single_steps_itself)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_self_step);
	struct vcpu_event ev;

	vm_install_sync_handler(self->vm, VECTOR_SYNC_CURRENT, EC_SOFTSTP_CUR,
				handle_step);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(16, ev.uc.args[0]);
	EXPECT_EQ(3, ev.uc.args[1]);
	EXPECT_EQ((__u64)dbg_ss1, ev.uc.args[2]);
	EXPECT_EQ((__u64)dbg_ss2, ev.uc.args[3]);
	EXPECT_EQ((__u64)dbg_ss3, ev.uc.args[4]);
	EXPECT_EQ(ESR_SS_CUR, ev.uc.args[5]);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(ESR_SS_CUR, ev.uc.args[0]);
	EXPECT_EQ(ESR_SS_CUR, ev.uc.args[1]);
	EXPECT_EQ(MDSCR_KDE, ev.uc.args[2]);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

static void guest_hw_bp_wp(void)
{
	__u64 x;

	write_sysreg((__u64)dbg_bp_target, dbgbvr0_el1);
	write_sysreg(BCR_EL1, dbgbcr0_el1);
	write_sysreg((__u64)&wp_var, dbgwvr0_el1);
	write_sysreg(WCR_EL1, dbgwcr0_el1);
	write_sysreg(MDSCR_MDE | MDSCR_KDE, mdscr_el1);
	isb();
	debug_unmask();
	dbg_bp_target();
	debug_mask();
	GUEST_SYNC_ARGS(h_count, h_esr, h_elr, read_sysreg(dbgbvr0_el1),
			read_sysreg(dbgbcr0_el1), read_sysreg(mdscr_el1));
	debug_unmask();
	x = dbg_load(&wp_var);
	debug_mask();
	GUEST_SYNC_ARGS(h_count, h_esr, h_elr, h_far, x);
	write_sysreg(WCR_EL1, dbgwcr0_el1);
	isb();
	debug_unmask();
	dbg_store(&wp_var, 7);
	debug_mask();
	GUEST_SYNC_ARGS(h_count, h_esr, h_elr, h_far, READ_ONCE(wp_var));
	GUEST_DONE();
}

/*
 * The guest's own breakpoint and watchpoints (load, store): its vector
 * with the exact syndrome, ELR and FAR; its registers read back; while
 * they are in use the lazy switch leaves them untrapped (TDA clear).
 */
TEST_F(debug, guest_hw_breakpoint_watchpoint_are_its_own)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_hw_bp_wp);
	struct vcpu_event ev;

	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	EXPECT_EQ(ESR_BP_CUR, ev.uc.args[1]);
	EXPECT_EQ((__u64)dbg_bp_target, ev.uc.args[2]);
	EXPECT_EQ((__u64)dbg_bp_target, ev.uc.args[3]);
	EXPECT_EQ(BCR_EL1 & ~1UL, ev.uc.args[4]);
	EXPECT_EQ(MDSCR_MDE | MDSCR_KDE, ev.uc.args[5]);
	EXPECT_EQ(0, mdcr_el2(v) & (MDCR_TDA | MDCR_TDE));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(2, ev.uc.args[0]);
	EXPECT_EQ(ESR_WP_CUR_LD, ev.uc.args[1]);
	EXPECT_EQ((__u64)dbg_load_insn, ev.uc.args[2]);
	EXPECT_EQ((__u64)&wp_var, ev.uc.args[3]);
	EXPECT_EQ(0x1234, ev.uc.args[4]);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(3, ev.uc.args[0]);
	EXPECT_EQ(ESR_WP_CUR_ST, ev.uc.args[1]);
	EXPECT_EQ((__u64)dbg_store_insn, ev.uc.args[2]);
	EXPECT_EQ((__u64)&wp_var, ev.uc.args[3]);
	EXPECT_EQ(7, ev.uc.args[4]);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

static void guest_os_lock(void)
{
	__u64 sr0, sr1, hits, mdscr, osdlr, mdrar;

	sr0 = read_sysreg(oslsr_el1);
	write_sysreg(1, oslar_el1);
	isb();
	sr1 = read_sysreg(oslsr_el1);
	write_sysreg((__u64)dbg_bp_target, dbgbvr0_el1);
	write_sysreg(BCR_EL1, dbgbcr0_el1);
	write_sysreg(MDSCR_MDE | MDSCR_KDE, mdscr_el1);
	isb();
	debug_unmask();
	dbg_bp_target();		/* locked: no breakpoint */
	debug_mask();
	hits = h_count;
	dbg_brk();			/* but brk, always */
	mdscr = read_sysreg(mdscr_el1);
	write_sysreg(1, osdlr_el1);
	osdlr = read_sysreg(osdlr_el1);
	mdrar = read_sysreg(mdrar_el1);
	GUEST_SYNC_ARGS(sr0, sr1, hits, h_count, mdscr, osdlr | mdrar);
	write_sysreg(0, oslar_el1);
	isb();
	debug_unmask();
	dbg_bp_target();		/* unlocked: the breakpoint */
	debug_mask();
	GUEST_SYNC_ARGS(read_sysreg(oslsr_el1), h_count, h_esr, h_elr);
	GUEST_DONE();
}

/*
 * The OS lock (emulated: OSLSR.OSLK follows OSLAR): locked, the guest's
 * breakpoint does not fire but brk does, its MDSCR_EL1 reads as written;
 * unlocked, the breakpoint set while locked fires.  OSDLR, MDRAR RAZ/WI.
 */
TEST_F(debug, os_lock_turns_guest_debug_off)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_os_lock);
	struct avcpu_sysregs s;
	struct vcpu_event ev;

	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	vcpu_get_sysregs(v, &s);
	EXPECT_EQ(0x8, ev.uc.args[0]);		/* OSLM 0b10 */
	EXPECT_EQ(0xa, ev.uc.args[1]);		/* OSLK */
	EXPECT_EQ(0, ev.uc.args[2]);
	EXPECT_EQ(1, ev.uc.args[3]);		/* the brk */
	EXPECT_EQ(MDSCR_MDE | MDSCR_KDE, ev.uc.args[4]);
	EXPECT_EQ(0, ev.uc.args[5]);
	/* Locked: the registers stay out of the CPU and trap. */
	EXPECT_EQ(MDCR_TDA, mdcr_el2(v) & (MDCR_TDA | MDCR_TDE));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0x8, ev.uc.args[0]);
	EXPECT_EQ(2, ev.uc.args[1]);
	EXPECT_EQ(ESR_BP_CUR, ev.uc.args[2]);
	EXPECT_EQ((__u64)dbg_bp_target, ev.uc.args[3]);
	/*
	 * Unlocked with MDE: its registers are loaded, TDA clear.  A SET
	 * of what GET returned before (TDA set then) is still accepted
	 * (same stack depth: the guest's SP_EL1 is the same).
	 */
	EXPECT_EQ(0, mdcr_el2(v) & MDCR_TDA);
	EXPECT_EQ(MDCR_TDA, s.mdcr_el2 & MDCR_TDA);
	EXPECT_EQ(0, ioctl(v->fd, AVCPU_SET_SYSREGS, &s));
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

#include "debug_test_vmm.h"

TEST_HARNESS_MAIN
