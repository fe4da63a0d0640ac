// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: a vCPU's exits, the EL1 half of the seed's exception.rs: what EL2
 * handed back becomes struct avcpu_run for userspace (MMIO, hypercall,
 * instruction abort, NISV, system register, exception, SError), or is
 * finished here in the kernel (T1: a VM clean EL2 asked for, WFI, WFE,
 * PSCI, cache maintenance on MMIO), and a completed MMIO load, system
 * register read or hypercall goes back into the guest's registers on the
 * next RUN.
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <uapi/linux/avcpu.h>

#include "avcpu.h"
#include "psci.h"
#include "timer.h"
#include "vcpu.h"
#include "../lib/sysreg.h"

#define ESR_WFX_WFE		BIT(0)	/* WFE (or WFET) rather than WFI */
#define ESR_WFX_WFIT		BIT(1)	/* WFIT or WFET: with a deadline */

/* The next RUN finishes what the last exit left to userspace. */
void avcpu_exit_complete(struct avcpu_vcpu *vcpu)
{
	struct avcpu_hyp_ctx *ctx = &vcpu->hyp->ctx;
	struct avcpu_run *run = vcpu->run;
	int i, rt;

	switch (vcpu->pending) {
	case AVCPU_PENDING_MMIO:
		if (!vcpu->mmio.is_write && vcpu->mmio.reg != 31)
			ctx->x[vcpu->mmio.reg] =
				avcpu_mmio_load_value(&vcpu->mmio,
						      READ_ONCE(run->mmio.data));
		/* Only now has the instruction completed. */
		avcpu_skip_instr(&ctx->elr, &ctx->spsr, vcpu->pending_esr);
		break;
	case AVCPU_PENDING_HYPERCALL:
		for (i = 0; i < 4; i++)
			ctx->x[i] = READ_ONCE(run->hypercall.ret[i]);
		break;
	case AVCPU_PENDING_SYSREG:
		rt = AVCPU_SYS_RT(vcpu->pending_esr);
		if (AVCPU_SYS_READ(vcpu->pending_esr) && rt != 31)
			ctx->x[rt] = READ_ONCE(run->sysreg.value);
		avcpu_skip_instr(&ctx->elr, &ctx->spsr, vcpu->pending_esr);
		break;
	case AVCPU_PENDING_NONE:
		break;
	}
	vcpu->pending = AVCPU_PENDING_NONE;
}

static const enum avcpu_stat exit_stat[] = {
	[AVCPU_EXIT_EXCEPTION]	= AVCPU_STAT_EXCEPTION,
	[AVCPU_EXIT_FAIL_ENTRY]	= AVCPU_STAT_FAIL_ENTRY,
	[AVCPU_EXIT_SERROR]	= AVCPU_STAT_SERROR,
};

/*
 * An exit with a raw syndrome.  EL2 has reported FAR/HPFAR only where the
 * architecture defines them for this exit (0 otherwise); an entry EL2
 * refused, and an SError, have no FAR at all, and nothing of an earlier
 * exit may show through.
 */
void avcpu_exit_exception(struct avcpu_vcpu *vcpu, u32 reason)
{
	struct avcpu_hyp_exit *e = &vcpu->hyp->exit;
	struct avcpu_run *run = vcpu->run;
	u64 esr = 0, far = 0, ipa = 0;
	bool valid = false;
	u32 ec;

	if (reason == AVCPU_EXIT_EXCEPTION) {
		esr = e->esr;
		far = e->far;
	} else if (reason == AVCPU_EXIT_SERROR) {
		esr = e->serror & ~AVCPU_HYP_SERROR_VALID;
	}
	ec = avcpu_esr_ec(esr);
	if (reason == AVCPU_EXIT_EXCEPTION &&
	    (ec == AVCPU_EC_DABT_LOW || ec == AVCPU_EC_IABT_LOW))
		valid = avcpu_abort_ipa(e->esr, e->far, e->hpfar, e->par, &ipa);
	avcpu_stat_inc(exit_stat[reason]);
	run->exit_reason = reason;
	memset(&run->exception, 0, sizeof(run->exception));
	run->exception.esr = esr;
	run->exception.far = far;
	run->exception.ipa = ipa;
	run->exception.ipa_valid = valid;
	run->exception.pc = vcpu->hyp->ctx.elr;
	run->exception.ec = ec;
}

/*
 * A stage-2 abort that is not MMIO: an instruction fetch from an IPA
 * with nothing mapped or mapped no-execute (AVCPU_EXIT_INSN_ABORT), or a
 * data access EL2 has no syndrome for (AVCPU_EXIT_NISV, as KVM's
 * KVM_EXIT_ARM_NISV).  The instruction has not run: the VMM maps
 * something and runs it again, or injects an abort.  Any other abort
 * (external, address size...) is a raw exception exit.
 */
