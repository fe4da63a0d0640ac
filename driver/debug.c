// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: the VMM debugging a guest, the EL1 half (AVCPU_SET_GUEST_DEBUG,
 * AVCPU_GET_GUEST_DEBUG, AVCPU_EXIT_DEBUG), as KVM's KVM_SET_GUEST_DEBUG
 * (arch/arm64/kvm/guest.c, debug.c, handle_exit.c).  EL2 does the rest:
 * the guest's own debug registers, their lazy switch with the host's,
 * MDCR_EL2.TDE and MDSCR_EL1 while the VMM debugs (lib/debug.c).
 *
 * Software step: while SINGLESTEP is set, PSTATE.SS in the vCPU's saved
 * state is the step state machine, not the guest's own bit (that one is
 * kept in avcpu_vcpu.dbg_own_ss and is what GET_REGS shows and SET_REGS
 * sets): 1 until the next instruction has run, 0 once it has (the CPU
 * clears it on an hvc, every emulated instruction does, lib/hyp.h's
 * hyp_skip_insn() and avcpu_skip_instr(), as KVM's kvm_skip_instr(), and
 * so does an exception entry into the guest).  EL2 enters with it as it
 * is, so each RUN ends in a step exit after exactly one instruction,
 * including one answered at EL2 or completed after an MMIO exit.  A step
 * exit sets it back to 1 for the next one.
 */
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <asm/debug-monitors.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>
#include <uapi/linux/avcpu.h>

#include "avcpu.h"
#include "vcpu.h"
#include "../lib/inject.h"

#define GUESTDBG_ALL	(AVCPU_GUESTDBG_ENABLE | AVCPU_GUESTDBG_SINGLESTEP | \
			 AVCPU_GUESTDBG_USE_SW_BP | AVCPU_GUESTDBG_USE_HW)

/*
 * The only DBGBCR/DBGWCR fields a VMM may set: an unlinked address match
 * at EL1 and/or EL0, Non-secure.  Everything else (HMC: EL2; SSC: Secure
 * state; LBN, BT, WT: linking and context matching; reserved bits, which
 * newer CPUs give meanings such as SSCE or link extensions) is refused.
 */
#define DBG_XCR_E	BIT_ULL(0)
#define DBG_XCR_PMC	GENMASK_ULL(2, 1)	/* PAC in a DBGWCR */
#define DBGBCR_BAS	GENMASK_ULL(8, 5)
#define DBGWCR_LSC	GENMASK_ULL(4, 3)
#define DBGWCR_BAS	GENMASK_ULL(12, 5)
#define DBGWCR_MASK	GENMASK_ULL(28, 24)
#define DBGBCR_ALLOWED	(DBG_XCR_E | DBG_XCR_PMC | DBGBCR_BAS)
#define DBGWCR_ALLOWED	(DBG_XCR_E | DBG_XCR_PMC | DBGWCR_LSC | DBGWCR_BAS | \
			 DBGWCR_MASK)

/* ID_AA64DFR0_EL1.BRPs, WRPs: the number of each, minus one. */
#define DFR0_BRPS_SHIFT	12
#define DFR0_WRPS_SHIFT	20

#define EC_BREAKPT_LOW	0x30
#define EC_SOFTSTP_LOW	0x32
#define EC_WATCHPT_LOW	0x34
#define EC_BKPT32	0x38
#define EC_BRK64	0x3c

static_assert(AVCPU_GUESTDBG_ENABLE == AVCPU_HYP_DBG_ENABLE);
static_assert(AVCPU_GUESTDBG_SINGLESTEP == AVCPU_HYP_DBG_STEP);
static_assert(AVCPU_GUESTDBG_USE_SW_BP == AVCPU_HYP_DBG_SW_BP);
static_assert(AVCPU_GUESTDBG_USE_HW == AVCPU_HYP_DBG_USE_HW);
static_assert(ARRAY_SIZE(((struct avcpu_guest_debug *)0)->bcr) ==
	      AVCPU_HYP_NR_DBG);
/* The vCPU's EL2 page holds its debug state too. */
static_assert(sizeof(struct avcpu_hyp_vcpu) <= PAGE_SIZE);

