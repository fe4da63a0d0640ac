// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: PSCI power management in the kernel (T1), as KVM's
 * arch/arm64/kvm/psci.c: CPU_ON, CPU_OFF, AFFINITY_INFO, CPU_SUSPEND,
 * SYSTEM_OFF/RESET/RESET2; the power state of each vCPU (KVM's MP_STATE),
 * the waits of a RUN on a powered-off vCPU or a guest in WFI, and the
 * system event every vCPU of the VM reports.  The calls EL2 answers itself
 * (PSCI_VERSION, PSCI_FEATURES...) are in lib/smccc.c.
 *
 * Locking: the VM's psci lock (a spinlock) protects every vCPU's power
 * fields and the VM's event; a vCPU's registers belong to the thread that
 * holds its mutex (its RUN), so CPU_ON leaves the target a reset request
 * that the target's own RUN applies (KVM's reset_state).
 */
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <uapi/linux/avcpu.h>

#include "avcpu.h"
#include "psci.h"
#include "timer.h"
#include "vcpu.h"
#include "vgic.h"
#include "../lib/smccc.h"

#define MPIDR_AFF_MASK		0xff00ffffffULL		/* Aff3, Aff2..Aff0 */
#define PSCI_AFFINITY_ON	0
#define PSCI_AFFINITY_OFF	1
#define PSCI_RESET2_VENDOR	0x80000000U

void avcpu_psci_vm_init(struct avcpu_vm_psci *p)
{
	spin_lock_init(&p->lock);
	INIT_LIST_HEAD(&p->vcpus);
	mutex_init(&p->filter_lock);
}

static struct avcpu_vm_psci *psci_of(struct avcpu_vcpu *vcpu)
{
	return avcpu_vm_psci(vcpu->vm);
}

void avcpu_psci_vcpu_add(struct avcpu_vcpu *vcpu, bool powered_off)
{
	struct avcpu_vm_psci *p = psci_of(vcpu);

	init_waitqueue_head(&vcpu->wq);
	spin_lock(&p->lock);
	vcpu->mp_state = powered_off ? AVCPU_MP_STATE_STOPPED :
				       AVCPU_MP_STATE_RUNNABLE;
	/* Events before the vCPU existed are not its own. */
	vcpu->event_seen = p->event_seq;
	list_add_tail(&vcpu->psci_node, &p->vcpus);
	spin_unlock(&p->lock);
}

void avcpu_psci_vcpu_remove(struct avcpu_vcpu *vcpu)
{
	struct avcpu_vm_psci *p = psci_of(vcpu);

	spin_lock(&p->lock);
	list_del(&vcpu->psci_node);
	spin_unlock(&p->lock);
}

static bool event_pending(struct avcpu_vcpu *vcpu)
{
	return READ_ONCE(psci_of(vcpu)->event_seq) != READ_ONCE(vcpu->event_seen);
}

/*
 * Make a vCPU look at its power state again: wake its RUN if it waits,
 * and, if its thread is in the guest on another CPU, interrupt it (the
 * reschedule IPI ends the guest's slice at EL2).  Psci lock held: the
 * thread cannot leave RUN meanwhile.
 */
static void psci_kick(struct avcpu_vcpu *vcpu)
{
	wake_up_interruptible(&vcpu->wq);
	if (!vcpu->task)
		return;
	/*
	 * The new power state is visible before kick_process() looks
	 * whether the thread is on a CPU: a thread switched in after that
	 * look sees the state in avcpu_psci_stop_entry() (the scheduler's
	 * switch is a full barrier on its side).
	 */
	smp_mb();
	kick_process(vcpu->task);
}

/* An interrupt for @vcpu (driver/vgic.c): it must look at it. */
void avcpu_vcpu_kick(struct avcpu_vcpu *vcpu)
{
	struct avcpu_vm_psci *p = psci_of(vcpu);

	spin_lock(&p->lock);
	psci_kick(vcpu);
	spin_unlock(&p->lock);
}