static bool exit_abort(struct avcpu_vcpu *vcpu)
{
	struct avcpu_hyp_exit *e = &vcpu->hyp->exit;
	struct avcpu_run *run = vcpu->run;
	struct avcpu_abort a;
	bool insn = avcpu_esr_ec(e->esr) == AVCPU_EC_IABT_LOW;

	if (!avcpu_decode_abort(e->esr, e->far, e->hpfar, e->par, &a))
		return false;
	avcpu_stat_inc(insn ? AVCPU_STAT_INSN_ABORT : AVCPU_STAT_NISV);
	run->exit_reason = insn ? AVCPU_EXIT_INSN_ABORT : AVCPU_EXIT_NISV;
	memset(&run->abort, 0, sizeof(run->abort));
	run->abort.ipa = a.ipa;
	run->abort.far = e->far;
	run->abort.pc = vcpu->hyp->ctx.elr;
	run->abort.esr = e->esr;
	run->abort.fault = a.permission ? AVCPU_FAULT_PERMISSION :
					  AVCPU_FAULT_TRANSLATION;
	run->abort.flags = (a.s1ptw ? AVCPU_ABORT_S1PTW : 0) |
			   (a.write ? AVCPU_ABORT_WRITE : 0);
	return true;
}

/* What a store puts on the bus: xzr (31) stores zero. */
static u64 store_value(const struct avcpu_mmio *m,
		       const struct avcpu_hyp_ctx *ctx)
{
	return avcpu_mmio_store_data(m, m->reg == 31 ? 0 : ctx->x[m->reg]);
}

/*
 * An access to the irqchip's distributor or redistributors: answered
 * here and completed at once (T1).
 */
static bool vgic_mmio(struct avcpu_vcpu *vcpu, struct avcpu_mmio *m, u64 esr)
{
	struct avcpu_hyp_ctx *ctx = &vcpu->hyp->ctx;
	u64 data = m->is_write ? store_value(m, ctx) : 0;

	if (!avcpu_vgic_mmio(vcpu, m->ipa, m->len, m->is_write, &data))
		return false;
	if (!m->is_write && m->reg != 31)
		ctx->x[m->reg] = avcpu_mmio_load_value(m, data);
	avcpu_skip_instr(&ctx->elr, &ctx->spsr, esr);
	return true;
}

/*
 * A trapped msr/mrs (or sys) EL2 did not answer: the VMM's.  The
 * instruction has not completed: the next RUN completes it (a read with
 * the value the VMM left), unless the VMM moves the PC or injects.
 */
static int exit_sysreg(struct avcpu_vcpu *vcpu)
{
	struct avcpu_hyp_ctx *ctx = &vcpu->hyp->ctx;
	struct avcpu_run *run = vcpu->run;
	u64 esr = vcpu->hyp->exit.esr;
	int rt = AVCPU_SYS_RT(esr);

	/* The SGI registers, with an irqchip, and CNTP_*: T1. */
	if (avcpu_vgic_sysreg(vcpu, esr) || avcpu_timer_sysreg(vcpu, esr))
		return 0;
	avcpu_stat_inc(AVCPU_STAT_SYSREG);
	run->exit_reason = AVCPU_EXIT_SYSREG;
	memset(&run->sysreg, 0, sizeof(run->sysreg));
	run->sysreg.esr = esr;
	run->sysreg.pc = ctx->elr;
	run->sysreg.op0 = AVCPU_SYS_OP0(esr);
	run->sysreg.op1 = AVCPU_SYS_OP1(esr);
	run->sysreg.crn = AVCPU_SYS_CRN(esr);
	run->sysreg.crm = AVCPU_SYS_CRM(esr);
	run->sysreg.op2 = AVCPU_SYS_OP2(esr);
	run->sysreg.is_write = !AVCPU_SYS_READ(esr);
	run->sysreg.reg = rt;
	if (run->sysreg.is_write && rt != 31)
		run->sysreg.value = ctx->x[rt];
	vcpu->pending = AVCPU_PENDING_SYSREG;
	vcpu->pending_esr = esr;
	return AVCPU_EXIT_USER;
}

