// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: a guest's generic timers (driver/timer.h has the overview).
 *
 * The virtual timer.  The guest's CNTV_CTL/CVAL are live only while it
 * runs: EL2 swaps the host's back in at every exit.  Its interrupt is
 * the host's PPI 27, which the GIC driver keeps disabled unless somebody
 * requests it, so it is requested here.  While the guest runs with its
 * timer condition met, that PPI ends the slice at EL2; the vCPU's PPI 27
 * in the virtual GIC then follows the condition (computed from the
 * saved registers and the counter before every entry), and goes to the
 * guest in a hardware-linked list register (LR.HW, pINTID 27), as KVM's
 * kvm_timer_vcpu_load_gic() does.  Before the entry the physical PPI is
 * made active whenever the virtual one is pending or active, so that it
 * cannot fire again into EL2 while the guest has not handled it; the
 * guest's deactivation then deactivates the physical one too, and if the
 * condition still holds (the guest did not reprogram its timer) it fires
 * again at once: a level interrupt without a maintenance exit, and the
 * guest's CNTV_CTL is never touched behind its back (forcing IMASK would
 * be visible to it).  Unlike KVM, no irq_set_vcpu_affinity(): the host
 * never runs with a guest's CNTV loaded, so the host itself never takes
 * a guest's timer interrupt, and an EOI of its own cannot deactivate one.
 *
 * The EL1 physical timer is the nVHE host's tick: the guest's accesses
 * trap (CNTHCTL_EL2.EL1PCEN = 0) and are emulated here as KVM nVHE does,
 * on the raw physical count (CNTPCT_EL0, which the guest reads directly),
 * with its interrupt PPI 30 in the virtual GIC and an hrtimer at its
 * deadline while the vCPU is in RUN.
 *
 * WFI: an hrtimer at the deadline of each armed timer ends the sleep.
 * Every hrtimer only wakes or kicks the vCPU; what is pending is always
 * computed from the registers and the counter, under the vGIC lock, so
 * the callbacks (hard interrupt context) take no lock of avcpu's.  They
 * live only while the vCPU's thread is in RUN (run_end cancels them), so
 * the thread they kick exists.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpuhotplug.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/math64.h>
#include <linux/of.h>
#include <linux/of_irq.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <asm/arch_timer.h>
#include <uapi/linux/avcpu.h>

#include "avcpu.h"
#include "timer.h"
#include "vcpu.h"
#include "vgic.h"
#include "../lib/sysreg.h"

/* The host's virtual-timer PPI: index 2 of the timer node (DT order). */
#define TIMER_DT_VIRT_INDEX	2

static struct {
	int irq;		/* Linux IRQ number, 0: none */
	u32 hwintid;		/* its INTID, for the list register */
	int err;		/* why guests get no irqchip, or 0 */
	int hp_state;
	bool requested;
} vt;

static u32 cntfrq;
static DEFINE_PER_CPU(u8, vt_dev_id);
/*
 * The active state this CPU's physical PPI 27 was last given, or -1
 * (unknown: a guest may have deactivated it through its list register,
 * the host may have taken it, the CPU came online).  Saves the GIC write
 * on every entry but the few that change it.
 */
static DEFINE_PER_CPU(s8, vt_phys_active) = -1;

u64 avcpu_timer_count(void)
{
	return __arch_counter_get_cntpct();
}

/*
 * Only the host's own CNTV can fire here (a guest's is never loaded
 * while the host runs), and nobody in the host uses it: keep it quiet.
 */
static irqreturn_t vtimer_handler(int irq, void *dev_id)
{
	write_sysreg(read_sysreg(cntv_ctl_el0) | AVCPU_TIMER_CTL_IMASK,
		     cntv_ctl_el0);
	/* The line drops before the GIC is told the handler is done. */
	isb();
	this_cpu_write(vt_phys_active, -1);
	return IRQ_HANDLED;
}

static int vtimer_cpu_online(unsigned int cpu)
{
	this_cpu_write(vt_phys_active, -1);
	enable_percpu_irq(vt.irq, IRQ_TYPE_NONE);
	return 0;
}

/*
 * Also at unload: no PPI 27 left active behind avcpu's back, for whoever
 * uses it next (KVM sets it per vCPU load, but expects nothing stale).
 */
static int vtimer_cpu_offline(unsigned int cpu)
{
	disable_percpu_irq(vt.irq);
	irq_set_irqchip_state(vt.irq, IRQCHIP_STATE_ACTIVE, false);
	this_cpu_write(vt_phys_active, -1);
	return 0;
}