void avcpu_psci_run_begin(struct avcpu_vcpu *vcpu)
{
	struct avcpu_vm_psci *p = psci_of(vcpu);

	spin_lock(&p->lock);
	vcpu->task = current;
	spin_unlock(&p->lock);
}

void avcpu_psci_run_end(struct avcpu_vcpu *vcpu)
{
	struct avcpu_vm_psci *p = psci_of(vcpu);

	spin_lock(&p->lock);
	vcpu->task = NULL;
	spin_unlock(&p->lock);
}

/*
 * Called with interrupts masked just before the guest is entered: a kick
 * sent after this check is a pending interrupt, which ends the guest's
 * slice at once (EL2 checks ISR_EL1 before the eret).
 */
bool avcpu_psci_stop_entry(struct avcpu_vcpu *vcpu)
{
	return event_pending(vcpu) ||
	       READ_ONCE(vcpu->mp_state) != AVCPU_MP_STATE_RUNNABLE;
}

/*
 * Sleep until @wake says so, or a signal (-EINTR).  Meanwhile the vCPU is
 * no candidate for another vCPU's directed yield.
 */
static int psci_wait(struct avcpu_vcpu *vcpu,
		     bool (*wake)(struct avcpu_vcpu *vcpu))
{
	int ret;

	WRITE_ONCE(vcpu->waiting, true);
	ret = wait_event_interruptible(vcpu->wq, wake(vcpu));
	WRITE_ONCE(vcpu->waiting, false);
	return ret ? -EINTR : 0;
}

static bool power_wake(struct avcpu_vcpu *vcpu)
{
	return READ_ONCE(vcpu->mp_state) == AVCPU_MP_STATE_RUNNABLE ||
	       event_pending(vcpu);
}

/* Report the VM's last system event in this vCPU's run page. */
static void event_deliver(struct avcpu_vcpu *vcpu)
{
	struct avcpu_vm_psci *p = psci_of(vcpu);
	struct avcpu_run *run = vcpu->run;

	memset(&run->system_event, 0, sizeof(run->system_event));
	spin_lock(&p->lock);
	run->system_event.type = p->event.type;
	run->system_event.flags = p->event.flags;
	run->system_event.reset_type = p->event.reset_type;
	run->system_event.source_vcpu = p->event.source_vcpu;
	run->system_event.cookie = p->event.cookie;
	vcpu->event_seen = p->event_seq;
	spin_unlock(&p->lock);
	run->exit_reason = AVCPU_EXIT_SYSTEM_EVENT;
	avcpu_stat_inc(AVCPU_STAT_SYSTEM_EVENT);
}

/*
 * At the top of every round of the run loop: report a system event, wait
 * while powered off, then apply a CPU_ON that turned this vCPU on.
 * Returns 0 (enter the guest), 1 (return to userspace: the event is in
 * the run page) or -EINTR (a signal while powered off; the next RUN waits
 * again).
 */
int avcpu_psci_wait(struct avcpu_vcpu *vcpu)
{
	struct avcpu_vm_psci *p = psci_of(vcpu);
	u64 pc, ctx;
	bool reset, be;

	for (;;) {
		if (event_pending(vcpu)) {
			event_deliver(vcpu);
			return 1;
		}
		/* Acquire: pairs with psci_cpu_on()'s release. */
		if (smp_load_acquire(&vcpu->mp_state) ==
		    AVCPU_MP_STATE_RUNNABLE)
			break;
		if (psci_wait(vcpu, power_wake))
			return -EINTR;
	}
	/*
	 * Every round of the run loop passes here: no lock unless a CPU_ON
	 * left a reset, which it published before turning the vCPU on.
	 */
	if (!READ_ONCE(vcpu->reset_pending))
		return 0;
	spin_lock(&p->lock);
	reset = vcpu->reset_pending;
	pc = vcpu->reset_pc;
	ctx = vcpu->reset_ctx;
	be = vcpu->reset_be;
	WRITE_ONCE(vcpu->reset_pending, false);
	spin_unlock(&p->lock);
	if (reset)
		avcpu_vcpu_reset_regs(vcpu, pc, ctx, be);
	return 0;
}