/* A synchronous exit: decide whether userspace must see it (vcpu.h). */
int avcpu_exit_sync(struct avcpu_vcpu *vcpu)
{
	struct avcpu_hyp_exit *e = &vcpu->hyp->exit;
	struct avcpu_hyp_ctx *ctx = &vcpu->hyp->ctx;
	struct avcpu_run *run = vcpu->run;
	struct avcpu_mmio *m = &vcpu->mmio;
	int i;

	if (e->flags & AVCPU_HYP_EXIT_FLUSH_VM) {
		/*
		 * EL2 completed the instruction (the guest turned its MMU
		 * and caches on or off, or cleaned by set/way) and asks for
		 * what only the kernel can do: clean the VM to PoC.
		 */
		avcpu_stat_inc(AVCPU_STAT_FLUSH_VM);
		avcpu_vm_flush_dcache(vcpu->vm);
		return 0;
	}
	switch (avcpu_esr_ec(e->esr)) {
	case AVCPU_EC_WFX:
		/*
		 * WFI, WFIT (HCR_EL2.TWI): complete the instruction, then
		 * sleep until something can wake the guest (WFIT's
		 * deadline is not waited for: a WFIT may complete at any
		 * time).  WFE, WFET (TWE): the guest waits for another
		 * vCPU; let the host run something else and continue
		 * after it, as KVM's kvm_vcpu_on_spin().
		 */
		avcpu_skip_instr(&ctx->elr, &ctx->spsr, e->esr);
		if (!(e->esr & ESR_WFX_WFE)) {
			avcpu_stat_inc(AVCPU_STAT_WFI);
			return (e->esr & ESR_WFX_WFIT) ? 0 : avcpu_psci_wfi(vcpu);
		}
		avcpu_stat_inc(AVCPU_STAT_WFE);
		avcpu_psci_yield(vcpu);
		return 0;
	case AVCPU_EC_SMC64:
		/* EL2 answered nothing: PSCI power management, or the VMM's. */
		if (e->flags & AVCPU_HYP_EXIT_SMCCC_T1)
			return avcpu_psci_call(vcpu, true);
		/*
		 * A trapped smc (HCR_EL2.TSC) leaves ELR_EL2 at the smc
		 * itself; an hvc has already been stepped over.  Either
		 * way the guest continues after it (and a software step
		 * sees it completed).
		 */
		avcpu_skip_instr(&ctx->elr, &ctx->spsr, e->esr);
		fallthrough;
	case AVCPU_EC_HVC64:
		if (avcpu_esr_ec(e->esr) == AVCPU_EC_HVC64 &&
		    (e->flags & AVCPU_HYP_EXIT_SMCCC_T1))
			return avcpu_psci_call(vcpu, false);
		avcpu_stat_inc(AVCPU_STAT_HYPERCALL);
		run->exit_reason = AVCPU_EXIT_HYPERCALL;
		memset(&run->hypercall, 0, sizeof(run->hypercall));
		run->hypercall.nr = ctx->x[0];
		for (i = 0; i < 6; i++)
			run->hypercall.args[i] = ctx->x[i + 1];
		for (i = 0; i < 4; i++)
			run->hypercall.ret[i] = ctx->x[i];
		run->hypercall.imm = e->esr & 0xffff;
		run->hypercall.is_smc = avcpu_esr_ec(e->esr) == AVCPU_EC_SMC64;
		vcpu->pending = AVCPU_PENDING_HYPERCALL;
		return AVCPU_EXIT_USER;
	case AVCPU_EC_SYS64:
		return exit_sysreg(vcpu);
	case AVCPU_EC_DABT_LOW:
		switch (avcpu_decode_mmio(e->esr, e->far, e->hpfar, e->par, m)) {
		case AVCPU_MMIO_CACHE_OP:
			/* Cache maintenance on MMIO: nothing to do. */
			avcpu_stat_inc(AVCPU_STAT_CACHE_OP);
			avcpu_skip_instr(&ctx->elr, &ctx->spsr, e->esr);
			return 0;
		case AVCPU_MMIO_OK:
			if (vgic_mmio(vcpu, m, e->esr))
				return 0;
			avcpu_stat_inc(AVCPU_STAT_MMIO);
			run->exit_reason = AVCPU_EXIT_MMIO;
			memset(&run->mmio, 0, sizeof(run->mmio));
			run->mmio.phys_addr = m->ipa;
			run->mmio.len = m->len;
			run->mmio.is_write = m->is_write;
			run->mmio.reg = m->reg;
			run->mmio.sign_extend = m->sign_extend;
			run->mmio.sixty_four = m->sixty_four;
			run->mmio.far = e->far;
			if (m->is_write)
				run->mmio.data = store_value(m, ctx);
			vcpu->pending = AVCPU_PENDING_MMIO;
			vcpu->pending_esr = e->esr;
			return AVCPU_EXIT_USER;
		}
		fallthrough;
	case AVCPU_EC_IABT_LOW:
		if (exit_abort(vcpu))
			return AVCPU_EXIT_USER;
		break;
	}
	if (avcpu_debug_ec(avcpu_esr_ec(e->esr)))
		return avcpu_debug_exit(vcpu);
	avcpu_exit_exception(vcpu, AVCPU_EXIT_EXCEPTION);
	return AVCPU_EXIT_USER;
}