int avcpu_timer_init(void)
{
	struct device_node *np;
	int ret;

	/* arch_timer_get_rate() is not exported: what firmware set. */
	cntfrq = arch_timer_get_cntfrq();
	vt.err = -ENODEV;
	np = of_find_compatible_node(NULL, NULL, "arm,armv8-timer");
	if (!np || !cntfrq) {
		of_node_put(np);
		return 0;
	}
	vt.irq = irq_of_parse_and_map(np, TIMER_DT_VIRT_INDEX);
	of_node_put(np);
	if (vt.irq <= 0) {
		vt.irq = 0;
		return 0;
	}
	/* KVM's, with kvm.enable_virt_at_load=0 ("kvm guest vtimer"). */
	if (irq_has_action(vt.irq)) {
		vt.err = -EBUSY;
		return 0;
	}
	vt.hwintid = irqd_to_hwirq(irq_get_irq_data(vt.irq));
	/* A list register can link a PPI only (lib/vgic_sr.c). */
	if (vt.hwintid < AVCPU_VGIC_NR_SGIS ||
	    vt.hwintid >= AVCPU_VGIC_NR_PRIVATE)
		return 0;
	ret = request_percpu_irq(vt.irq, vtimer_handler, "avcpu-vtimer",
				 &vt_dev_id);
	if (ret) {
		vt.err = ret;
		return 0;
	}
	vt.requested = true;
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "avcpu/timer:online",
				vtimer_cpu_online, vtimer_cpu_offline);
	if (ret < 0) {
		free_percpu_irq(vt.irq, &vt_dev_id);
		vt.requested = false;
		vt.err = ret;
		return 0;
	}
	vt.hp_state = ret;
	vt.err = 0;
	return 0;
}

void avcpu_timer_exit(void)
{
	if (!vt.requested)
		return;
	cpuhp_remove_state(vt.hp_state);
	free_percpu_irq(vt.irq, &vt_dev_id);
	vt.requested = false;
}

int avcpu_timer_irqchip_err(void)
{
	return vt.err;
}

u32 avcpu_timer_vtimer_hwintid(void)
{
	return vt.hwintid;
}

/* Counter ticks to nanoseconds, rounded up: never a wake-up too early. */
static u64 count_to_ns(u64 ticks)
{
	/* A deadline centuries away: wake up once in a while to look. */
	ticks = min_t(u64, ticks, BIT_ULL(56));
	return mul_u64_u32_div(ticks, NSEC_PER_SEC, cntfrq) + 1;
}

static enum hrtimer_restart timer_wake_fn(struct hrtimer *hrt)
{
	struct avcpu_timer_wake *w = container_of(hrt, struct avcpu_timer_wake,
						  hrt);
	u64 now = avcpu_timer_count();
	struct task_struct *task;
	u64 deadline = READ_ONCE(w->deadline);

	/* The hrtimer's clock and the counter may disagree by a little. */
	if (now < deadline) {
		hrtimer_forward_now(hrt, ns_to_ktime(count_to_ns(deadline - now)));
		return HRTIMER_RESTART;
	}
	avcpu_stat_inc(AVCPU_STAT_TIMER_WAKE);
	/* Asleep in WFI: it looks at its interrupts again. */
	wake_up_interruptible(&w->vcpu->wq);
	/* In the guest: the reschedule IPI ends its slice; it flushes. */
	task = READ_ONCE(w->vcpu->task);
	if (task)
		kick_process(task);
	return HRTIMER_NORESTART;
}

static void wake_arm(struct avcpu_timer_wake *w, u64 deadline, u64 now)
{
	WRITE_ONCE(w->deadline, deadline);
	hrtimer_start(&w->hrt, ns_to_ktime(count_to_ns(deadline - now)),
		      HRTIMER_MODE_REL);
}

static bool timer_armed(u64 ctl)
{
	return (ctl & (AVCPU_TIMER_CTL_ENABLE | AVCPU_TIMER_CTL_IMASK)) ==
	       AVCPU_TIMER_CTL_ENABLE;
}

/* The guest's virtual timer condition, with its interrupt unmasked. */
static bool vtimer_level(struct avcpu_vcpu *vcpu, u64 now)
{
	const struct avcpu_hyp_sysregs *s = &vcpu->hyp->sys;

	return timer_armed(s->cntv_ctl_el0) &&
	       now - avcpu_vm_cntvoff(vcpu->vm) >= s->cntv_cval_el0;
}

static bool ptimer_level(const struct avcpu_vcpu_timer *t, u64 now)
{
	return timer_armed(t->cntp_ctl) && now >= t->cntp_cval;
}

/* A level-sensitive input as a device drives it (IRQ_LINE's rule). */
static void timer_line(struct avcpu_vgic *d, struct avcpu_vgic_irq *irq,
		       bool level)
{
	if (irq->line_level == level)
		return;
	irq->line_level = level;
	if (irq->edge && level)
		irq->pending_latch = true;
	avcpu_vgic_irq_changed(d, irq);
}

