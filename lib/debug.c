// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu EL2: the guest's own debug state, and the VMM's debugging of the
 * guest (AVCPU_SET_GUEST_DEBUG), as KVM's arch/arm64/kvm/debug.c,
 * hyp/include/hyp/debug-sr.h and sys_regs.c do it.
 *
 * brk, breakpoints, watchpoints and software step are the guest's own:
 * with MDCR_EL2.TDE clear they are taken to its EL1.  Its breakpoint and
 * watchpoint registers and MDCCINT_EL1 are also the host's, so they are
 * switched, lazily.  Until the guest touches one (MDCR_EL2.TDA traps the
 * access, emulated here on the vCPU's copy) the host's stay in the CPU,
 * and a guest that never uses debug costs a test at entry and at exit.
 * From its first write, and at every entry while its MDSCR_EL1 enables
 * debug (MDE or KDE), the host's are saved in the percpu page, the
 * guest's loaded and TDA cleared; at the exit the guest's are saved and
 * the host's put back exactly.
 *
 * MDSCR_EL1 is switched with the EL1 state (context_frame.c).  The CPU
 * holds another value than the guest's own while
 *  - the VMM debugs (ENABLE): SS is the VMM's (SINGLESTEP) and MDE is the
 *    VMM's (on for USE_HW, else off: the guest's own breakpoints and
 *    watchpoints would be taken to EL2 regardless of its KDE and
 *    PSTATE.D, at times it does not expect them);
 *  - the guest holds the OS lock: its debug exceptions but brk are off
 *    (MDE and SS clear; KVM clears MDE only, which leaves software step
 *    on, against the architecture).
 * The guest's own value is then in dbg.mdscr (DBGF_MDSCR), its registers
 * are not in the CPU and every access to them traps (TDA; with TDE the
 * CPU takes TDA as set anyway).
 *
 * OSLAR_EL1, OSLSR_EL1, OSDLR_EL1 and DBGPRCR_EL1 always trap (TDOSA):
 * as KVM 6.12, the lock is a bit of the vCPU's OSLSR copy, the rest is
 * RAZ/WI.  The CPU's real OS lock is never the guest's.
 */
#include "hyp.h"

/* avcpu_hyp_debug.flags beyond the ABI's: dbg.mdscr holds the guest's. */
#define DBGF_MDSCR		BIT(1)

/* Op2 of DBGBVR<n>, DBGBCR<n>, DBGWVR<n>, DBGWCR<n> (Op0 2, Op1 0, CRn 0). */
#define DBG_OP_BVR		4
#define DBG_OP_BCR		5
#define DBG_OP_WVR		6
#define DBG_OP_WCR		7

/* The fields of lib/exit.c's SYS_KEY(). */
#define KEY_OP1(k)		(((k) >> 14) & 7)
#define KEY_CRN(k)		(((k) >> 10) & 0xf)
#define KEY_CRM(k)		(((k) >> 1) & 0xf)
#define KEY_OP2(k)		(((k) >> 17) & 7)
#define SYS_ISS_DIR_READ	BIT(0)

/* The CPU's DBG{B,W}{V,C}R<n>_EL1, by Op2 and n (lib/debug_sr.S). */
static unsigned long dbg_read(int op2, int n)
{
	return __hyp_dbg_read(((op2 - DBG_OP_BVR) * AVCPU_HYP_NR_DBG + n) & 63);
}

static void dbg_write(int op2, int n, unsigned long v)
{
	__hyp_dbg_write(((op2 - DBG_OP_BVR) * AVCPU_HYP_NR_DBG + n) & 63, v);
}

static unsigned long *dbg_array(struct avcpu_hyp_dbg_regs *r, int op2)
{
	switch (op2) {
	case DBG_OP_BVR:
		return r->bvr;
	case DBG_OP_BCR:
		return r->bcr;
	case DBG_OP_WVR:
		return r->wvr;
	default:
		return r->wcr;
	}
}

static int dbg_count(const struct hyp_features *f, int op2)
{
	return op2 <= DBG_OP_BCR ? f->nr_brps : f->nr_wrps;
}

/* Every breakpoint and watchpoint register this CPU has, and MDCCINT. */
static void dbg_regs_save(struct avcpu_hyp_dbg_regs *r,
			  const struct hyp_features *f)
{
	int op2, n;

	for (op2 = DBG_OP_BVR; op2 <= DBG_OP_WCR; op2++)
		for (n = 0; n < dbg_count(f, op2); n++)
			dbg_array(r, op2)[n] = dbg_read(op2, n);
	r->mdccint = read_sysreg(mdccint_el1);
}

