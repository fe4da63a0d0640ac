// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's timers (issue 12; Documentation/avcpu.rst): the EL1 virtual
 * timer (CNTV_*, the guest's own registers, PPI 27 through the virtual GIC
 * on a hardware-linked list register), the EL1 physical timer (CNTP_*,
 * trapped and emulated, PPI 30), a WFI woken by either, and one virtual
 * counter per VM (cntvoff_el2).  C guests on the guest library
 * (guest_lib.h, guest_gic.h, guest_timer.h).  The test bed's kernel has
 * HZ=250 and no high-resolution timers, so timing is asserted by order
 * and counts:
 *  - 100 successive absolute deadlines, on each timer, spinning and in
 *    WFI: exactly 100 interrupts (INTID from ICC_IAR1_EL1), none before
 *    its deadline (the counter read in the handler), none twice, CTL
 *    ENABLE | ISTATUS in each handler;
 *  - a WFI with the timer 200 ms ahead wakes never early and less than
 *    1 s late (printed), the vCPU entered at most twice during the sleep
 *    and one WFI exit; a timer whose PPI is disabled in the redistributor
 *    or masked by ICC_PMR_EL1 does not end the WFI;
 *  - CNTx_CTL_EL0 reads back what the guest wrote (ENABLE, IMASK, other
 *    bits RES0) with ISTATUS set iff ENABLE and the condition holds,
 *    whatever IMASK, before, while and after its interrupt is pending and
 *    taken; masked or moved ahead in the handler it does not fire again,
 *    unmasked with the condition still met it does, disabled while pending
 *    it is gone; CNTx_TVAL_EL0 reads (CVAL - count)[31:0] and writes
 *    CVAL = count + (s32)value; the emulated CNTP state through
 *    AVCPU_GET/SET_SYSREGS (ISTATUS computed, ignored by SET);
 *  - the host's tick is untouched: the pinned CPU's arch_timer interrupts
 *    and the coarse clock advance while a guest spins with both timers
 *    firing every millisecond and while it sleeps; no "Spurious and
 *    unmasked percpu IRQ", warning or BUG in the kernel log (every test);
 *  - one counter: a new VM's CNTVCT starts near zero and cntvoff_el2 is
 *    the physical count at AVCPU_CREATE_VM; two vCPUs on two host CPUs
 *    read it monotonic and consistent (ping-pong through memory); a SET of
 *    cntvoff_el2 through one vCPU is every vCPU's;
 *  - a VM destroyed with armed timers (in WFI, in WFI with undeliverable
 *    timers, spinning with both firing; killed, or closed by its VMM)
 *    leaves no avcpu hrtimer queued and nothing runs after it; the module
 *    then unloads;
 *  - without an irqchip the registers work (CNTP emulated), no interrupt
 *    reaches the guest, it is not stormed with exits while its timers'
 *    conditions hold, and no timer ends its WFI.
 *
 * Needs avcpu.ko in $AVCPU_MODDIR (default /avcpu).
 */
#include <sched.h>
#include <signal.h>
#include <time.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "avcpu_util.h"
#include "guest_gic.h"
#include "guest_timer.h"
#include "guest_report.h"

#define POLL_MS		10000	/* a guest wait that fails the test */
#define QUIET_WINDOW	50	/* ms a guest stays open for one more IRQ */
#define PRIO		0x80
#define NR_DEADLINES	100
#define CTL_FIRED	(CNT_CTL_ENABLE | CNT_CTL_ISTATUS)
#define PSR_I_BIT	BIT(7)

/* ---- guest ------------------------------------------------------------ */

/* Linux's GIC init on the only vCPU, the timer's PPI level, group 1. */
static void timer_gic_init(__u64 t)
{
	gic_init_linux(0);
	gic_irq_setup(timer_ppi(t), PRIO, false, 1);
}

/* Poll (interrupts masked) until HPPIR1 names @intid: true, or timeout. */
static bool wait_hppir(__u32 intid, __u64 timeout_ms)
{
	__u64 t0 = guest_ms();

	while (gic_read_hppir1() != intid)
		if (guest_ms() - t0 >= timeout_ms)
			return false;
	return true;
}

/* Busy for @ms with interrupts masked. */
static void spin_ms(__u64 ms)
{
	__u64 t0 = guest_ms();

	while (guest_ms() - t0 < ms)
		cpu_relax();
}

/* 100 deadlines, each armed by the handler of the one before. */
struct deadlines {
	__u64 timer;
	__u32 taken;		/* deadlines taken, in order */
	__u32 early;		/* interrupts before the armed deadline */
	__u32 after_done;	/* interrupts after the last one */
	__u32 other;		/* another INTID */
	__u32 bad_ctl;		/* CTL not ENABLE | ISTATUS in the handler */
	__u64 first_bad_ctl;
	__u64 deadline[NR_DEADLINES];
	__u64 seen[NR_DEADLINES];	/* the counter in its handler */
};

static struct deadlines dl;

static void dl_arm(__u32 i)
{
	/* 0.5 to 2.5 ms ahead */
	__u64 delta = timer_freq() / 2000 * (1 + i % 5);

	dl.deadline[i] = timer_count(dl.timer) + delta;
	timer_arm(dl.timer, dl.deadline[i]);
}

static void dl_hook(__u32 intid, bool fiq)
{
	__u64 now = timer_count(dl.timer), ctl = timer_read_ctl(dl.timer);
	__u32 i = dl.taken;

	if (intid != timer_ppi(dl.timer)) {
		dl.other++;
		return;
	}
	if (i >= NR_DEADLINES) {
		dl.after_done++;
		timer_write_ctl(dl.timer, 0);
		return;
	}
	if (now < dl.deadline[i]) {
		/* early, or the one before again: the deadline stays */
		dl.early++;
		return;
	}
	dl.seen[i] = now;
	if (ctl != CTL_FIRED && !dl.bad_ctl++)
		dl.first_bad_ctl = ctl;
	/* The next deadline (or none) before the EOI. */
	if (i + 1 < NR_DEADLINES)
		dl_arm(i + 1);
	else
		timer_write_ctl(dl.timer, 0);
	__atomic_store_n(&dl.taken, i + 1, __ATOMIC_RELEASE);
}

static void guest_deadlines(__u64 t, __u64 in_wfi)
{
	struct gic_cpu *c;
	bool ok;

	dl.timer = t;
	timer_gic_init(t);
	c = gic_this_cpu();
	gic_irq_hook = dl_hook;
	dl_arm(0);
	if (in_wfi)
		ok = gic_wait_ge(&dl.taken, NR_DEADLINES, POLL_MS);
	else
		ok = gic_poll_ge(&dl.taken, NR_DEADLINES, POLL_MS);
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC_ARGS(ok, dl.taken, dl.early, dl.after_done, dl.other,
			dl.bad_ctl);
	GUEST_SYNC_ARGS(c->count[timer_ppi(t)], c->nr_taken, c->nr_spurious,
			dl.first_bad_ctl, timer_read_ctl(t));
	GUEST_DONE();
}