void avcpu_timer_update_lines(struct avcpu_vcpu *vcpu, struct avcpu_vgic *d,
			      u64 now)
{
	struct avcpu_vgic_cpu *c = &vcpu->vgic_cpu;

	timer_line(d, &c->priv[AVCPU_TIMER_VTIMER_INTID],
		   vtimer_level(vcpu, now));
	timer_line(d, &c->priv[AVCPU_TIMER_PTIMER_INTID],
		   ptimer_level(&vcpu->timer, now));
}

static void vtimer_phys_active(bool active)
{
	if (!vt.requested || this_cpu_read(vt_phys_active) == active)
		return;
	if (!irq_set_irqchip_state(vt.irq, IRQCHIP_STATE_ACTIVE, active))
		this_cpu_write(vt_phys_active, active);
}

/*
 * Just before the entry (interrupts masked, so this is the CPU that
 * enters): the VM's counter offset, the interrupts into the list
 * registers, and the physical PPI 27 active exactly while the guest's
 * virtual one is pending or active (without an irqchip: while its
 * condition holds, so that an unhandled timer cannot storm the host).
 */
void avcpu_timer_entry(struct avcpu_vcpu *vcpu)
{
	const struct avcpu_hyp_sysregs *s = &vcpu->hyp->sys;
	int want;

	vcpu->hyp->sys.cntvoff_el2 = avcpu_vm_cntvoff(vcpu->vm);
	want = avcpu_vgic_flush(vcpu, avcpu_timer_count());
	if (want < 0)
		want = timer_armed(s->cntv_ctl_el0) &&
		       vtimer_level(vcpu, avcpu_timer_count());
	vtimer_phys_active(want);
}

/*
 * After the exit, on the same CPU: a guest that had its timer in a
 * hardware-linked list register may have deactivated the physical PPI.
 */
void avcpu_timer_exit_guest(struct avcpu_vcpu *vcpu)
{
	if (vcpu->timer.hw_lr)
		this_cpu_write(vt_phys_active, -1);
	vcpu->timer.hw_lr = false;
}

/*
 * The physical timer's hrtimer follows its registers while the vCPU is
 * in RUN, when there is an irqchip to take its interrupt (otherwise
 * nothing could be delivered at the deadline).
 */
static void ptimer_sync(struct avcpu_vcpu *vcpu, u64 now)
{
	struct avcpu_vcpu_timer *t = &vcpu->timer;

	/*
	 * Cancelled (waiting for a running callback, which may be about to
	 * forward itself) before it is started again, as KVM's
	 * kvm_arm_timer_write_sysreg().  Process context: it can wait.
	 */
	if (vcpu->vgic && timer_armed(t->cntp_ctl) && t->cntp_cval > now) {
		if (!hrtimer_active(&t->ptimer.hrt) ||
		    READ_ONCE(t->ptimer.deadline) != t->cntp_cval) {
			hrtimer_cancel(&t->ptimer.hrt);
			wake_arm(&t->ptimer, t->cntp_cval, now);
		}
	} else {
		hrtimer_cancel(&t->ptimer.hrt);
	}
}

void avcpu_timer_run_begin(struct avcpu_vcpu *vcpu)
{
	ptimer_sync(vcpu, avcpu_timer_count());
}

void avcpu_timer_run_end(struct avcpu_vcpu *vcpu)
{
	hrtimer_cancel(&vcpu->timer.ptimer.hrt);
	hrtimer_cancel(&vcpu->timer.vtimer.hrt);
}

/*
 * A WFI with the virtual timer armed for later: its CNTV is not loaded
 * while the vCPU sleeps, so an hrtimer stands in for it.
 */
void avcpu_timer_wfi_begin(struct avcpu_vcpu *vcpu)
{
	const struct avcpu_hyp_sysregs *s = &vcpu->hyp->sys;
	u64 now = avcpu_timer_count(), off = avcpu_vm_cntvoff(vcpu->vm);

	if (vcpu->vgic && timer_armed(s->cntv_ctl_el0) &&
	    s->cntv_cval_el0 > now - off)
		wake_arm(&vcpu->timer.vtimer, s->cntv_cval_el0 + off, now);
}

void avcpu_timer_wfi_end(struct avcpu_vcpu *vcpu)
{
	hrtimer_cancel(&vcpu->timer.vtimer.hrt);
}

u64 avcpu_timer_cntp_ctl(struct avcpu_vcpu *vcpu)
{
	struct avcpu_vcpu_timer *t = &vcpu->timer;
	u64 ctl = t->cntp_ctl;

	/* ISTATUS: the condition, whatever IMASK says. */
	if ((ctl & AVCPU_TIMER_CTL_ENABLE) &&
	    avcpu_timer_count() >= t->cntp_cval)
		ctl |= AVCPU_TIMER_CTL_ISTATUS;
	return ctl;
}