/* The counts every CPU has (the kernel's sanitised ID_AA64DFR0_EL1). */
static void hw_counts(u8 *bps, u8 *wps)
{
	u64 dfr0 = read_sanitised_ftr_reg(SYS_ID_AA64DFR0_EL1);

	*bps = cpuid_feature_extract_unsigned_field(dfr0, DFR0_BRPS_SHIFT) + 1;
	*wps = cpuid_feature_extract_unsigned_field(dfr0, DFR0_WRPS_SHIFT) + 1;
}

static bool guest_debug_valid(const struct avcpu_guest_debug *d)
{
	u8 bps, wps;
	int n;

	if ((d->control & ~GUESTDBG_ALL) ||
	    (d->control && !(d->control & AVCPU_GUESTDBG_ENABLE)))
		return false;
	if (memchr_inv(d->pad, 0, sizeof(d->pad)) ||
	    memchr_inv(d->reserved, 0, sizeof(d->reserved)))
		return false;
	hw_counts(&bps, &wps);
	for (n = 0; n < AVCPU_HYP_NR_DBG; n++) {
		if (n >= bps && (d->bcr[n] || d->bvr[n]))
			return false;
		if (n >= wps && (d->wcr[n] || d->wvr[n]))
			return false;
		if ((d->bcr[n] & ~DBGBCR_ALLOWED) ||
		    (d->wcr[n] & ~DBGWCR_ALLOWED))
			return false;
	}
	return true;
}

/* With the vCPU's lock held (no RUN in progress). */
long avcpu_debug_set(struct avcpu_vcpu *vcpu, void __user *arg)
{
	struct avcpu_hyp_debug *h = &vcpu->hyp->dbg;
	struct avcpu_hyp_ctx *ctx = &vcpu->hyp->ctx;
	struct avcpu_guest_debug d;
	bool was, now;

	if (copy_from_user(&d, arg, sizeof(d)))
		return -EFAULT;
	if (!guest_debug_valid(&d))
		return -EINVAL;
	d.nr_hw_bps = 0;
	d.nr_hw_wps = 0;
	was = vcpu->dbg.control & AVCPU_GUESTDBG_SINGLESTEP;
	now = d.control & AVCPU_GUESTDBG_SINGLESTEP;
	if (!was && now) {
		/* The guest's own bit aside; the next RUN steps. */
		vcpu->dbg_own_ss = ctx->spsr & DBG_SPSR_SS;
		ctx->spsr |= DBG_SPSR_SS;
	} else if (was && !now) {
		ctx->spsr = (ctx->spsr & ~DBG_SPSR_SS) | vcpu->dbg_own_ss;
	}
	vcpu->dbg = d;
	memcpy(h->vmm.bcr, d.bcr, sizeof(d.bcr));
	memcpy(h->vmm.bvr, d.bvr, sizeof(d.bvr));
	memcpy(h->vmm.wcr, d.wcr, sizeof(d.wcr));
	memcpy(h->vmm.wvr, d.wvr, sizeof(d.wvr));
	h->vmm.mdccint = 0;
	h->control = d.control;
	return 0;
}

long avcpu_debug_get(struct avcpu_vcpu *vcpu, void __user *arg)
{
	struct avcpu_guest_debug d = vcpu->dbg;

	hw_counts(&d.nr_hw_bps, &d.nr_hw_wps);
	return copy_to_user(arg, &d, sizeof(d)) ? -EFAULT : 0;
}

static bool stepping(const struct avcpu_vcpu *vcpu)
{
	return vcpu->dbg.control & AVCPU_GUESTDBG_SINGLESTEP;
}

/* GET_REGS: the guest's own PSTATE.SS, not the step state machine. */
void avcpu_debug_regs_get(const struct avcpu_vcpu *vcpu, struct avcpu_regs *r)
{
	if (stepping(vcpu))
		r->spsr = (r->spsr & ~DBG_SPSR_SS) | vcpu->dbg_own_ss;
}

/*
 * SET_REGS (@from_user: the SS bit userspace gave is the guest's own;
 * @old_elr, @old_spsr: the saved PC and PSTATE it replaced), SET_ENTRY
 * and a reset (@from_user false: a new PC).  At the same PC the step
 * state machine is kept: a VMM writing back the registers it read must
 * not lose a step whose instruction has already run (KVM's
 * DBG_SS_ACTIVE_PENDING); at a new PC the next RUN steps the first
 * instruction there.
 */