/* One WFI, the timer 200 ms ahead, interrupts masked. */
static void guest_wfi_200ms(__u64 t)
{
	__u64 deadline, woke, ctl, hppir, iar;

	timer_gic_init(t);
	deadline = timer_count(t) + timer_ms_ticks(200);
	timer_arm(t, deadline);
	GUEST_SYNC_ARGS(1, deadline);
	wfi();			/* PSTATE.I set: woken, not taken */
	woke = timer_count(t);
	ctl = timer_read_ctl(t);
	hppir = gic_read_hppir1();
	iar = gic_read_iar1();
	timer_write_ctl(t, 0);	/* the condition gone before the EOI */
	if (iar < GIC_NR_INTIDS)
		gic_write_eoir1(iar);
	isb();
	GUEST_SYNC_ARGS(2, deadline, woke, ctl, hppir, iar);
	GUEST_SYNC_ARGS(3, gic_read_iar1(), timer_read_ctl(t));
	GUEST_DONE();
}

/* Take the timer once it is deliverable again, and silence it. */
static __u64 take_timer(__u64 t)
{
	__u32 iar;

	if (!wait_hppir(timer_ppi(t), 1000))
		return gic_read_hppir1() | 0xdead0000UL;
	iar = gic_read_iar1();
	timer_write_ctl(t, 0);
	if (iar < GIC_NR_INTIDS)
		gic_write_eoir1(iar);
	isb();
	return iar;
}

/* WFI through a disabled, then a PMR-masked, expired timer. */
static void guest_wfi_undeliverable(__u64 t)
{
	__u32 ppi = timer_ppi(t);
	__u64 iar;

	timer_gic_init(t);
	gic_irq_disable(ppi);
	timer_arm(t, timer_count(t) + timer_ms_ticks(20));
	GUEST_SYNC(1);
	wfi();			/* the VMM's signal ends it */
	iar = gic_read_iar1();
	GUEST_SYNC_ARGS(2, iar, timer_read_ctl(t));
	gic_irq_enable(ppi);
	GUEST_SYNC_ARGS(3, take_timer(t), gic_read_iar1());

	gic_write_pmr(PRIO);	/* priority 0x80 >= PMR: masked */
	isb();
	timer_arm(t, timer_count(t) + timer_ms_ticks(20));
	GUEST_SYNC(4);
	wfi();
	iar = gic_read_iar1();
	GUEST_SYNC_ARGS(5, iar, timer_read_ctl(t), gic_read_hppir1());
	gic_write_pmr(GIC_PMR_DEFAULT);
	isb();
	GUEST_SYNC_ARGS(6, take_timer(t), gic_read_iar1());
	GUEST_DONE();
}

/* CTL and TVAL semantics; the handler's view of CTL. */
static __u64 rb_timer;
static __u64 rb_in[2], rb_out[2];

static void rb_hook(__u32 intid, bool fiq)
{
	__u64 t = rb_timer;
	__u32 n = gic_count(0, intid);

	if (intid != timer_ppi(t) || n > 2)
		return;
	rb_in[n - 1] = timer_read_ctl(t);
	if (n == 1) {
		/* masked before the EOI */
		timer_write_ctl(t, CNT_CTL_ENABLE | CNT_CTL_IMASK);
	} else {
		/* moved ahead before the EOI */
		timer_write_cval(t, timer_count(t) + timer_ms_ticks(100000));
	}
	rb_out[n - 1] = timer_read_ctl(t);
}

/*
 * CTL written 0, ENABLE, IMASK, both and ~0 (the RES0 bits too), each read
 * back, packed a byte each (~0's in bits 39:32).  With @met (the condition
 * holds) ENABLE alone is left out (byte 1 stays 0): unmasked, the timer
 * would fire, which the tests look at on their own.
 */
static __u64 ctl_combos(__u64 t, bool met)
{
	__u64 r = 0, i;

	for (i = 0; i < 4; i++) {
		if (met && i == CNT_CTL_ENABLE)
			continue;
		timer_write_ctl(t, i);
		r |= timer_read_ctl(t) << (8 * i);
	}
	timer_write_ctl(t, ~0UL);
	r |= timer_read_ctl(t) << 32;
	return r;
}

/* TVAL reads and writes against the counter read around them. */
static void tval_checks(__u64 t, __u64 step)
{
	__u64 c1, c2, cval, tval;

	timer_write_ctl(t, 0);
	c1 = timer_count(t);
	timer_write_tval(t, 1000000);
	c2 = timer_count(t);
	GUEST_SYNC_ARGS(step, c1, c2, timer_read_cval(t));
	c1 = timer_count(t);
	timer_write_tval(t, 0xffffff00UL);	/* -256 */
	c2 = timer_count(t);
	GUEST_SYNC_ARGS(step + 1, c1, c2, timer_read_cval(t));
	cval = timer_count(t) + 5000000;
	timer_write_cval(t, cval);
	c1 = timer_count(t);
	tval = timer_read_tval(t);
	c2 = timer_count(t);
	GUEST_SYNC_ARGS(step + 2, cval, c1, tval, c2);
	cval = timer_count(t) - 1000;
	timer_write_cval(t, cval);
	c1 = timer_count(t);
	tval = timer_read_tval(t);
	c2 = timer_count(t);
	GUEST_SYNC_ARGS(step + 3, cval, c1, tval, c2);
}

static void guest_readback(__u64 t)
{
	__u32 ppi = timer_ppi(t);
	struct gic_cpu *c;
	__u64 far, r, hppir, ctl, ok;

	rb_timer = t;
	timer_gic_init(t);
	c = gic_this_cpu();
	gic_irq_hook = rb_hook;

	/* 1: the condition not met: no ISTATUS */
	far = timer_count(t) + timer_ms_ticks(100000);
	timer_write_cval(t, far);
	r = ctl_combos(t, false);
	GUEST_SYNC_ARGS(1, r, timer_read_cval(t) == far, timer_read_ctl(t));

	/* 2: met (CVAL 0): ISTATUS iff ENABLE, whatever IMASK */
	timer_write_cval(t, 0);
	r = ctl_combos(t, true);
	timer_write_ctl(t, CNT_CTL_ENABLE | CNT_CTL_IMASK);
	spin_ms(QUIET_WINDOW);
	hppir = gic_read_hppir1();	/* IMASK: nothing pending */
	GUEST_SYNC_ARGS(2, r, hppir, timer_read_ctl(t));

	/* 3: unmasked: pending, CTL still what was written */
	timer_write_ctl(t, CNT_CTL_ENABLE);
	ok = wait_hppir(ppi, 1000);
	ctl = timer_read_ctl(t);
	GUEST_SYNC_ARGS(3, ok, ctl, gic_read_hppir1(), timer_read_ctl(t));

	/* 4: taken; masked by its handler before the EOI: not again */
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC_ARGS(4, c->count[ppi], rb_in[0], rb_out[0],
			timer_read_ctl(t), gic_read_hppir1());

	/* 5: unmasked, the condition still met: again; moved ahead */
	timer_write_ctl(t, CNT_CTL_ENABLE);
	ok = gic_wait_ge(&c->count[ppi], 2, POLL_MS);
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC_ARGS(5, ok, c->count[ppi], rb_in[1], rb_out[1],
			timer_read_ctl(t), gic_read_hppir1());

	/* 6: pending, then disabled before it is taken: gone */
	timer_write_cval(t, 0);
	timer_write_ctl(t, CNT_CTL_ENABLE);
	ok = wait_hppir(ppi, 1000);
	timer_write_ctl(t, 0);
	GUEST_SYNC_ARGS(6, ok, timer_read_ctl(t));
	hppir = gic_read_hppir1();
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC_ARGS(7, hppir, c->count[ppi], c->nr_taken, c->nr_spurious);

	/* 8..11: TVAL */
	tval_checks(t, 8);
	timer_write_ctl(t, 0);
	GUEST_DONE();
}