void avcpu_timer_cntp_set(struct avcpu_vcpu *vcpu, u64 ctl, u64 cval)
{
	vcpu->timer.cntp_ctl = ctl & (AVCPU_TIMER_CTL_ENABLE |
				      AVCPU_TIMER_CTL_IMASK);
	vcpu->timer.cntp_cval = cval;
}

/* CNTP_TVAL_EL0, CNTP_CTL_EL0, CNTP_CVAL_EL0: Op0 3, Op1 3, C14, C2. */
#define SYS_CNTP_OP1		3
#define SYS_CNTP_CRN		14
#define SYS_CNTP_CRM		2
#define SYS_CNTP_TVAL_OP2	0
#define SYS_CNTP_CTL_OP2	1
#define SYS_CNTP_CVAL_OP2	2

bool avcpu_timer_sysreg(struct avcpu_vcpu *vcpu, u64 esr)
{
	struct avcpu_hyp_ctx *ctx = &vcpu->hyp->ctx;
	struct avcpu_vcpu_timer *t = &vcpu->timer;
	u32 op2 = AVCPU_SYS_OP2(esr);
	int rt = AVCPU_SYS_RT(esr);
	u64 now, val;

	if (AVCPU_SYS_OP0(esr) != 3 || AVCPU_SYS_OP1(esr) != SYS_CNTP_OP1 ||
	    AVCPU_SYS_CRN(esr) != SYS_CNTP_CRN ||
	    AVCPU_SYS_CRM(esr) != SYS_CNTP_CRM || op2 > SYS_CNTP_CVAL_OP2)
		return false;
	now = avcpu_timer_count();
	if (AVCPU_SYS_READ(esr)) {
		if (op2 == SYS_CNTP_TVAL_OP2)
			/* TimerValue: [31:0] of CVAL - count, [63:32] RES0. */
			val = lower_32_bits(t->cntp_cval - now);
		else if (op2 == SYS_CNTP_CTL_OP2)
			val = avcpu_timer_cntp_ctl(vcpu);
		else
			val = t->cntp_cval;
		if (rt != 31)
			ctx->x[rt] = val;
	} else {
		val = rt == 31 ? 0 : ctx->x[rt];
		if (op2 == SYS_CNTP_TVAL_OP2)
			/* A signed 32-bit distance from now. */
			t->cntp_cval = now + (s64)(s32)val;
		else if (op2 == SYS_CNTP_CTL_OP2)
			avcpu_timer_cntp_set(vcpu, val, t->cntp_cval);
		else
			t->cntp_cval = val;
		ptimer_sync(vcpu, now);
	}
	avcpu_stat_inc(AVCPU_STAT_TIMER_SYSREG);
	avcpu_skip_instr(&ctx->elr, &ctx->spsr, esr);
	return true;
}

static void wake_init(struct avcpu_timer_wake *w, struct avcpu_vcpu *vcpu)
{
	hrtimer_init(&w->hrt, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	w->hrt.function = timer_wake_fn;
	w->vcpu = vcpu;
}

void avcpu_timer_vcpu_init(struct avcpu_vcpu *vcpu)
{
	wake_init(&vcpu->timer.ptimer, vcpu);
	wake_init(&vcpu->timer.vtimer, vcpu);
}

/* PSCI CPU_ON: the physical timer off, as the virtual one (KVM's reset). */
void avcpu_timer_vcpu_reset(struct avcpu_vcpu *vcpu)
{
	struct avcpu_vgic *d = vcpu->vgic;
	u32 intids[] = { AVCPU_TIMER_VTIMER_INTID, AVCPU_TIMER_PTIMER_INTID };
	int i;

	avcpu_timer_cntp_set(vcpu, 0, 0);
	hrtimer_cancel(&vcpu->timer.ptimer.hrt);
	if (!d)
		return;
	/*
	 * Nothing of the old timers' interrupts survives either: a CPU
	 * that starts afresh never ends one it did not take (KVM's
	 * kvm_vgic_reset_mapped_irq()).
	 */
	spin_lock(&d->lock);
	for (i = 0; i < ARRAY_SIZE(intids); i++) {
		struct avcpu_vgic_irq *irq = &vcpu->vgic_cpu.priv[intids[i]];

		irq->active = false;
		irq->active_on = NULL;
		irq->pending_latch = false;
		irq->line_level = false;
	}
	spin_unlock(&d->lock);
}

/* Nothing may fire for a vCPU that is gone. */
void avcpu_timer_vcpu_destroy(struct avcpu_vcpu *vcpu)
{
	avcpu_timer_run_end(vcpu);
}