/* SET_REGS, SET_ENTRY: the VMM's registers win over a pending CPU_ON. */
void avcpu_psci_reset_cancel(struct avcpu_vcpu *vcpu)
{
	struct avcpu_vm_psci *p = psci_of(vcpu);

	spin_lock(&p->lock);
	WRITE_ONCE(vcpu->reset_pending, false);
	spin_unlock(&p->lock);
}

/*
 * What ends a WFI: a system event (which also powers the vCPU off), a
 * power-state change, or an interrupt the guest would take (its vGIC,
 * which kicks this wait queue when one becomes pending).
 */
static bool wfi_wake(struct avcpu_vcpu *vcpu)
{
	return event_pending(vcpu) ||
	       READ_ONCE(vcpu->mp_state) != AVCPU_MP_STATE_RUNNABLE ||
	       avcpu_vgic_wake(vcpu);
}

/*
 * WFI (and CPU_SUSPEND): the guest has nothing to do until something
 * wakes it, so its thread sleeps, using no CPU.  The PC is already past
 * the WFI: a signal returns -EINTR and the next RUN continues after it,
 * as a WFI may always complete early.
 */
int avcpu_psci_wfi(struct avcpu_vcpu *vcpu)
{
	int ret;

	/* An armed timer ends the sleep at its deadline (driver/timer.c). */
	avcpu_timer_wfi_begin(vcpu);
	ret = psci_wait(vcpu, wfi_wake);
	avcpu_timer_wfi_end(vcpu);
	return ret;
}

/* In RUN, powered on and not asleep: a thread that can use the CPU. */
static bool yield_candidate(struct avcpu_vcpu *v)
{
	return v->task && v->mp_state == AVCPU_MP_STATE_RUNNABLE &&
	       !READ_ONCE(v->waiting);
}

/*
 * WFE: the guest spins on something another vCPU will change.  Give the
 * host CPU to the next vCPU thread of the VM that is in RUN (KVM's
 * directed yield, kvm_vcpu_on_spin()), or to whatever else is runnable.
 */
void avcpu_psci_yield(struct avcpu_vcpu *vcpu)
{
	struct avcpu_vm_psci *p = psci_of(vcpu);
	struct task_struct *t = NULL;
	struct avcpu_vcpu *v = vcpu;

	spin_lock(&p->lock);
	/* The vCPUs after this one, then from the start: round robin. */
	list_for_each_entry_continue(v, &p->vcpus, psci_node)
		if (yield_candidate(v))
			goto found;
	list_for_each_entry(v, &p->vcpus, psci_node) {
		if (v == vcpu)
			break;
		if (yield_candidate(v))
			goto found;
	}
	v = NULL;
found:
	if (v)
		t = get_task_struct(v->task);
	spin_unlock(&p->lock);
	if (!t || yield_to(t, true) <= 0)
		cond_resched();
	if (t)
		put_task_struct(t);
}

static struct avcpu_vcpu *psci_find(struct avcpu_vm_psci *p, u64 mpidr)
{
	struct avcpu_vcpu *v;

	list_for_each_entry(v, &p->vcpus, psci_node)
		if (v->mpidr == mpidr)
			return v;
	return NULL;
}

/*
 * CPU_ON: the target, found by MPIDR, starts at @entry in EL1h with DAIF
 * masked, x0 = @ctx, and the caller's endianness (KVM's
 * kvm_psci_vcpu_on()); the target's RUN does the reset.
 */
static long psci_cpu_on(struct avcpu_vcpu *src, u64 mpidr, u64 entry,
			u64 ctx)
{
	struct avcpu_vm_psci *p = psci_of(src);
	struct avcpu_vcpu *t;
	long ret = AVCPU_SMCCC_RET_SUCCESS;

	if (mpidr & ~MPIDR_AFF_MASK)
		return AVCPU_PSCI_RET_INVALID_PARAMS;
	spin_lock(&p->lock);
	t = psci_find(p, mpidr);
	if (!t) {
		ret = AVCPU_PSCI_RET_INVALID_PARAMS;
	} else if (t->mp_state == AVCPU_MP_STATE_RUNNABLE) {
		ret = AVCPU_PSCI_RET_ALREADY_ON;
	} else if (entry & 3) {
		ret = AVCPU_PSCI_RET_INVALID_ADDRESS;
	} else {
		t->reset_pc = entry;
		t->reset_ctx = ctx;
		t->reset_be = src->hyp->sys.sctlr_el1 & SCTLR_EL1_EE;
		WRITE_ONCE(t->reset_pending, true);
		/* The reset is visible to whoever sees the vCPU on. */
		smp_store_release(&t->mp_state, AVCPU_MP_STATE_RUNNABLE);
		psci_kick(t);
	}
	spin_unlock(&p->lock);
	return ret;
}