/* The emulated CNTP state as the VMM sees and sets it. */
static void guest_ptimer_vmm(__u64 cval)
{
	struct gic_cpu *c;

	timer_gic_init(TIMER_PHYS);
	c = gic_this_cpu();
	rb_timer = TIMER_PHYS;
	gic_irq_hook = rb_hook;		/* masks it in the handler */
	timer_write_cval(TIMER_PHYS, cval);
	timer_write_ctl(TIMER_PHYS, CNT_CTL_ENABLE | CNT_CTL_IMASK);
	GUEST_SYNC(1);
	/* The VMM set ENABLE, CVAL 0 */
	GUEST_SYNC_ARGS(2, timer_read_ctl(TIMER_PHYS),
			timer_read_cval(TIMER_PHYS));
	GUEST_ASSERT(gic_wait_ge(&c->count[TIMER_PPI_PHYS], 1, POLL_MS));
	gic_irqs_open_for(QUIET_WINDOW);
	GUEST_SYNC_ARGS(3, c->count[TIMER_PPI_PHYS], rb_in[0],
			timer_read_ctl(TIMER_PHYS));
	/* The VMM set ISTATUS alone, then IMASK with CVAL far */
	GUEST_SYNC_ARGS(4, timer_read_ctl(TIMER_PHYS),
			timer_read_cval(TIMER_PHYS));
	GUEST_DONE();
}

/* Both timers re-armed @rearm_ticks ahead by their handlers. */
static __u64 rearm_ticks;

static void rearm_hook(__u32 intid, bool fiq)
{
	if (intid == TIMER_PPI_VIRT)
		timer_arm(TIMER_VIRT, timer_count(TIMER_VIRT) + rearm_ticks);
	else if (intid == TIMER_PPI_PHYS)
		timer_arm(TIMER_PHYS, timer_count(TIMER_PHYS) + rearm_ticks);
}

static void both_timers_init(void)
{
	gic_init_linux(0);
	gic_irq_setup(TIMER_PPI_VIRT, PRIO, false, 1);
	gic_irq_setup(TIMER_PPI_PHYS, PRIO, false, 1);
	rearm_ticks = timer_ms_ticks(1);
}

/* Spins with both timers firing every ms, then sleeps 500 ms. */
static void guest_busy_then_asleep(void)
{
	struct gic_cpu *c;
	__u64 t0, t1;

	both_timers_init();
	c = gic_this_cpu();
	gic_irq_hook = rearm_hook;
	GUEST_SYNC(1);
	timer_arm(TIMER_VIRT, timer_count(TIMER_VIRT) + rearm_ticks);
	timer_arm(TIMER_PHYS, timer_count(TIMER_PHYS) + rearm_ticks);
	gic_irqs_open_for(500);
	GUEST_SYNC_ARGS(2, c->count[TIMER_PPI_VIRT], c->count[TIMER_PPI_PHYS],
			c->nr_spurious);
	/* Asleep: both 500 ms ahead, nobody re-arms them */
	gic_irq_hook = NULL;
	t0 = timer_count(TIMER_VIRT);
	timer_arm(TIMER_VIRT, t0 + timer_ms_ticks(500));
	timer_arm(TIMER_PHYS, timer_count(TIMER_PHYS) + timer_ms_ticks(500));
	wfi();
	t1 = timer_count(TIMER_VIRT);
	timer_write_ctl(TIMER_VIRT, 0);
	timer_write_ctl(TIMER_PHYS, 0);
	gic_take_pending();
	GUEST_SYNC_ARGS(3, t1 - t0);
	GUEST_DONE();
}

/* Counter reads, one per GUEST_SYNC, the first one first. */
static void guest_counter_reads(void)
{
	for (;;)
		GUEST_SYNC(timer_count(TIMER_VIRT));
}

/* Ping-pong: each vCPU reads the counter after seeing the other's read. */
#define PP_ROUNDS	200
static __u64 pp_turn;		/* 2 * round + vCPU: whose read is next */
static __u64 pp_last;		/* the last read */

static void guest_pingpong(__u64 idx)
{
	__u64 i, v, other, prev = 0, bad_other = 0, bad_own = 0;
	__u64 worst_other = 0, worst_v = 0, start = timer_count(TIMER_VIRT);
	__u64 limit = timer_ms_ticks(POLL_MS * 3);

	for (i = 0; i < PP_ROUNDS; i++) {
		while (__atomic_load_n(&pp_turn, __ATOMIC_ACQUIRE) !=
		       2 * i + idx) {
			cpu_relax();
			GUEST_ASSERT(timer_count(TIMER_VIRT) - start < limit);
		}
		other = READ_ONCE(pp_last);
		dsb_ish();		/* that load done before the read */
		v = timer_count(TIMER_VIRT);
		if (v < other && !bad_other++) {
			worst_other = other;
			worst_v = v;
		}
		if (v < prev)
			bad_own++;
		prev = v;
		WRITE_ONCE(pp_last, v);
		__atomic_store_n(&pp_turn, 2 * i + idx + 1, __ATOMIC_RELEASE);
	}
	GUEST_SYNC_ARGS(idx, bad_other, bad_own, worst_other, worst_v, prev);
	GUEST_DONE();
}

/* A VM destroyed with its timers armed. */
enum { ARMED_WFI_FAR, ARMED_WFI_UNDELIVERABLE, ARMED_WFI_NEAR,
	ARMED_SPINNING, NR_ARMED };
static const char * const armed_names[NR_ARMED] = {
	"in WFI, both timers 1 s ahead",
	"in WFI, both expired 10 ms in, PPIs disabled",
	"in WFI, the vtimer every 2 ms, the ptimer 1 s ahead",
	"spinning, both timers every ms",
};

static void guest_armed(__u64 mode)
{
	both_timers_init();
	switch (mode) {
	case ARMED_WFI_FAR:
		timer_arm(TIMER_VIRT, timer_count(TIMER_VIRT) +
			  timer_ms_ticks(1000));
		timer_arm(TIMER_PHYS, timer_count(TIMER_PHYS) +
			  timer_ms_ticks(1000));
		break;
	case ARMED_WFI_UNDELIVERABLE:
		gic_irq_disable(TIMER_PPI_VIRT);
		gic_irq_disable(TIMER_PPI_PHYS);
		timer_arm(TIMER_VIRT, timer_count(TIMER_VIRT) +
			  timer_ms_ticks(10));
		timer_arm(TIMER_PHYS, timer_count(TIMER_PHYS) +
			  timer_ms_ticks(10));
		break;
	case ARMED_WFI_NEAR:
		rearm_ticks = timer_ms_ticks(2);
		gic_irq_hook = rearm_hook;
		timer_arm(TIMER_VIRT, timer_count(TIMER_VIRT) + rearm_ticks);
		timer_arm(TIMER_PHYS, timer_count(TIMER_PHYS) +
			  timer_ms_ticks(1000));
		break;
	default:
		gic_irq_hook = rearm_hook;
		timer_arm(TIMER_VIRT, timer_count(TIMER_VIRT) + rearm_ticks);
		timer_arm(TIMER_PHYS, timer_count(TIMER_PHYS) + rearm_ticks);
		local_irq_enable();
		GUEST_SYNC(1);
		for (;;)
			cpu_relax();
	}
	if (mode == ARMED_WFI_NEAR)
		local_irq_enable();
	GUEST_SYNC(1);
	for (;;)
		wfi();
}

