// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu EL2: the seed's GuestSystemRegisters store/restore.
 *
 * The same list is saved for the host before a guest runs and put back
 * after it: under an nVHE host the guest's EL1 state lives in the very
 * registers the host kernel runs on.
 *
 * MDSCR_EL1 is the guest's own (lib/debug.c adjusts what the CPU holds
 * while the VMM debugs it or it holds its OS lock); the host's MDE/KDE
 * bits must not arm the host's breakpoints inside the guest.  The
 * breakpoint and watchpoint registers are switched lazily by
 * lib/debug.c, only while the guest uses them.
 *
 * Not switched, because the guest cannot change them (they trap):
 * ACTLR_EL1 (HCR_EL2.TACR), PMU registers
 * (MDCR_EL2.TPM), SPE and trace filter (TPMS, TTRF), pointer-auth keys
 * (HCR_EL2.API/APK clear), and whatever HCRX_EL2 and the fine-grained trap
 * registers enable (lib/vcpu.c: the guest gets none of it).
 */
#include "hyp.h"
#include "spectre.h"

void hyp_sysregs_save(struct avcpu_hyp_sysregs *s)
{
	s->sp_el1 = read_sysreg(sp_el1);
	s->elr_el1 = read_sysreg(elr_el1);
	s->spsr_el1 = read_sysreg(spsr_el1);
	s->sctlr_el1 = read_sysreg(sctlr_el1);
	s->cpacr_el1 = read_sysreg(cpacr_el1);
	s->ttbr0_el1 = read_sysreg(ttbr0_el1);
	s->ttbr1_el1 = read_sysreg(ttbr1_el1);
	s->tcr_el1 = read_sysreg(tcr_el1);
	s->esr_el1 = read_sysreg(esr_el1);
	s->afsr0_el1 = read_sysreg(afsr0_el1);
	s->afsr1_el1 = read_sysreg(afsr1_el1);
	s->far_el1 = read_sysreg(far_el1);
	s->par_el1 = read_sysreg(par_el1);
	s->mair_el1 = read_sysreg(mair_el1);
	s->amair_el1 = read_sysreg(amair_el1);
	s->mdscr_el1 = read_sysreg(mdscr_el1);
	s->vbar_el1 = read_sysreg(vbar_el1);
	s->contextidr_el1 = read_sysreg(contextidr_el1);
	s->tpidr_el0 = read_sysreg(tpidr_el0);
	s->tpidrro_el0 = read_sysreg(tpidrro_el0);
	s->tpidr_el1 = read_sysreg(tpidr_el1);
	s->csselr_el1 = read_sysreg(csselr_el1);
	s->cntkctl_el1 = read_sysreg(cntkctl_el1);
	s->cntv_ctl_el0 = read_sysreg(cntv_ctl_el0);
	s->cntv_cval_el0 = read_sysreg(cntv_cval_el0);
	s->cntvoff_el2 = read_sysreg(cntvoff_el2);
	s->sp_el0 = read_sysreg(sp_el0);
}

void hyp_sysregs_restore(const struct avcpu_hyp_sysregs *s)
{
	write_sysreg(s->sp_el1, sp_el1);
	write_sysreg(s->elr_el1, elr_el1);
	write_sysreg(s->spsr_el1, spsr_el1);
	/* Speculative-AT CPUs: written in order by lib/spectre.c. */
	if (!hyp_spec_at(this_percpu())) {
		write_sysreg(s->sctlr_el1, sctlr_el1);
		write_sysreg(s->tcr_el1, tcr_el1);
	}
	write_sysreg(s->cpacr_el1, cpacr_el1);
	write_sysreg(s->ttbr0_el1, ttbr0_el1);
	write_sysreg(s->ttbr1_el1, ttbr1_el1);
	write_sysreg(s->esr_el1, esr_el1);
	write_sysreg(s->afsr0_el1, afsr0_el1);
	write_sysreg(s->afsr1_el1, afsr1_el1);
	write_sysreg(s->far_el1, far_el1);
	write_sysreg(s->par_el1, par_el1);
	write_sysreg(s->mair_el1, mair_el1);
	write_sysreg(s->amair_el1, amair_el1);
	write_sysreg(s->mdscr_el1, mdscr_el1);
	write_sysreg(s->vbar_el1, vbar_el1);
	write_sysreg(s->contextidr_el1, contextidr_el1);
	write_sysreg(s->tpidr_el0, tpidr_el0);
	write_sysreg(s->tpidrro_el0, tpidrro_el0);
	write_sysreg(s->tpidr_el1, tpidr_el1);
	write_sysreg(s->csselr_el1, csselr_el1);
	write_sysreg(s->cntkctl_el1, cntkctl_el1);
	write_sysreg(s->cntv_cval_el0, cntv_cval_el0);
	write_sysreg(s->cntv_ctl_el0, cntv_ctl_el0);
	write_sysreg(s->cntvoff_el2, cntvoff_el2);
	write_sysreg(s->sp_el0, sp_el0);
}