static void dbg_regs_load(struct avcpu_hyp_dbg_regs *r,
			  const struct hyp_features *f)
{
	int op2, n;

	for (op2 = DBG_OP_BVR; op2 <= DBG_OP_WCR; op2++)
		for (n = 0; n < dbg_count(f, op2); n++)
			dbg_write(op2, n, dbg_array(r, op2)[n]);
	write_sysreg(r->mdccint, mdccint_el1);
}

/*
 * The VMM debugs the guest or the guest holds its OS lock: the CPU's
 * MDSCR_EL1 is not the guest's own, and its registers stay out of the CPU.
 */
static int dbg_override(const struct avcpu_hyp_debug *d)
{
	return (d->control & AVCPU_HYP_DBG_ENABLE) ||
	       (d->oslsr & AVCPU_HYP_OSLSR_OSLK);
}

/* The MDSCR_EL1 the CPU holds for a guest whose own value is @own. */
static unsigned long mdscr_eff(const struct avcpu_hyp_debug *d,
			       unsigned long own)
{
	unsigned long m = own;

	if (d->oslsr & AVCPU_HYP_OSLSR_OSLK)
		m &= ~(MDSCR_MDE | MDSCR_SS);
	if (d->control & AVCPU_HYP_DBG_ENABLE) {
		m &= ~(MDSCR_MDE | MDSCR_SS);
		if (d->control & AVCPU_HYP_DBG_STEP)
			m |= MDSCR_SS;
		if (d->control & AVCPU_HYP_DBG_USE_HW)
			m |= MDSCR_MDE;
	}
	return m;
}

/*
 * Load @r (the guest's or the VMM's registers) after saving the host's.
 * The eret to the guest is the context synchronization event that makes
 * them take effect (SCTLR_EL2.EOS is set): no isb here.
 */
static void dbg_load(struct avcpu_hyp_vcpu *vcpu, struct avcpu_hyp_percpu *pc,
		     const struct hyp_features *f,
		     struct avcpu_hyp_dbg_regs *r)
{
	dbg_regs_save(&pc->host_dbg, f);
	pc->host_dbg_saved = 1;
	dbg_regs_load(r, f);
	vcpu->dbg.flags |= AVCPU_HYP_DBGF_LOADED;
}

/*
 * The host's registers back, the guest's saved first unless the VMM's
 * were loaded (those trap for the guest: nothing changed them).  Before
 * the host runs again its registers are in place; EL2 itself never
 * takes a debug exception (PSTATE.D is set at EL2 throughout).
 */
static void dbg_put(struct avcpu_hyp_vcpu *vcpu, struct avcpu_hyp_percpu *pc,
		    const struct hyp_features *f)
{
	struct avcpu_hyp_debug *d = &vcpu->dbg;

	if (!(d->control & AVCPU_HYP_DBG_USE_HW))
		dbg_regs_save(&d->guest, f);
	dbg_regs_load(&pc->host_dbg, f);
	pc->host_dbg_saved = 0;
	d->flags &= ~AVCPU_HYP_DBGF_LOADED;
}

/* TDA clear exactly while the guest's own registers are in the CPU. */
static unsigned long mdcr_for(const struct avcpu_hyp_debug *d,
			      unsigned long mdcr)
{
	if ((d->flags & AVCPU_HYP_DBGF_LOADED) &&
	    !(d->control & AVCPU_HYP_DBG_USE_HW))
		return mdcr & ~AVCPU_MDCR_TDA;
	return mdcr | AVCPU_MDCR_TDA;
}

/*
 * Mid-run (T0), with the guest's state loaded: a new MDCR_EL2 for its
 * next instruction.  The eret back to it synchronises the change.
 */
static void mdcr_update(struct avcpu_hyp_vcpu *vcpu)
{
	unsigned long m = mdcr_for(&vcpu->dbg, vcpu->ctl.mdcr_el2);

	if (m == vcpu->ctl.mdcr_el2)
		return;
	vcpu->ctl.mdcr_el2 = m;
	write_sysreg(m, mdcr_el2);
}

/*
 * Guest entry (hyp_debug_enter() in lib/hyp.h: the VMM debugs, the OS
 * lock is held or the guest's MDSCR_EL1 enables debug), between loading
 * its EL1 state (its own MDSCR_EL1 is in the CPU) and loading vcpu->ctl
 * (MDCR_EL2 is built, not yet written).
 */