/* Without an irqchip. */
static __u64 noirq_irqs;

static void noirq_handler(struct ex_regs *regs)
{
	/* Counted, and back with IRQs masked: no storm of them. */
	noirq_irqs++;
	regs->pstate |= PSR_I_BIT;
}

static void guest_no_irqchip(void)
{
	__u64 t, far, r_far, r_met, isr, c1, c2;

	for (t = TIMER_VIRT; t <= TIMER_PHYS; t++) {
		far = timer_count(t) + timer_ms_ticks(100000);
		timer_write_cval(t, far);
		r_far = ctl_combos(t, false);
		timer_write_cval(t, 0);
		r_met = ctl_combos(t, true);
		c1 = timer_count(t);
		timer_write_tval(t, 1000000);
		c2 = timer_count(t);
		GUEST_SYNC_ARGS(t, r_far, r_met, c1, c2, timer_read_cval(t));
	}
	/* Both conditions met, enabled, unmasked; interrupts open 100 ms */
	timer_arm(TIMER_VIRT, 0);
	timer_arm(TIMER_PHYS, 0);
	GUEST_SYNC(2);
	isr = read_sysreg(isr_el1);
	local_irqfiq_enable();
	spin_ms(100);
	local_irqfiq_disable();
	GUEST_SYNC_ARGS(3, noirq_irqs, isr, read_sysreg(isr_el1),
			timer_read_ctl(TIMER_VIRT), timer_read_ctl(TIMER_PHYS));
	/* WFI with both 20 ms ahead: nothing ends it */
	timer_arm(TIMER_VIRT, timer_count(TIMER_VIRT) + timer_ms_ticks(20));
	timer_arm(TIMER_PHYS, timer_count(TIMER_PHYS) + timer_ms_ticks(20));
	GUEST_SYNC(4);
	wfi();
	GUEST_SYNC_ARGS(5, timer_read_ctl(TIMER_VIRT),
			timer_read_ctl(TIMER_PHYS), noirq_irqs);
	timer_write_ctl(TIMER_VIRT, 0);
	timer_write_ctl(TIMER_PHYS, 0);
	GUEST_DONE();
}

/* ---- host ------------------------------------------------------------- */

static __u64 host_count(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

static __u64 host_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

static __u64 ticks_to_us(__u64 ticks)
{
	return ticks * 1000000 / host_freq();
}

static long now_ms(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/*
 * Interrupts /proc/interrupts counts on @cpu (-1: all CPUs) on the lines
 * that contain @name (every line if NULL) but not @skip; -1 if none did.
 */
static long irq_count(int cpu, const char *name, const char *skip)
{
	char line[2048], *p, *end;
	int ncpu = 0, col = -1, i;
	long sum = -1;
	FILE *f = fopen("/proc/interrupts", "r");

	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return -1;
	}
	for (p = line; (p = strstr(p, "CPU")); p += 3, ncpu++)
		if (atoi(p + 3) == cpu)
			col = ncpu;
	while (fgets(line, sizeof(line), f)) {
		p = strchr(line, ':');
		if (!p || (name && !strstr(line, name)) ||
		    (skip && strstr(line, skip)))
			continue;
		for (i = 0, p++; i < ncpu; i++, p = end) {
			long n = strtol(p, &end, 10);

			if (end == p)
				break;
			if (cpu >= 0 && i != col)
				continue;
			sum = (sum < 0 ? 0 : sum) + n;
		}
	}
	fclose(f);
	return sum;
}

/* Is an hrtimer of avcpu's queued (/proc/timer_list names its function)? */
static int avcpu_hrtimer_queued(char *what, size_t len)
{
	char line[512];
	int found = 0;
	FILE *f = fopen("/proc/timer_list", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "[avcpu]")) {
			if (!found++)
				snprintf(what, len, "%s", line);
		}
	fclose(f);
	return found;
}

/* A line in the kernel log that the checks below start after. */
static void klog_mark(char *mark, size_t len, const char *what)
{
	snprintf(mark, len, "avcpu timer_test: %s (%ld)", what,
		 (long)getpid());
	write_file("/dev/kmsg", mark);
}

/*
 * Nothing in the kernel log after @mark that says the host suffered: the
 * GIC driver's report of a PPI firing with no handler, warnings, BUGs,
 * oopses, stalls.
 */
static void expect_klog_clean(struct __test_metadata *_metadata,
			      const char *mark)
{
	static const char * const bad[] = {
		"Spurious and unmasked percpu IRQ", "WARNING:", "BUG:",
		"Oops", "Internal error", "Unable to handle kernel",
		"rcu: INFO", "soft lockup", "KASAN", "hard LOCKUP",
		"list_add corruption", "list_del corruption",
	};
	static char buf[1 << 20];
	char *from, *p;
	unsigned int i;
	int n = syscall(__NR_syslog, 3 /* SYSLOG_ACTION_READ_ALL */, buf,
			sizeof(buf) - 1);

	ASSERT_LE(0, n);
	buf[n] = 0;
	from = buf;
	for (p = buf; (p = strstr(p, mark)); p++)
		from = p;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		p = strstr(from, bad[i]);
		EXPECT_EQ(NULL, p) {
			char *eol = strchr(p, '\n');
			int l = eol ? (int)(eol - p) : (int)strlen(p);

			TH_LOG("kernel log: %.*s", l > 200 ? 200 : l, p);
		}
	}
}

static void load_avcpu(struct __test_metadata *_metadata)
{
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	install_sigusr1_noop();
}

/* A VM with the irqchip, each timer's tests on it. */
FIXTURE(timer) {
	struct gvm *vm;
	char mark[128];
};

FIXTURE_VARIANT(timer) {
	__u64 timer;
};

FIXTURE_VARIANT_ADD(timer, vtimer) {
	.timer = TIMER_VIRT,
};

FIXTURE_VARIANT_ADD(timer, ptimer) {
	.timer = TIMER_PHYS,
};

FIXTURE_SETUP(timer)
{
	load_avcpu(_metadata);
	klog_mark(self->mark, sizeof(self->mark),
		  variant->timer == TIMER_PHYS ? "ptimer" : "vtimer");
	self->vm = vm_create();
	vm_gic_install_handlers(self->vm);
}

FIXTURE_TEARDOWN(timer)
{
	vm_destroy(self->vm);
	expect_klog_clean(_metadata, self->mark);
}

static struct gvcpu *timer_vcpu(struct __test_metadata *_metadata,
				struct gvm *vm, void *fn, __u64 t)
{
	struct gvcpu *v = vm_vcpu_add(vm, 0, fn);

	vcpu_args_set(v, 1, t);
	EXPECT_EQ(0, vm_create_gic(vm));
	return v;
}

static void run_deadlines(struct __test_metadata *_metadata,
			  struct gvm *vm, __u64 t, __u64 in_wfi)
{
	struct gvcpu *v = vm_vcpu_add(vm, 0, guest_deadlines);
	__u64 i, late, max_late = 0, sum_late = 0;
	struct vcpu_event ev;