/*
 * AFFINITY_INFO: ON if any vCPU of the affinity instance is on; bits
 * outside Aff3..Aff0 are INVALID_PARAMETERS (KVM's valid_affinity).
 */
static long psci_affinity_info(struct avcpu_vcpu *src, u64 aff, u64 level)
{
	struct avcpu_vm_psci *p = psci_of(src);
	long ret = AVCPU_PSCI_RET_INVALID_PARAMS;
	struct avcpu_vcpu *v;
	u64 mask;

	if ((aff & ~MPIDR_AFF_MASK) || level > 3)
		return ret;
	/* KVM's psci_affinity_mask(): the fields at and above @level. */
	mask = MPIDR_AFF_MASK & ~((1ULL << (level * 8)) - 1);
	aff &= mask;
	spin_lock(&p->lock);
	list_for_each_entry(v, &p->vcpus, psci_node) {
		if ((v->mpidr & mask) != aff)
			continue;
		ret = PSCI_AFFINITY_OFF;
		if (v->mp_state == AVCPU_MP_STATE_RUNNABLE) {
			ret = PSCI_AFFINITY_ON;
			break;
		}
	}
	spin_unlock(&p->lock);
	return ret;
}

/*
 * SYSTEM_OFF/RESET/RESET2 (KVM's kvm_prepare_system_event()): the caller
 * and every other vCPU report the event at their next exit, and all are
 * powered off so that none runs guest code after the call.
 */
static void psci_system_event(struct avcpu_vcpu *src, u32 type, u32 flags,
			      u32 reset_type, u64 cookie)
{
	struct avcpu_vm_psci *p = psci_of(src);
	struct avcpu_vcpu *v;

	spin_lock(&p->lock);
	p->event.type = type;
	p->event.flags = flags;
	p->event.reset_type = reset_type;
	p->event.cookie = cookie;
	p->event.source_vcpu = src->vcpu_id;
	WRITE_ONCE(p->event_seq, p->event_seq + 1);
	list_for_each_entry(v, &p->vcpus, psci_node) {
		WRITE_ONCE(v->mp_state, AVCPU_MP_STATE_STOPPED);
		/* A CPU_ON not yet applied is void: the system is off. */
		WRITE_ONCE(v->reset_pending, false);
		if (v != src)
			psci_kick(v);
	}
	spin_unlock(&p->lock);
}

/*
 * A PSCI call EL2 left to the kernel (AVCPU_HYP_EXIT_SMCCC_T1).  SMC32
 * ids take W registers.  Returns 0 (the guest continues, or the run loop
 * finds the new power state), AVCPU_EXIT_EVENT (a system event for the
 * run loop to report) or -EINTR (a signal during CPU_SUSPEND).
 */