void hyp_debug_enter_slow(struct avcpu_hyp_vcpu *vcpu,
			  struct avcpu_hyp_percpu *pc,
			  const struct hyp_features *f)
{
	struct avcpu_hyp_debug *d = &vcpu->dbg;
	unsigned long own = vcpu->sys.mdscr_el1;

	if (dbg_override(d)) {
		d->mdscr = own;
		d->flags |= DBGF_MDSCR;
		write_sysreg(mdscr_eff(d, own), mdscr_el1);
	}
	if (d->control & AVCPU_HYP_DBG_ENABLE)
		vcpu->ctl.mdcr_el2 |= AVCPU_MDCR_TDE;
	if (d->control & AVCPU_HYP_DBG_USE_HW)
		dbg_load(vcpu, pc, f, &d->vmm);
	else if (!dbg_override(d))
		dbg_load(vcpu, pc, f, &d->guest);
	vcpu->ctl.mdcr_el2 = mdcr_for(d, vcpu->ctl.mdcr_el2);
}

/*
 * Guest exit (hyp_debug_exit(): something was set up at the entry or
 * since), after its EL1 state was saved (sys.mdscr_el1 holds what the
 * CPU had) and before the host's EL1 state and MDCR_EL2 are back.
 */
void hyp_debug_exit_slow(struct avcpu_hyp_vcpu *vcpu,
			 struct avcpu_hyp_percpu *pc,
			 const struct hyp_features *f)
{
	struct avcpu_hyp_debug *d = &vcpu->dbg;

	if (d->flags & DBGF_MDSCR)
		vcpu->sys.mdscr_el1 = d->mdscr;
	if (d->flags & AVCPU_HYP_DBGF_LOADED)
		dbg_put(vcpu, pc, f);
	d->flags = 0;
}

/* EL2 faulted in the middle of a RUN: the host's registers back. */
void hyp_debug_fault_restore(struct avcpu_hyp_percpu *pc,
			     const struct hyp_features *f)
{
	if (!pc->host_dbg_saved)
		return;
	dbg_regs_load(&pc->host_dbg, f);
	pc->host_dbg_saved = 0;
}

/*
 * The guest wrote one of its debug registers while they were out of the
 * CPU: it is using them (KVM's DEBUG_DIRTY).  Load them now, not at the
 * next entry, which may be many T0 exits away: a breakpoint it sets
 * must hit from its next instruction on.  Not while they must stay out.
 */
static void dbg_activate(struct avcpu_hyp_vcpu *vcpu)
{
	struct avcpu_hyp_percpu *pc = this_percpu();
	struct hyp_features f;

	if (dbg_override(&vcpu->dbg) ||
	    (vcpu->dbg.flags & AVCPU_HYP_DBGF_LOADED))
		return;
	hyp_features_read(&f, pc);
	dbg_load(vcpu, pc, &f, &vcpu->dbg.guest);
	mdcr_update(vcpu);
}

static unsigned long mdscr_own(const struct avcpu_hyp_vcpu *vcpu)
{
	if (vcpu->dbg.flags & DBGF_MDSCR)
		return vcpu->dbg.mdscr;
	return read_sysreg(mdscr_el1);
}

static void mdscr_write(struct avcpu_hyp_vcpu *vcpu, unsigned long val)
{
	struct avcpu_hyp_debug *d = &vcpu->dbg;

	if (d->flags & DBGF_MDSCR) {
		d->mdscr = val;
		write_sysreg(mdscr_eff(d, val), mdscr_el1);
		return;
	}
	write_sysreg(val, mdscr_el1);
	dbg_activate(vcpu);
}

/*
 * OSLAR_EL1: the OS lock.  Taking it (without the VMM debugging) puts the
 * guest's registers out of the CPU and its own MDSCR aside; releasing it
 * does the reverse, loading the registers at once if its MDSCR enables
 * debug.
 */
static void oslar_write(struct avcpu_hyp_vcpu *vcpu, unsigned long val)
{
	struct avcpu_hyp_debug *d = &vcpu->dbg;
	struct avcpu_hyp_percpu *pc = this_percpu();
	int was = dbg_override(d), now;
	unsigned long own = mdscr_own(vcpu);
	struct hyp_features f;

	d->oslsr &= ~AVCPU_HYP_OSLSR_OSLK;
	if (val & 1)
		d->oslsr |= AVCPU_HYP_OSLSR_OSLK;
	now = dbg_override(d);
	if (was == now)
		return;
	hyp_features_read(&f, pc);
	if (now) {
		d->mdscr = own;
		d->flags |= DBGF_MDSCR;
		if (d->flags & AVCPU_HYP_DBGF_LOADED)
			dbg_put(vcpu, pc, &f);
	} else {
		d->flags &= ~DBGF_MDSCR;
		if (own & (MDSCR_MDE | MDSCR_KDE))
			dbg_load(vcpu, pc, &f, &d->guest);
	}
	write_sysreg(mdscr_eff(d, own), mdscr_el1);
	mdcr_update(vcpu);
}