	vcpu_args_set(v, 2, t, in_wfi);
	ASSERT_EQ(0, vm_create_gic(vm));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);		/* all within POLL_MS */
	EXPECT_EQ(NR_DEADLINES, ev.uc.args[1]);
	EXPECT_EQ(0, ev.uc.args[2]) {		/* none early, none twice */
		TH_LOG("%llu interrupts before their deadline",
		       ev.uc.args[2]);
	}
	EXPECT_EQ(0, ev.uc.args[3]);		/* none after the last */
	EXPECT_EQ(0, ev.uc.args[4]);		/* nothing else */
	EXPECT_EQ(0, ev.uc.args[5]) {
		sync_global_from_guest(vm, dl);
		TH_LOG("CTL in the handler %#llx, not ENABLE | ISTATUS",
		       dl.first_bad_ctl);
	}
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(NR_DEADLINES, ev.uc.args[0]);	/* the PPI, exactly */
	EXPECT_EQ(NR_DEADLINES, ev.uc.args[1]);
	EXPECT_EQ(0, ev.uc.args[2]);		/* no spurious IAR */
	EXPECT_EQ(0, ev.uc.args[4]);		/* disabled by the last */
	sync_global_from_guest(vm, dl);
	for (i = 0; i < NR_DEADLINES && i < dl.taken; i++) {
		EXPECT_LE(dl.deadline[i], dl.seen[i]) {
			TH_LOG("deadline %llu", i);
		}
		late = dl.seen[i] - dl.deadline[i];
		sum_late += late;
		if (late > max_late)
			max_late = late;
	}
	if (dl.taken)
		TH_LOG("%s, %s: lateness mean %llu us, max %llu us",
		       t == TIMER_PHYS ? "ptimer" : "vtimer",
		       in_wfi ? "in WFI" : "spinning",
		       ticks_to_us(sum_late / dl.taken), ticks_to_us(max_late));
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

TEST_F_TIMEOUT(timer, hundred_deadlines_spinning, 120)
{
	run_deadlines(_metadata, self->vm, variant->timer, 0);
}

TEST_F_TIMEOUT(timer, hundred_deadlines_in_wfi, 120)
{
	run_deadlines(_metadata, self->vm, variant->timer, 1);
}

TEST_F(timer, wfi_200ms_wakes_on_time)
{
	__u64 t = variant->timer, ppi = timer_ppi(t), deadline, woke;
	unsigned long wfi, entries0, entries_mid;
	struct vcpu_event ev;
	struct gvcpu *v;
	bool asleep;
	int cpu = pin_one_cpu();

	ASSERT_LE(0, cpu);
	v = timer_vcpu(_metadata, self->vm, guest_wfi_200ms, t);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	ASSERT_EQ(1, ev.uc.args[0]);
	deadline = ev.uc.args[1];
	wfi = exit_count("wfi");
	ASSERT_NE(~0UL, wfi);
	vcpu_thread_start(v);
	/*
	 * 50 ms into the sleep RUN waits; 100 ms later, still 50 ms
	 * before the deadline, the vCPU has been entered at most twice
	 * meanwhile (what the guest does once awake, and the host ticks
	 * that interrupt it then, are not part of the sleep).
	 */
	asleep = vcpu_event_wait(v, &ev, 50) == -ETIMEDOUT;
	entries0 = exit_count("entries");
	if (asleep)
		asleep = vcpu_event_wait(v, &ev, 100) == -ETIMEDOUT;
	entries_mid = exit_count("entries");
	if (asleep)
		ASSERT_THREAD_UCALL(v, UCALL_SYNC, &ev);
	else
		ASSERT_EVENT_UCALL(v, &ev, UCALL_SYNC);
	EXPECT_TRUE(asleep);
	EXPECT_EQ(2, ev.uc.args[0]);
	EXPECT_EQ(deadline, ev.uc.args[1]);
	woke = ev.uc.args[2];
	EXPECT_LE(deadline, woke);		/* never early */
	EXPECT_GT(host_freq(), woke - deadline);	/* < 1 s late */
	TH_LOG("CPU %d: woke %lld us after its deadline; %lu entries in 100 ms of the sleep",
	       cpu, (long long)(woke - deadline) * 1000000 /
	       (long long)host_freq(), entries_mid - entries0);
	EXPECT_EQ(CTL_FIRED, ev.uc.args[3]);
	EXPECT_EQ(ppi, ev.uc.args[4]);		/* HPPIR1 */
	EXPECT_EQ(ppi, ev.uc.args[5]);		/* IAR1 */
	/* Entered at most twice while asleep; one WFI exit */
	EXPECT_GE(entries0 + 2, entries_mid);
	EXPECT_EQ(wfi + 1, exit_count("wfi"));
	ASSERT_THREAD_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(3, ev.uc.args[0]);
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[1]);	/* taken once */
	EXPECT_EQ(0, ev.uc.args[2]);
	ASSERT_THREAD_UCALL(v, UCALL_DONE, &ev);
	vcpu_thread_join(v);
}

TEST_F(timer, wfi_not_ended_by_undeliverable_timer)
{
	__u64 t = variant->timer, ppi = timer_ppi(t);
	struct vcpu_event ev;
	struct gvcpu *v;

	v = timer_vcpu(_metadata, self->vm, guest_wfi_undeliverable, t);
	/* Disabled in the redistributor */
	vcpu_thread_start(v);
	ASSERT_THREAD_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	expect_waiting(_metadata, v);		/* 300 ms, expired at 20 */
	expect_kick_eintr(_metadata, v);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(2, ev.uc.args[0]);
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[1]);
	EXPECT_EQ(CTL_FIRED, ev.uc.args[2]);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(3, ev.uc.args[0]);
	EXPECT_EQ(ppi, ev.uc.args[1]);		/* once enabled */
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[2]);
	/* Masked by PMR */
	vcpu_thread_start(v);
	ASSERT_THREAD_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(4, ev.uc.args[0]);
	expect_waiting(_metadata, v);
	expect_kick_eintr(_metadata, v);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(5, ev.uc.args[0]);
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[1]);
	EXPECT_EQ(CTL_FIRED, ev.uc.args[2]);
	EXPECT_EQ(ppi, ev.uc.args[3]);		/* pending, masked */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(6, ev.uc.args[0]);
	EXPECT_EQ(ppi, ev.uc.args[1]);		/* once PMR allows it */
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[2]);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

/* ctl_combos() of a timer whose condition does not hold, and does. */
#define COMBOS_NOT_MET	0x0000000303020100UL
#define COMBOS_MET	0x0000000707020000UL

/* The TVAL steps of tval_checks(), starting at @step. */
static void expect_tval(struct __test_metadata *_metadata, struct gvcpu *v,
			__u64 step)
{
	struct vcpu_event ev;
	__u64 *a = ev.uc.args;

	/* Write: CVAL = count + (s32)TVAL, the count of the write */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(step, a[0]);
	EXPECT_LE(a[1] + 1000000, a[3]);
	EXPECT_GE(a[2] + 1000000, a[3]);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(step + 1, a[0]);
	EXPECT_LE(a[1] - 256, a[3]);		/* sign-extended */
	EXPECT_GE(a[2] - 256, a[3]);
	/* Read: (CVAL - count)[31:0], bits 63:32 RES0 */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(step + 2, a[0]);
	EXPECT_EQ(0, a[3] >> 32);
	EXPECT_LE((__s64)(a[1] - a[4]), (__s32)a[3]);
	EXPECT_GE((__s64)(a[1] - a[2]), (__s32)a[3]);
	EXPECT_LT(0, (__s32)a[3]);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(step + 3, a[0]);
	EXPECT_EQ(0, a[3] >> 32) {
		TH_LOG("TVAL of a deadline 1000 ticks past: %#llx", a[3]);
	}
	EXPECT_LE((__s64)(a[1] - a[4]), (__s32)a[3]);
	EXPECT_GE((__s64)(a[1] - a[2]), (__s32)a[3]);
	EXPECT_GE(-1000, (__s32)a[3]);
}