int avcpu_psci_call(struct avcpu_vcpu *vcpu, bool smc)
{
	struct avcpu_hyp_ctx *ctx = &vcpu->hyp->ctx;
	u32 fid = (u32)ctx->x[0];
	u64 a1 = ctx->x[1], a2 = ctx->x[2], a3 = ctx->x[3];
	long ret = AVCPU_SMCCC_RET_SUCCESS;

	if (!(fid & AVCPU_SMCCC_64)) {
		a1 = (u32)a1;
		a2 = (u32)a2;
		a3 = (u32)a3;
	}
	/* A trapped smc returns to itself, an hvc past itself. */
	if (smc)
		avcpu_skip_instr(&ctx->elr, &ctx->spsr, vcpu->hyp->exit.esr);
	switch (fid & ~AVCPU_SMCCC_64) {
	case AVCPU_PSCI_CPU_ON:
		ret = psci_cpu_on(vcpu, a1, a2, a3);
		break;
	case AVCPU_PSCI_CPU_OFF:
		spin_lock(&psci_of(vcpu)->lock);
		WRITE_ONCE(vcpu->mp_state, AVCPU_MP_STATE_STOPPED);
		spin_unlock(&psci_of(vcpu)->lock);
		break;
	case AVCPU_PSCI_AFFINITY_INFO:
		ret = psci_affinity_info(vcpu, a1, a2);
		break;
	case AVCPU_PSCI_CPU_SUSPEND:
		/*
		 * Standby only, whatever the power state: KVM's WFI, and
		 * counted as one.
		 */
		avcpu_stat_inc(AVCPU_STAT_WFI);
		ctx->x[0] = AVCPU_SMCCC_RET_SUCCESS;
		return avcpu_psci_wfi(vcpu);
	case AVCPU_PSCI_SYSTEM_OFF:
		psci_system_event(vcpu, AVCPU_SYSTEM_EVENT_SHUTDOWN, 0, 0, 0);
		ret = AVCPU_PSCI_RET_INTERNAL_FAILURE;
		break;
	case AVCPU_PSCI_SYSTEM_RESET:
		psci_system_event(vcpu, AVCPU_SYSTEM_EVENT_RESET, 0, 0, 0);
		ret = AVCPU_PSCI_RET_INTERNAL_FAILURE;
		break;
	case AVCPU_PSCI_SYSTEM_RESET2:
		/*
		 * SYSTEM_WARM_RESET (0) or a vendor-specific type, a 32-bit
		 * parameter in both forms.
		 */
		if ((u32)a1 && (u32)a1 < PSCI_RESET2_VENDOR) {
			ret = AVCPU_PSCI_RET_INVALID_PARAMS;
			break;
		}
		psci_system_event(vcpu, AVCPU_SYSTEM_EVENT_RESET,
				  AVCPU_SYSTEM_EVENT_RESET2, (u32)a1, a2);
		ret = AVCPU_PSCI_RET_INTERNAL_FAILURE;
		break;
	default:
		/* EL2 flags only the calls above. */
		ret = AVCPU_SMCCC_RET_NOT_SUPPORTED;
	}
	/*
	 * SYSTEM_*: INTERNAL_FAILURE in case the VMM resumes the caller
	 * (KVM preloads it the same way).
	 */
	ctx->x[0] = ret;
	/* A system event is counted once, when RUN reports it. */
	if (ret == AVCPU_PSCI_RET_INTERNAL_FAILURE)
		return AVCPU_EXIT_EVENT;
	avcpu_stat_inc(AVCPU_STAT_PSCI);
	return 0;
}

long avcpu_psci_get_mp_state(struct avcpu_vcpu *vcpu, void __user *arg)
{
	struct avcpu_mp_state s = { .mp_state = READ_ONCE(vcpu->mp_state) };

	return copy_to_user(arg, &s, sizeof(s)) ? -EFAULT : 0;
}

/*
 * RUNNABLE resumes the vCPU where it stopped (a pending CPU_ON reset
 * still applies); STOPPED powers it off.  No thread is in its RUN: the
 * caller holds the vCPU's mutex.
 */
long avcpu_psci_set_mp_state(struct avcpu_vcpu *vcpu, void __user *arg)
{
	struct avcpu_vm_psci *p = psci_of(vcpu);
	struct avcpu_mp_state s;

	if (copy_from_user(&s, arg, sizeof(s)))
		return -EFAULT;
	if (s.reserved || (s.mp_state != AVCPU_MP_STATE_RUNNABLE &&
			   s.mp_state != AVCPU_MP_STATE_STOPPED))
		return -EINVAL;
	spin_lock(&p->lock);
	WRITE_ONCE(vcpu->mp_state, s.mp_state);
	psci_kick(vcpu);
	spin_unlock(&p->lock);
	return 0;
}