/*
 * The breakpoint and watchpoint registers: the vCPU's copy (in the CPU
 * they are never while the access traps).  n beyond this CPU's count is
 * UNDEFINED: left to the VMM, as any register avcpu does not emulate.
 */
static int dbg_reg_access(struct avcpu_hyp_vcpu *vcpu, int op2, int n,
			  int read, unsigned long *val)
{
	struct avcpu_hyp_percpu *pc = this_percpu();
	struct hyp_features f;
	unsigned long *r;

	hyp_features_read(&f, pc);
	if (n >= dbg_count(&f, op2))
		return 0;
	r = &dbg_array(&vcpu->dbg.guest, op2)[n];
	if (read) {
		*val = *r;
		return 1;
	}
	*r = *val;
	dbg_activate(vcpu);
	return 1;
}

/*
 * A trapped access with Op0 == 2 (debug and trace registers), EC 0x18:
 * emulated as KVM 6.12's sys_regs.c (true), or left to the VMM (false:
 * OSLAR reads, OSLSR writes and the registers KVM makes UNDEFINED,
 * OSDTRRX/OSDTRTX/OSECCR_EL1, and the trace registers).
 */
int hyp_debug_sysreg(struct avcpu_hyp_vcpu *vcpu, unsigned long esr,
		     unsigned long key, int rt)
{
	int read = esr & SYS_ISS_DIR_READ;
	int op1 = KEY_OP1(key), crn = KEY_CRN(key), crm = KEY_CRM(key);
	int op2 = KEY_OP2(key);
	unsigned long val = 0;

	if (!read && rt != 31)
		val = vcpu->ctx.x[rt];
	if (op1 == 0 && crn == 0 && op2 >= DBG_OP_BVR) {
		if (!dbg_reg_access(vcpu, op2, crm, read, &val))
			return 0;
	} else if (op1 == 0 && crn == 0 && crm == 2 && op2 == 0) {
		/* MDCCINT_EL1 */
		if (read) {
			val = vcpu->dbg.guest.mdccint;
		} else {
			vcpu->dbg.guest.mdccint = val;
			dbg_activate(vcpu);
		}
	} else if (op1 == 0 && crn == 0 && crm == 2 && op2 == 2) {
		/* MDSCR_EL1 */
		if (read)
			val = mdscr_own(vcpu);
		else
			mdscr_write(vcpu, val);
	} else if (op1 == 0 && crn == 1 && crm == 0 && op2 == 4) {
		/* OSLAR_EL1: write-only */
		if (read)
			return 0;
		oslar_write(vcpu, val);
	} else if (op1 == 0 && crn == 1 && crm == 1 && op2 == 4) {
		/* OSLSR_EL1: read-only */
		if (!read)
			return 0;
		val = vcpu->dbg.oslsr;
	} else if (op1 == 0 && crn == 7 && crm == 14 && op2 == 6) {
		/* DBGAUTHSTATUS_EL1: the CPU's, writes ignored */
		if (read)
			val = read_sysreg(dbgauthstatus_el1);
	} else if ((op1 == 0 && crn == 1 && op2 == 0 && crm == 0) ||
		   (op1 == 0 && crn == 1 && op2 == 4 &&
		    (crm == 3 || crm == 4)) ||
		   (op1 == 0 && crn == 7 && op2 == 6 &&
		    (crm == 8 || crm == 9)) ||
		   (op1 == 3 && crn == 0 && op2 == 0 &&
		    (crm == 1 || crm == 4 || crm == 5))) {
		/*
		 * RAZ/WI: MDRAR_EL1, OSDLR_EL1, DBGPRCR_EL1, DBGCLAIMSET/CLR_EL1,
		 * MDCCSR_EL0, DBGDTR_EL0, DBGDTRRX/TX_EL0.
		 */
		val = 0;
	} else {
		return 0;
	}
	if (read && rt != 31)
		vcpu->ctx.x[rt] = val;
	return 1;
}