TEST_F(timer, ctl_reads_back_what_the_guest_wrote)
{
	__u64 t = variant->timer, ppi = timer_ppi(t);
	struct vcpu_event ev;
	struct gvcpu *v;
	__u64 *a = ev.uc.args;

	v = timer_vcpu(_metadata, self->vm, guest_readback, t);
	/* 1: 0, ENABLE, IMASK, both, ~0 with CVAL ahead */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, a[0]);
	EXPECT_EQ(COMBOS_NOT_MET, a[1]);
	EXPECT_EQ(1, a[2]);
	/* 2: the same with CVAL behind: ISTATUS with ENABLE only */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(2, a[0]);
	EXPECT_EQ(COMBOS_MET, a[1]);
	EXPECT_EQ(GIC_SPURIOUS, a[2]);		/* IMASK: not pending */
	EXPECT_EQ(CTL_FIRED | CNT_CTL_IMASK, a[3]);
	/* 3: unmasked, pending; CTL unchanged by it (no IMASK forced) */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(3, a[0]);
	EXPECT_EQ(1, a[1]);
	EXPECT_EQ(CTL_FIRED, a[2]);
	EXPECT_EQ(ppi, a[3]);			/* HPPIR1 */
	EXPECT_EQ(CTL_FIRED, a[4]);
	/* 4: taken once, the handler saw ENABLE | ISTATUS, set IMASK */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(4, a[0]);
	EXPECT_EQ(1, a[1]);
	EXPECT_EQ(CTL_FIRED, a[2]);
	EXPECT_EQ(CTL_FIRED | CNT_CTL_IMASK, a[3]);
	EXPECT_EQ(CTL_FIRED | CNT_CTL_IMASK, a[4]);
	EXPECT_EQ(GIC_SPURIOUS, a[5]);
	/* 5: unmasked while met: again; moved ahead: ISTATUS clear */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(5, a[0]);
	EXPECT_EQ(1, a[1]);
	EXPECT_EQ(2, a[2]);
	EXPECT_EQ(CTL_FIRED, a[3]);
	EXPECT_EQ(CNT_CTL_ENABLE, a[4]);
	EXPECT_EQ(CNT_CTL_ENABLE, a[5]);
	/* 6, 7: pending, disabled before it was taken: gone */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(6, a[0]);
	EXPECT_EQ(1, a[1]);
	EXPECT_EQ(0, a[2]);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(7, a[0]);
	EXPECT_EQ(GIC_SPURIOUS, a[1]);
	EXPECT_EQ(2, a[2]);			/* not taken a third time */
	EXPECT_EQ(2, a[3]);
	EXPECT_EQ(0, a[4]);
	expect_tval(_metadata, v, 8);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

/* Tests that make their own VMs; the kernel log checked after each. */
FIXTURE(misc) {
	char mark[128];
};

FIXTURE_SETUP(misc)
{
	load_avcpu(_metadata);
	klog_mark(self->mark, sizeof(self->mark), "misc");
}

FIXTURE_TEARDOWN(misc)
{
	expect_klog_clean(_metadata, self->mark);
}

TEST_F(misc, ptimer_sysregs_from_vmm)
{
	struct gvm *vm;
	struct gvcpu *v;
	struct vcpu_event ev;
	struct avcpu_sysregs s;
	__u64 cval = 0x123456789abcUL;

	vm = vm_create();
	vm_gic_install_handlers(vm);
	v = vm_vcpu_add(vm, 0, guest_ptimer_vmm);
	vcpu_args_set(v, 1, cval);
	ASSERT_EQ(0, vm_create_gic(vm));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	/* What the guest wrote (its deadline far ahead: no ISTATUS) */
	vcpu_get_sysregs(v, &s);
	EXPECT_EQ(CNT_CTL_ENABLE | CNT_CTL_IMASK, s.cntp_ctl_el0);
	EXPECT_EQ(cval, s.cntp_cval_el0);
	/* ENABLE, CVAL 0: ISTATUS and the other bits of SET ignored */
	s.cntp_ctl_el0 = ~(__u64)CNT_CTL_IMASK;
	s.cntp_cval_el0 = 0;
	vcpu_set_sysregs(v, &s);
	vcpu_get_sysregs(v, &s);
	EXPECT_EQ(CTL_FIRED, s.cntp_ctl_el0);
	EXPECT_EQ(0, s.cntp_cval_el0);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(2, ev.uc.args[0]);
	EXPECT_EQ(CTL_FIRED, ev.uc.args[1]);
	EXPECT_EQ(0, ev.uc.args[2]);
	/* Its interrupt, once (masked by the handler) */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(3, ev.uc.args[0]);
	EXPECT_EQ(1, ev.uc.args[1]);
	EXPECT_EQ(CTL_FIRED, ev.uc.args[2]);
	EXPECT_EQ(CTL_FIRED | CNT_CTL_IMASK, ev.uc.args[3]);
	vcpu_get_sysregs(v, &s);
	EXPECT_EQ(CTL_FIRED | CNT_CTL_IMASK, s.cntp_ctl_el0);
	/* ISTATUS alone is nothing; then IMASK, CVAL far */
	s.cntp_ctl_el0 = CNT_CTL_ISTATUS;
	vcpu_set_sysregs(v, &s);
	vcpu_get_sysregs(v, &s);
	EXPECT_EQ(0, s.cntp_ctl_el0);
	s.cntp_ctl_el0 = CNT_CTL_IMASK;
	s.cntp_cval_el0 = ~0UL;
	vcpu_set_sysregs(v, &s);
	vcpu_get_sysregs(v, &s);
	EXPECT_EQ(CNT_CTL_IMASK, s.cntp_ctl_el0);
	EXPECT_EQ(~0UL, s.cntp_cval_el0);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(4, ev.uc.args[0]);
	EXPECT_EQ(CNT_CTL_IMASK, ev.uc.args[1]);
	EXPECT_EQ(~0UL, ev.uc.args[2]);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
	vm_destroy(vm);
}

