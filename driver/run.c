// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: a vCPU's RUN, the EL1 half of the seed's Aarch64VCpu::run(): the
 * loop that waits while the vCPU is powered off (driver/psci.c), enters
 * the guest through EL2 and turns each exit into either a resumption
 * (T1) or struct avcpu_run for userspace (T2, driver/exit.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <asm/cpufeature.h>
#include <asm/neon.h>
#include <uapi/linux/avcpu.h>

#include "avcpu.h"
#include "el2.h"
#include "idregs.h"
#include "psci.h"
#include "timer.h"
#include "vcpu.h"

/*
 * The vCPU that last entered a guest on each CPU (avcpu_vcpu.uid): when it
 * was another one, this CPU's TLB may hold translations that vCPU's guest
 * considers private to it.
 */
static DEFINE_PER_CPU(u64, last_vcpu_ran);

/*
 * An SError that may have corrupted host state (uncontainable, or with no
 * severity on a RAS CPU) ends the host, as the kernel's own SError handler
 * and KVM's kvm_handle_guest_serror() do (arm64_serror_panic() is not
 * exported); any other goes to the VMM as AVCPU_EXIT_SERROR.
 */
static void avcpu_serror_check(u64 esr, const char *whose)
{
	if (avcpu_serror_fatal(esr, cpus_have_final_cap(ARM64_HAS_RAS_EXTN)))
		panic("avcpu: uncontainable SError from %s, ESR %#llx\n",
		      whose, esr);
}

/*
 * A host SError that the implicit error barrier of a host call deferred
 * into DISR_EL1 (FEAT_IESB): EL2 kept it from the guest; report it here.
 */
static DEFINE_PER_CPU(unsigned long, host_serrors_seen);

static void host_serror_report(void)
{
	struct avcpu_hyp_percpu *pc = avcpu_el2_percpu(smp_processor_id());
	unsigned long n = READ_ONCE(pc->host_serrors);

	if (n == this_cpu_read(host_serrors_seen))
		return;
	this_cpu_write(host_serrors_seen, n);
	pr_err_ratelimited("CPU%d: host SError deferred at EL2, ESR %#lx\n",
			   smp_processor_id(), READ_ONCE(pc->host_serror));
	avcpu_serror_check(READ_ONCE(pc->host_serror), "the host");
}

/* What EL2 answered itself (T0), into the exit counters. */
static void count_t0(struct avcpu_hyp_vcpu *h)
{
	struct avcpu_hyp_t0 *t = &h->t0;

	if (!(t->sysreg | t->setway | t->smccc))
		return;
	this_cpu_add(avcpu_stats[AVCPU_STAT_T0_SYSREG], t->sysreg);
	this_cpu_add(avcpu_stats[AVCPU_STAT_T0_SETWAY], t->setway);
	this_cpu_add(avcpu_stats[AVCPU_STAT_T0_SMCCC], t->smccc);
	this_cpu_add(avcpu_stats[AVCPU_STAT_T0],
		     t->sysreg + t->setway + t->smccc);
	memset(t, 0, sizeof(*t));
}

static int enter_guest(struct avcpu_vcpu *vcpu, unsigned long *code)
{
	struct avcpu_hvc_res res;
	bool stopped;

	/*
	 * The guest's FP/SIMD registers are loaded by EL1, inside a
	 * kernel-mode NEON section: kernel_neon_begin() has saved the
	 * calling task's own FP (and SVE/SME) state, which the kernel puts
	 * back before the task returns to userspace.  EL2 code never
	 * touches FP registers (built with -mgeneral-regs-only).
	 */
	kernel_neon_begin();
	/*
	 * The CPU that is checked is the CPU that enters: no preemption
	 * between the last-vCPU and VMID checks (vmid.c) and the exit.
	 */
	preempt_disable();
	if (this_cpu_read(last_vcpu_ran) != vcpu->uid) {
		vcpu->hyp->flags |= AVCPU_HYP_VCPU_FLUSH_LOCAL;
		this_cpu_write(last_vcpu_ran, vcpu->uid);
	}
	avcpu_fpsimd_load(&vcpu->fp);
	vcpu->hyp->vttbr_el2 = avcpu_vm_vttbr_update(vcpu->vm);
	avcpu_smccc_refresh(&vcpu->hyp->smccc);
	/*
	 * A system event stops this vCPU: checked with interrupts masked,
	 * so that a kick sent after the check is pending when EL2 looks
	 * (it then ends the slice before the guest runs an instruction).
	 * With pseudo-NMIs this masks them in ICC_PMR_EL1, which EL2 opens
	 * for the guest's time (lib/vcpu.c, host_pmr_open()).
	 */
	local_irq_disable();
	stopped = avcpu_psci_stop_entry(vcpu);
	if (stopped) {
		local_irq_enable();
	} else {
		avcpu_stat_inc(AVCPU_STAT_ENTRIES);
		/* The counter offset, the vGIC's list registers, PPI 27. */
		avcpu_timer_entry(vcpu);
		avcpu_hvc(AVCPU_HC_VCPU_RUN, virt_to_phys(vcpu->hyp), 0, 0, 0,
			  &res);
		local_irq_enable();
		avcpu_vgic_fold(vcpu);
		avcpu_timer_exit_guest(vcpu);
	}
	avcpu_fpsimd_save(&vcpu->fp);
	count_t0(vcpu->hyp);
	host_serror_report();
	preempt_enable();
	kernel_neon_end();

	if (stopped)
		return -EAGAIN;
	*code = res.a[0];
	if (res.a[0] == (unsigned long)AVCPU_HC_EINVAL)
		return -EINVAL;
	if (res.a[0] > AVCPU_RUN_SERROR) {
		/* This CPU's EL2 is not avcpu's (lost), or EL2 faulted. */
		pr_warn_ratelimited("CPU%d: cannot enter guest (EL2 answered %#lx)\n",
				    raw_smp_processor_id(), res.a[0]);
		return -EIO;
	}
	return 0;
}

static long run_intr(struct avcpu_vcpu *vcpu)
{
	avcpu_stat_inc(AVCPU_STAT_INTR);
	vcpu->run->exit_reason = AVCPU_EXIT_INTR;
	return -EINTR;
}

/*
 * One guest exit: 0 when the guest continues (answered here, T1), 1 when
 * RUN returns it to userspace (T2), or an errno.
 */
static int run_once(struct avcpu_vcpu *vcpu)
{
	unsigned long code;
	int ret;

	ret = enter_guest(vcpu, &code);
	if (ret == -EAGAIN)
		return AVCPU_EXIT_EVENT;	/* stopped before it entered */
	if (ret == -EINVAL) {
		avcpu_exit_exception(vcpu, AVCPU_EXIT_FAIL_ENTRY);
		return AVCPU_EXIT_USER;
	}
	if (ret)
		return ret;

	switch (code) {
	case AVCPU_RUN_IRQ:
	case AVCPU_RUN_FIQ:
		/*
		 * A host interrupt ended the slice (or a kick kept the guest
		 * from starting one).  It was taken at EL1 as soon as EL2
		 * returned; the guest continues.
		 */
		avcpu_stat_inc(AVCPU_STAT_IRQ);
		return 0;
	case AVCPU_RUN_SERROR:
		avcpu_serror_check(vcpu->hyp->exit.serror &
				   ~AVCPU_HYP_SERROR_VALID, "a guest");
		avcpu_exit_exception(vcpu, AVCPU_EXIT_SERROR);
		return AVCPU_EXIT_USER;
	}
	return avcpu_exit_sync(vcpu);
}

long avcpu_vcpu_run(struct avcpu_vcpu *vcpu)
{
	struct avcpu_run *run = vcpu->run;
	int ret;

	if (!vcpu->root_set)
		return -ENOEXEC;
	/*
	 * What the last exit left to userspace completes first, so that
	 * an immediate_exit RUN leaves the registers whole (KVM's way to
	 * flush state before saving it); an injected exception replaces
	 * the completion (driver/inject.c).
	 */
	if (!avcpu_inject_run_begin(vcpu))
		avcpu_exit_complete(vcpu);
	run->exit_reason = AVCPU_EXIT_NONE;
	/* As KVM: read once; it does not end a wait in WFI. */
	if (READ_ONCE(run->immediate_exit))
		return run_intr(vcpu);
	avcpu_smccc_load(vcpu);
	avcpu_idregs_load(vcpu);

	for (;;) {
		/* Powered off: wait; a system event: report it. */
		ret = avcpu_psci_wait(vcpu);
		if (ret == AVCPU_EXIT_USER) {
			avcpu_stat_inc(AVCPU_STAT_T2);
			return 0;
		}
		if (ret)
			return run_intr(vcpu);
		/* CPU_ON gives a vCPU created powered off its entry. */
		if (!vcpu->entry_set)
			return -ENOEXEC;
		if (signal_pending(current))
			return run_intr(vcpu);
		cond_resched();

		ret = run_once(vcpu);
		if (ret == AVCPU_EXIT_USER) {
			avcpu_stat_inc(AVCPU_STAT_T2);
			return 0;
		}
		if (ret == AVCPU_EXIT_EVENT)
			continue;
		if (ret == -EINTR) {
			avcpu_stat_inc(AVCPU_STAT_T1);
			return run_intr(vcpu);
		}
		if (ret)
			return ret;
		avcpu_stat_inc(AVCPU_STAT_T1);
	}
}