void avcpu_debug_regs_set(struct avcpu_vcpu *vcpu, bool from_user,
			  u64 old_elr, u64 old_spsr)
{
	struct avcpu_hyp_ctx *ctx = &vcpu->hyp->ctx;

	if (!stepping(vcpu))
		return;
	if (from_user)
		vcpu->dbg_own_ss = ctx->spsr & DBG_SPSR_SS;
	if (from_user && ctx->elr == old_elr)
		ctx->spsr = (ctx->spsr & ~DBG_SPSR_SS) |
			    (old_spsr & DBG_SPSR_SS);
	else
		ctx->spsr |= DBG_SPSR_SS;
}

/*
 * The guest's own debug state at vCPU creation and at a PSCI CPU_ON
 * reset, as KVM's kvm_reset_sys_regs(): registers 0, the OS lock
 * released (KVM's reset value), MDSCR_EL1 0 (with the other EL1 state).
 * What the VMM set with AVCPU_SET_GUEST_DEBUG stays.
 */
void avcpu_debug_reset(struct avcpu_vcpu *vcpu)
{
	struct avcpu_hyp_debug *h = &vcpu->hyp->dbg;

	memset(&h->guest, 0, sizeof(h->guest));
	h->oslsr = AVCPU_HYP_OSLSR_OSLM;
	h->flags = 0;
	vcpu->dbg_own_ss = 0;
	avcpu_debug_regs_set(vcpu, false, 0, 0);
}

/*
 * A debug exception EL2 took from the guest: only with ENABLE (TDE); and
 * then the VMM's, but for a brk without USE_SW_BP, which is the guest's.
 * The guest's own breakpoints, watchpoints and step are off while ENABLE
 * is set (lib/debug.c), so the others are what the VMM asked for.
 */
int avcpu_debug_exit(struct avcpu_vcpu *vcpu)
{
	struct avcpu_hyp_exit *e = &vcpu->hyp->exit;
	struct avcpu_hyp_ctx *ctx = &vcpu->hyp->ctx;
	struct avcpu_run *run = vcpu->run;
	u32 ctl = vcpu->dbg.control, kind;

	if (!(ctl & AVCPU_GUESTDBG_ENABLE)) {
		avcpu_exit_exception(vcpu, AVCPU_EXIT_EXCEPTION);
		return AVCPU_EXIT_USER;
	}
	switch (avcpu_esr_ec(e->esr)) {
	case EC_BRK64:
	case EC_BKPT32:
		if (!(ctl & AVCPU_GUESTDBG_USE_SW_BP)) {
			/*
			 * The guest's own: TDE sent it here; it takes it at
			 * its vector with the syndrome EL2 got (the same at
			 * EL1), as without TDE.
			 */
			avcpu_stat_inc(AVCPU_STAT_DEBUG_REFLECT);
			/* The entry clears the guest's own PSTATE.SS. */
			vcpu->dbg_own_ss = 0;
			avcpu_exception_entry(ctx, &vcpu->hyp->sys, e->esr);
			return 0;
		}
		kind = AVCPU_DEBUG_SW_BP;
		break;
	case EC_BREAKPT_LOW:
		kind = AVCPU_DEBUG_HW_BP;
		break;
	case EC_WATCHPT_LOW:
		kind = AVCPU_DEBUG_WATCHPT;
		break;
	default:		/* EC_SOFTSTP_LOW */
		kind = AVCPU_DEBUG_STEP;
		/* Stepped: the next RUN steps the next instruction. */
		ctx->spsr |= DBG_SPSR_SS;
		break;
	}
	avcpu_stat_inc(AVCPU_STAT_DEBUG);
	run->exit_reason = AVCPU_EXIT_DEBUG;
	memset(&run->debug, 0, sizeof(run->debug));
	run->debug.esr = e->esr;
	run->debug.far = kind == AVCPU_DEBUG_WATCHPT ? e->far : 0;
	run->debug.pc = ctx->elr;
	run->debug.kind = kind;
	return AVCPU_EXIT_USER;
}

bool avcpu_debug_ec(u32 ec)
{
	return ec == EC_BREAKPT_LOW || ec == EC_SOFTSTP_LOW ||
	       ec == EC_WATCHPT_LOW || ec == EC_BKPT32 || ec == EC_BRK64;
}