TEST_F_TIMEOUT(misc, host_tick_untouched, 120)
{
	long tick0, tick1, tick2, mono0, mono1, mono2, co0, co1, co2;
	long vt0, vt1;
	struct vcpu_event ev;
	struct gvcpu *v;
	struct gvm *vm;
	__u64 *a = ev.uc.args;
	int cpu = pin_one_cpu();

	ASSERT_LE(0, cpu);
	vm = vm_create();
	vm_gic_install_handlers(vm);
	v = vm_vcpu_add(vm, 0, guest_busy_then_asleep);
	ASSERT_EQ(0, vm_create_gic(vm));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, a[0]);
	vt0 = irq_count(-1, "avcpu-vtimer", NULL);
	EXPECT_LE(0, vt0) {
		TH_LOG("no avcpu-vtimer line in /proc/interrupts");
	}
	tick0 = irq_count(cpu, "arch_timer", NULL);
	ASSERT_LE(0, tick0);
	mono0 = now_ms(CLOCK_MONOTONIC);
	co0 = now_ms(CLOCK_MONOTONIC_COARSE);

	/* 500 ms spinning, both timers every ms */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(2, a[0]);
	tick1 = irq_count(cpu, "arch_timer", NULL);
	mono1 = now_ms(CLOCK_MONOTONIC);
	co1 = now_ms(CLOCK_MONOTONIC_COARSE);
	vt1 = irq_count(-1, "avcpu-vtimer", NULL);
	TH_LOG("spinning: %ld ms (coarse %ld), %ld host ticks on CPU %d",
	       mono1 - mono0, co1 - co0, tick1 - tick0, cpu);
	TH_LOG("the guest took %llu vtimer, %llu ptimer interrupts; %ld avcpu-vtimer",
	       a[1], a[2], vt1 - vt0);
	/* The tick ran: HZ 250 is 125 ticks in 500 ms; half of HZ 100 */
	EXPECT_LE((mono1 - mono0) / 20, tick1 - tick0);
	EXPECT_LE(mono1 - mono0, co1 - co0 + 50);
	EXPECT_LE(10, a[1]);
	EXPECT_LE(10, a[2]);
	EXPECT_EQ(0, a[3]);

	/* 500 ms asleep in WFI */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(3, a[0]);
	tick2 = irq_count(cpu, "arch_timer", NULL);
	mono2 = now_ms(CLOCK_MONOTONIC);
	co2 = now_ms(CLOCK_MONOTONIC_COARSE);
	TH_LOG("asleep: %ld ms (coarse %ld), %ld host ticks on CPU %d, the guest slept %llu us",
	       mono2 - mono1, co2 - co1, tick2 - tick1, cpu,
	       ticks_to_us(a[1]));
	EXPECT_LE(host_freq() / 2, a[1]);
	EXPECT_LE(500, mono2 - mono1);
	EXPECT_LE(mono2 - mono1, co2 - co1 + 50);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
	vm_destroy(vm);
}

TEST_F(misc, counter_new_vm_starts_near_zero)
{
	__u64 h0, h1, h2, h3, off, g;
	struct avcpu_sysregs s;
	struct vcpu_event ev;
	struct gvm *vm, *vm2;
	struct gvcpu *v, *v2;

	h0 = host_count();
	vm = vm_create();
	h1 = host_count();
	v = vm_vcpu_add(vm, 0, guest_counter_reads);
	vcpu_get_sysregs(v, &s);
	off = s.cntvoff_el2;
	/* The physical count at AVCPU_CREATE_VM */
	EXPECT_LE(h0, off);
	EXPECT_GE(h1, off);
	h2 = host_count();
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	h3 = host_count();
	g = ev.uc.args[0];
	EXPECT_GT(10 * host_freq(), g);
	EXPECT_LE(h2, g + off);
	EXPECT_GE(h3, g + off);
	TH_LOG("the guest's first CNTVCT read: %llu (%llu us)", g,
	       ticks_to_us(g));

	/* Another VM, later: its own offset, near zero too */
	h0 = host_count();
	vm2 = vm_create();
	h1 = host_count();
	v2 = vm_vcpu_add(vm2, 0, guest_counter_reads);
	vcpu_get_sysregs(v2, &s);
	EXPECT_LE(h0, s.cntvoff_el2);
	EXPECT_GE(h1, s.cntvoff_el2);
	EXPECT_LT(off, s.cntvoff_el2);
	ASSERT_UCALL(v2, UCALL_SYNC, &ev);
	EXPECT_GT(10 * host_freq(), ev.uc.args[0]);
	vcpu_get_sysregs(v, &s);
	EXPECT_EQ(off, s.cntvoff_el2);
	vm_destroy(vm2);
	vm_destroy(vm);
}

TEST_F(misc, cntvoff_set_through_one_vcpu_is_the_vms)
{
	struct avcpu_sysregs s0, s1, s2;
	__u64 delta = 100 * host_freq(), off, r1, h0, h1, i;
	struct gvcpu *v[3];
	struct vcpu_event ev;
	struct gvm *vm;

	vm = vm_create();
	v[0] = vm_vcpu_add(vm, 0, guest_counter_reads);
	v[1] = vm_vcpu_add(vm, 1, guest_counter_reads);
	vcpu_get_sysregs(v[0], &s0);
	vcpu_get_sysregs(v[1], &s1);
	EXPECT_EQ(s0.cntvoff_el2, s1.cntvoff_el2);
	ASSERT_UCALL(v[1], UCALL_SYNC, &ev);
	r1 = ev.uc.args[0];
	/* Through vCPU 0: the counter 100 s ahead */
	off = s0.cntvoff_el2 - delta;
	s0.cntvoff_el2 = off;
	vcpu_set_sysregs(v[0], &s0);
	vcpu_get_sysregs(v[0], &s0);
	vcpu_get_sysregs(v[1], &s1);
	EXPECT_EQ(off, s0.cntvoff_el2);
	EXPECT_EQ(off, s1.cntvoff_el2);
	/* A vCPU created after it has it too */
	v[2] = vm_vcpu_add(vm, 2, guest_counter_reads);
	vcpu_get_sysregs(v[2], &s2);
	EXPECT_EQ(off, s2.cntvoff_el2);
	for (i = 0; i < 3; i++) {
		h0 = host_count();
		ASSERT_UCALL(v[i], UCALL_SYNC, &ev);
		h1 = host_count();
		/* CNTVCT = physical - the new offset, on every vCPU */
		EXPECT_LE(h0, ev.uc.args[0] + off) {
			TH_LOG("vCPU %llu", i);
		}
		EXPECT_GE(h1, ev.uc.args[0] + off) {
			TH_LOG("vCPU %llu", i);
		}
		if (i == 1)
			EXPECT_LE(r1 + delta, ev.uc.args[0]);
	}
	vm_destroy(vm);
}

static void pin_to(struct __test_metadata *_metadata, int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(set), &set));
}

TEST_F_TIMEOUT(misc, counter_consistent_across_cpus, 240)
{
	int cpus[2] = { 0, 0 };
	struct vcpu_event ev;
	struct gvcpu *v[2];
	struct gvm *vm;
	__u64 i;

	if (nr_cpus_online() > 1 && cpu_is_online(1))
		cpus[1] = 1;
	TH_LOG("vCPU 0 on CPU %d, vCPU 1 on CPU %d, %d rounds", cpus[0],
	       cpus[1], PP_ROUNDS);
	vm = vm_create();
	for (i = 0; i < 2; i++) {
		v[i] = vm_vcpu_add(vm, i, guest_pingpong);
		vcpu_args_set(v[i], 1, i);
	}
	for (i = 0; i < 2; i++) {
		pin_to(_metadata, cpus[i]);
		vcpu_thread_start(v[i]);
	}
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, vcpu_event_wait(v[i], &ev, 200000));
		ASSERT_EVENT_UCALL(v[i], &ev, UCALL_SYNC);
		EXPECT_EQ(i, ev.uc.args[0]);
		/* each read >= the other's before it, >= its own before */
		EXPECT_EQ(0, ev.uc.args[1]) {
			TH_LOG("vCPU %llu read %llu after the other's %llu", i,
			       ev.uc.args[4], ev.uc.args[3]);
		}
		EXPECT_EQ(0, ev.uc.args[2]);
		ASSERT_THREAD_UCALL(v[i], UCALL_DONE, &ev);
		vcpu_thread_join(v[i]);
	}
	vm_destroy(vm);
}

/* The counters a VM that is gone must not change any more. */
struct leftovers {
	unsigned long entries, wfi, t1, timer_sysreg;
	long vtimer_irqs;
};

static void read_leftovers(struct leftovers *l)
{
	l->entries = exit_count("entries");
	l->wfi = exit_count("wfi");
	l->t1 = exit_count("t1");
	l->timer_sysreg = exit_count("timer_sysreg");
	l->vtimer_irqs = irq_count(-1, "avcpu-vtimer", NULL);
}

/* Past every deadline (1 s), nothing of the VM ran, nothing is queued. */
static void expect_nothing_after(struct __test_metadata *_metadata,
				 const char *what)
{
	struct leftovers a, b;
	char line[512] = "";
	int n;

	read_leftovers(&a);
	usleep(1200 * 1000);
	read_leftovers(&b);
	EXPECT_EQ(a.entries, b.entries) {
		TH_LOG("%s: entries", what);
	}
	EXPECT_EQ(a.wfi, b.wfi) {
		TH_LOG("%s: wfi", what);
	}
	EXPECT_EQ(a.t1, b.t1) {
		TH_LOG("%s: t1", what);
	}
	EXPECT_EQ(a.timer_sysreg, b.timer_sysreg) {
		TH_LOG("%s: timer_sysreg", what);
	}
	EXPECT_EQ(a.vtimer_irqs, b.vtimer_irqs) {
		TH_LOG("%s: avcpu-vtimer interrupts", what);
	}
	n = avcpu_hrtimer_queued(line, sizeof(line));
	EXPECT_EQ(0, n) {
		TH_LOG("%s: an avcpu hrtimer still queued: %s", what, line);
	}
}

/* The process that owns the VM: its guest armed, then waits to die. */
static void armed_child(int mode, int wfd)
{
	struct vcpu_event ev;
	struct gvcpu *v;
	struct gvm *vm;
	char c = 'r';

	vm = vm_create();
	vm_gic_install_handlers(vm);
	v = vm_vcpu_add(vm, 0, guest_armed);
	vcpu_args_set(v, 1, (__u64)mode);
	if (vm_create_gic(vm))
		_exit(2);
	vcpu_thread_start(v);
	if (vcpu_event_wait(v, &ev, 20000) || ev.err ||
	    ev.uc.kind != UCALL_SYNC)
		_exit(3);
	/* Its thread is back in RUN with the timers armed. */
	if (write(wfd, &c, 1) != 1)
		_exit(4);
	for (;;)
		pause();
}

TEST_F_TIMEOUT(misc, destroyed_with_armed_timers_leaves_nothing, 180)
{
	char line[512] = "";
	struct vcpu_event ev;
	struct gvcpu *v;
	struct gvm *vm;
	int mode, ret;

	for (mode = 0; mode < NR_ARMED; mode++) {
		int p[2], st = 0, n;
		pid_t pid;
		char c;

		ASSERT_EQ(0, pipe(p));
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0) {
			close(p[0]);
			armed_child(mode, p[1]);
		}
		close(p[1]);
		n = read(p[0], &c, 1);
		close(p[0]);
		EXPECT_EQ(1, n) {
			TH_LOG("%s: the guest did not start", armed_names[mode]);
		}
		usleep(100 * 1000);
		n = avcpu_hrtimer_queued(line, sizeof(line));
		TH_LOG("%s: %d avcpu hrtimer(s) queued before the kill%s%s",
		       armed_names[mode], n, n > 0 ? ": " : "",
		       n > 0 ? line : "\n");
		ASSERT_EQ(0, kill(pid, SIGKILL));
		ASSERT_EQ(pid, waitpid(pid, &st, 0));
		EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL) {
			TH_LOG("%s: child status %#x", armed_names[mode], st);
		}
		expect_nothing_after(_metadata, armed_names[mode]);
	}

	/* Closed by its VMM: the WFI ended by a signal, then the fds */
	vm = vm_create();
	vm_gic_install_handlers(vm);
	v = vm_vcpu_add(vm, 0, guest_armed);
	vcpu_args_set(v, 1, (__u64)ARMED_WFI_FAR);
	ASSERT_EQ(0, vm_create_gic(vm));
	vcpu_thread_start(v);
	ASSERT_THREAD_UCALL(v, UCALL_SYNC, &ev);
	expect_waiting(_metadata, v);
	expect_kick_eintr(_metadata, v);
	vm_destroy(vm);
	expect_nothing_after(_metadata, "closed after a signal ended its WFI");

	/* Nothing of them holds the module */
	ret = unload_module("avcpu");
	EXPECT_EQ(0, ret);
	if (!ret)
		EXPECT_EQ(0, load_module("avcpu"));
}

TEST_F(misc, no_irqchip_registers_work_nothing_delivered)
{
	long h0, h1, vt0, vt1;
	unsigned long e0, e1;
	struct vcpu_event ev;
	__u64 *a = ev.uc.args, t;
	struct gvcpu *v;
	struct gvm *vm;
	int cpu = pin_one_cpu();

	ASSERT_LE(0, cpu);
	vm = vm_create();
	vm_install_exception_handler(vm, VECTOR_IRQ_CURRENT, noirq_handler);
	vm_install_exception_handler(vm, VECTOR_FIQ_CURRENT, noirq_handler);
	v = vm_vcpu_add(vm, 0, guest_no_irqchip);
	for (t = TIMER_VIRT; t <= TIMER_PHYS; t++) {
		ASSERT_UCALL(v, UCALL_SYNC, &ev);
		EXPECT_EQ(t, a[0]);
		EXPECT_EQ(COMBOS_NOT_MET, a[1]);
		EXPECT_EQ(COMBOS_MET, a[2]);
		EXPECT_LE(a[3] + 1000000, a[5]);	/* TVAL write */
		EXPECT_GE(a[4] + 1000000, a[5]);
	}
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(2, a[0]);
	e0 = exit_count("entries");
	h0 = irq_count(cpu, NULL, "avcpu");
	vt0 = irq_count(cpu, "avcpu-vtimer", NULL);
	/* 100 ms with both conditions met, interrupts unmasked */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	e1 = exit_count("entries");
	h1 = irq_count(cpu, NULL, "avcpu");
	vt1 = irq_count(cpu, "avcpu-vtimer", NULL);
	EXPECT_EQ(3, a[0]);
	EXPECT_EQ(0, a[1]);			/* no interrupt taken */
	EXPECT_EQ(0, a[2]);			/* ISR_EL1 */
	EXPECT_EQ(0, a[3]);
	EXPECT_EQ(CTL_FIRED, a[4]);
	EXPECT_EQ(CTL_FIRED, a[5]);
	TH_LOG("100 ms, conditions met: %lu entries, %ld host irqs on CPU %d, %ld avcpu-vtimer",
	       e1 - e0, h1 - h0, cpu, vt1 - vt0);
	/* Each entry ended by a host interrupt of its own (or the ucall) */
	EXPECT_GE(h1 - h0 + 3, (long)(e1 - e0));
	if (vt0 >= 0)
		EXPECT_GE((long)(e1 - e0), vt1 - vt0);
	/* WFI with both armed: no timer ends it */
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(4, a[0]);
	vcpu_thread_start(v);
	expect_waiting(_metadata, v);
	expect_kick_eintr(_metadata, v);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(5, a[0]);
	EXPECT_EQ(CTL_FIRED, a[1]);
	EXPECT_EQ(CTL_FIRED, a[2]);
	EXPECT_EQ(0, a[3]);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
	vm_destroy(vm);
}

TEST_HARNESS_MAIN
