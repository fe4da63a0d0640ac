// SPDX-License-Identifier: GPL-2.0
/*
 * SGIs between the vCPUs of a VM with the virtual GICv3
 * (Documentation/avcpu.rst, "The virtual GIC"): a guest's ICC_SGI1R_EL1,
 * ICC_SGI0R_EL1 and ICC_ASGI1R_EL1 writes, decoded in the kernel.  Each
 * vCPU runs on a host thread of its own; the guests initialise the GIC as
 * Linux does (guest_gic.h) and count, per vCPU and INTID, what their
 * handlers take:
 *  - every targeting form of ICC_SGI1R_EL1: a target list in clusters
 *    that differ in Aff1, Aff2 and Aff3 (and clusters or list bits that
 *    name nobody), IRM = 1 to every vCPU but the sender (from two
 *    senders), and to itself by its own affinity; exact counts, nothing
 *    anywhere else;
 *  - ICC_SGI0R_EL1 and ICC_ASGI1R_EL1 raise group-0 SGIs only (FIQs), a
 *    group-1 SGI is not raised by them; ICC_SGI1R_EL1 raises either;
 *  - ping-pong between two vCPUs on two threads for 1,000 rounds: no IPI
 *    lost, none duplicated, exact counts on both sides;
 *  - a vCPU in WFI is woken by an SGI; one in a tight loop is kicked out
 *    by one;
 *  - SPIs go where GICD_IROUTER says: to another vCPU only, to nobody
 *    (pending) until routed, and away from a vCPU whose list registers
 *    hold it pending;
 *  - a powered-off vCPU that is sent an SGI stays off, the SGI is pending
 *    in its redistributor, and it takes it once when it is turned on.
 * The targeting test has 4 vCPUs whatever the host's CPU count (all but
 * the sender sleep in WFI); the others 2, which a 1-CPU host runs too.
 *
 * Needs avcpu.ko in $AVCPU_MODDIR (default /avcpu).
 */
#include <signal.h>

#include "kselftest_harness.h"
#include "guest_gic.h"
#include "guest_report.h"

#define NR_TGT		4
#define SGI_G0		8	/* the one group-0 SGI */
#define SGI_DOORBELL	15	/* "look at your command" */
#define SGI_PRIO	0x80
#define POLL_MS		10000	/* a guest wait that fails the test */
#define SETTLE_MS	50	/* quiet time before counts are compared */
#define PINGPONG_ROUNDS	1000
#define FOREVER		(~0UL)
#define LONG_WAIT_MS	240000	/* host: the slowest matrix entry */

/*
 * vCPU MPIDRs: clusters differing at each affinity level (Aff0 <= 15).
 * vCPU 1 is in 1.2.3, so the two-vCPU tests cross every level too.
 */
static const __u64 mpidrs[NR_TGT] = {
	0x0,			/* 0.0.0.0 */
	0x100020305,		/* 1.2.3.5 */
	0x102,			/* 0.0.1.2 */
	0x1,			/* 0.0.0.1 */
};

/* ---- guest ------------------------------------------------------------ */

/* Shared by the VM's vCPUs (one copy per VM). */
static __u32 nr_vcpus;
static __u32 dist_ready;
static __u32 cpu_ready[GUEST_MAX_VCPUS];
static __u32 cmd_seq[GUEST_MAX_VCPUS], cmd_done[GUEST_MAX_VCPUS];
static __u32 cmd_op[GUEST_MAX_VCPUS];
static __u64 cmd_arg[GUEST_MAX_VCPUS];
static __u64 go;				/* set by the host */
static void (*script)(void);			/* vCPU 0's part */

enum { OP_STOP = 1, OP_SGI1R };

/*
 * Every vCPU: Linux's init (the distributor on vCPU 0), then SGIs 0..15
 * enabled at SGI_PRIO, all group 1 but SGI_G0, group 0 enabled.
 */
static void sgi_cpu_init(__u32 idx)
{
	struct gic_init_stats st;
	__u32 i;

	st.rwp_waits = 0;
	st.rwp_reads = 0;
	if (idx == 0) {
		gic_dist_init_linux(&st);
		__atomic_store_n(&dist_ready, 1, __ATOMIC_RELEASE);
	} else {
		__u64 t0 = guest_ms();

		while (!__atomic_load_n(&dist_ready, __ATOMIC_ACQUIRE)) {
			GUEST_ASSERT(guest_ms() - t0 < POLL_MS);
			cpu_relax();
		}
	}
	GUEST_ASSERT_EQ(gic_cpu_init_linux(idx, &st), 0);
	GUEST_ASSERT_EQ(st.rwp_reads, st.rwp_waits);
	for (i = 0; i < 16; i++) {
		gic_irq_set_priority(i, SGI_PRIO);
		gic_irq_set_group(i, i != SGI_G0);
		gic_irq_enable(i);
	}
	gic_write_igrpen0(1);
	isb();
	__atomic_store_n(&cpu_ready[idx], 1, __ATOMIC_RELEASE);
}

/* Every vCPU but 0: sleep until a command (with its doorbell SGI). */
static void secondary_loop(__u32 idx)
{
	__u32 done = 0, seq;

	for (;;) {
		seq = gic_wait_ne(&cmd_seq[idx], done, FOREVER);
		if (cmd_op[idx] == OP_SGI1R)
			gic_write_sgi1r(cmd_arg[idx]);
		done = seq;
		__atomic_store_n(&cmd_done[idx], done, __ATOMIC_RELEASE);
		if (cmd_op[idx] == OP_STOP)
			break;
	}
	GUEST_DONE();
}

static void guest_main(__u64 idx)
{
	sgi_cpu_init(idx);
	if (idx)
		secondary_loop(idx);
	script();
	GUEST_DONE();
}

static void wait_all_ready(void)
{
	__u32 i;

	for (i = 0; i < nr_vcpus; i++)
		GUEST_ASSERT(gic_poll_ge(&cpu_ready[i], 1, POLL_MS));
}

/* vCPU 0's bookkeeping: what each vCPU must have taken. */
static __u32 expect[GUEST_MAX_VCPUS][16];

/* Have vCPU @cpu do @op (its doorbell counts), and wait until it did. */
static void command(__u32 cpu, __u32 op, __u64 arg)
{
	__u32 seq = cmd_seq[cpu] + 1;

	cmd_op[cpu] = op;
	cmd_arg[cpu] = arg;
	__atomic_store_n(&cmd_seq[cpu], seq, __ATOMIC_RELEASE);
	gic_write_sgi1r(gic_sgi_to(mpidrs[cpu], SGI_DOORBELL));
	expect[cpu][SGI_DOORBELL]++;
	GUEST_ASSERT(gic_poll_ge(&cmd_done[cpu], seq, POLL_MS));
}

/*
 * Every vCPU has taken what it must (waiting for the slowest), then,
 * after a quiet time, exactly that: nothing more, nothing anywhere else.
 * A mismatch shows phase.cpu.intid in bits 63:32 of both values.
 */
static void check(__u64 phase)
{
	__u32 cpu, i;

	for (cpu = 0; cpu < nr_vcpus; cpu++)
		for (i = 0; i < 16; i++)
			GUEST_ASSERT(gic_poll_ge(&gic_cpus[cpu].count[i],
						 expect[cpu][i], POLL_MS));
	gic_irqs_open_for(SETTLE_MS);
	for (cpu = 0; cpu < nr_vcpus; cpu++) {
		for (i = 0; i < 16; i++) {
			__u64 tag = phase << 48 | (__u64)cpu << 40 |
				    (__u64)i << 32;

			GUEST_ASSERT_EQ(tag | gic_count(cpu, i),
					tag | expect[cpu][i]);
		}
		GUEST_ASSERT_EQ(READ_ONCE(gic_cpus[cpu].nr_spurious), 0);
	}
}

static void sgi1r(__u64 val)
{
	gic_write_sgi1r(val);
}

static void stop_all(void)
{
	__u32 cpu;

	for (cpu = 1; cpu < nr_vcpus; cpu++)
		command(cpu, OP_STOP, 0);
}

/* Every targeting form of ICC_SGI1R_EL1. */
static void script_targets(void)
{
	__u64 me = read_sysreg(mpidr_el1);

	wait_all_ready();
	/* 1: target lists, one cluster at a time. */
	sgi1r(gic_sgi_to(mpidrs[1], 1));		/* 1.2.3, bit 5 */
	expect[1][1]++;
	sgi1r(gic_sgi_to(mpidrs[2], 2));		/* 0.0.1, bit 2 */
	expect[2][2]++;
	sgi1r(gic_sgi_to(mpidrs[3], 3));		/* 0.0.0, bit 1 */
	expect[3][3]++;
	/* Two of cluster 0.0.0 (the sender is one of them). */
	sgi1r(ICC_SGI_TARGETS(0x3) | ICC_SGI_INTID(4));
	expect[0][4]++;
	expect[3][4]++;
	/* Cluster 0.0.0 without 0 and 1: nobody (vCPU 2's Aff0 2 is 0.0.1). */
	sgi1r(ICC_SGI_TARGETS(0xfffc) | ICC_SGI_INTID(5));
	/* All of 0.0.1: vCPU 2 alone. */
	sgi1r(ICC_SGI_AFF1(1) | ICC_SGI_TARGETS(0xffff) | ICC_SGI_INTID(6));
	expect[2][6]++;
	/* vCPU 1's cluster wrong at one level each: nobody. */
	sgi1r(ICC_SGI_AFF2(2) | ICC_SGI_AFF1(3) | ICC_SGI_TARGETS(1 << 5) |
	      ICC_SGI_INTID(7));			/* Aff3 0 */
	sgi1r(ICC_SGI_AFF3(1) | ICC_SGI_AFF1(3) | ICC_SGI_TARGETS(1 << 5) |
	      ICC_SGI_INTID(7));			/* Aff2 0 */
	sgi1r(ICC_SGI_AFF3(1) | ICC_SGI_AFF2(2) | ICC_SGI_TARGETS(1 << 5) |
	      ICC_SGI_INTID(7));			/* Aff1 0 */
	sgi1r(ICC_SGI_AFF3(1) | ICC_SGI_AFF2(2) | ICC_SGI_AFF1(3) |
	      ICC_SGI_TARGETS(1 << 4) | ICC_SGI_INTID(7));	/* Aff0 4 */
	check(1);

	/* 2: IRM = 1: every vCPU but the sender; the rest is ignored. */
	sgi1r(ICC_SGI_IRM | ICC_SGI_INTID(9));
	sgi1r(ICC_SGI_IRM | ICC_SGI_AFF1(0x55) | ICC_SGI_TARGETS(1) |
	      ICC_SGI_INTID(10));
	expect[1][9]++, expect[2][9]++, expect[3][9]++;
	expect[1][10]++, expect[2][10]++, expect[3][10]++;
	check(2);

	/* 3: to itself, by its own affinity; another sender's own too. */
	sgi1r(gic_sgi_to(me, 11));
	expect[0][11]++;
	command(1, OP_SGI1R, gic_sgi_to(mpidrs[1], 12));
	expect[1][12]++;
	/* And a broadcast from another sender than vCPU 0. */
	command(2, OP_SGI1R, ICC_SGI_IRM | ICC_SGI_INTID(13));
	expect[0][13]++, expect[1][13]++, expect[3][13]++;
	check(3);
	stop_all();
}

/* ICC_SGI0R_EL1 and ICC_ASGI1R_EL1: group-0 SGIs only. */
static void script_group0(void)
{
	__u64 to1 = gic_sgi_to(mpidrs[1], SGI_G0);
	__u64 to1_g1 = gic_sgi_to(mpidrs[1], 9);

	wait_all_ready();
	gic_write_sgi0r(to1);			/* FIQ on vCPU 1 */
	expect[1][SGI_G0]++;
	gic_write_sgi0r(to1_g1);		/* group 1: not raised */
	check(1);
	gic_write_asgi1r(to1);
	expect[1][SGI_G0]++;
	gic_write_asgi1r(to1_g1);
	check(2);
	/* ICC_SGI1R_EL1 raises either group. */
	gic_write_sgi1r(to1);
	expect[1][SGI_G0]++;
	gic_write_sgi1r(to1_g1);
	expect[1][9]++;
	check(3);
	/* IRM = 1 through ICC_SGI0R_EL1: all but the sender, group 0 only. */
	gic_write_sgi0r(ICC_SGI_IRM | ICC_SGI_INTID(SGI_G0));
	gic_write_sgi0r(ICC_SGI_IRM | ICC_SGI_INTID(9));
	expect[1][SGI_G0]++;
	check(4);
	stop_all();
}

/* Ping-pong: vCPU 0 sends 1, vCPU 1's handler answers with 2. */
static void pong_hook(__u32 intid, bool fiq)
{
	if (intid == 1 && gic_this_cpu() == &gic_cpus[1])
		gic_write_sgi1r(gic_sgi_to(mpidrs[0], 2));
}

static void script_pingpong(void)
{
	__u64 to1 = gic_sgi_to(mpidrs[1], 1);
	__u32 r;

	wait_all_ready();
	for (r = 1; r <= PINGPONG_ROUNDS; r++) {
		__u64 tag = (__u64)r << 32;

		gic_write_sgi1r(to1);
		GUEST_ASSERT(gic_wait_ge(&gic_cpus[0].count[2], r, POLL_MS));
		/* Exactly this round's: no duplicate on either side. */
		GUEST_ASSERT_EQ(tag | gic_count(0, 2), tag | r);
		GUEST_ASSERT_EQ(tag | gic_count(1, 1), tag | r);
	}
	gic_irqs_open_for(SETTLE_MS);
	expect[0][2] = PINGPONG_ROUNDS;
	expect[1][1] = PINGPONG_ROUNDS;
	check(1);
	stop_all();
}

/* SPIs routed by GICD_IROUTER; the host raises each when asked. */
static void wait_go(__u64 n)
{
	__u64 t0 = guest_ms();

	while (__atomic_load_n(&go, __ATOMIC_ACQUIRE) < n) {
		GUEST_ASSERT(guest_ms() - t0 < POLL_MS);
		cpu_relax();
	}
}

static void script_routing(void)
{
	__u64 me = read_sysreg(mpidr_el1), pend, t0;
	__u32 i;

	wait_all_ready();
	for (i = 60; i <= 62; i++)
		gic_irq_setup(i, 0x80, true, 1);
	/* 1: to vCPU 1 (1.2.3.5), only there. */
	gic_spi_route(60, mpidrs[1]);
	GUEST_SYNC(1);
	wait_go(1);
	GUEST_ASSERT(gic_poll_ge(&gic_cpus[1].count[60], 1, POLL_MS));
	gic_irqs_open_for(SETTLE_MS);
	GUEST_ASSERT_EQ(gic_count(0, 60), 0);
	GUEST_ASSERT_EQ(gic_count(1, 60), 1);
	/* 2: to an affinity no vCPU has: pending, nobody's, until routed. */
	gic_spi_route(61, 0xf);
	GUEST_SYNC(2);
	wait_go(2);
	gic_irqs_open_for(SETTLE_MS);
	GUEST_ASSERT_EQ(gic_count(0, 61) | gic_count(1, 61) << 16, 0);
	GUEST_ASSERT(gic_irq_pending(61));
	gic_spi_route(61, me);
	GUEST_ASSERT(gic_poll_ge(&gic_cpus[0].count[61], 1, POLL_MS));
	/* 3: pending in this vCPU's list registers, routed away. */
	gic_spi_route(62, me);
	GUEST_SYNC(3);
	wait_go(3);
	/* The kick is asynchronous: it is here from the next entry on. */
	t0 = guest_ms();
	while (gic_read_hppir1() != 62)
		GUEST_ASSERT(guest_ms() - t0 < POLL_MS);
	gic_spi_route(62, mpidrs[1]);
	GUEST_ASSERT_EQ(gic_read_hppir1(), GIC_SPURIOUS);
	GUEST_ASSERT(gic_poll_ge(&gic_cpus[1].count[62], 1, POLL_MS));
	gic_irqs_open_for(SETTLE_MS);
	pend = gic_irq_pending(62);
	GUEST_SYNC_ARGS(4, gic_count(0, 62), gic_count(1, 62), pend,
			gic_count(0, 61), gic_count(1, 61));
	stop_all();
}

/* vCPU 1 sleeps in WFI, masked; vCPU 0 sends SGI 3 when the host says. */
static void guest_wfi_sleeper(__u64 idx)
{
	__u32 intid;

	sgi_cpu_init(idx);
	GUEST_SYNC(1);
	wfi();
	intid = gic_read_iar1();
	if (intid < GIC_NR_INTIDS)
		gic_write_eoir1(intid);
	GUEST_SYNC_ARGS(2, intid, gic_read_iar1());
	GUEST_DONE();
}

static void guest_wfi_waker(__u64 idx)
{
	__u64 t0 = guest_ms();

	sgi_cpu_init(idx);
	while (!READ_ONCE(go)) {
		GUEST_ASSERT(guest_ms() - t0 < 2 * POLL_MS);
		cpu_relax();
	}
	gic_write_sgi1r(gic_sgi_to(mpidrs[1], 3));
	GUEST_DONE();
}

/* vCPU 1 spins with interrupts open; vCPU 0 interrupts it. */
static void guest_spinner(__u64 idx)
{
	struct gic_cpu *c;
	__u64 loops = 0, t0;

	sgi_cpu_init(idx);
	c = gic_this_cpu();
	local_irq_enable();
	t0 = guest_ms();
	while (!READ_ONCE(c->count[5]) && guest_ms() - t0 < POLL_MS)
		loops++;
	local_irq_disable();
	GUEST_SYNC_ARGS(1, READ_ONCE(c->count[5]), c->nr_taken, loops);
	GUEST_DONE();
}

static void guest_kicker(__u64 idx)
{
	__u64 t0;

	sgi_cpu_init(idx);
	wait_all_ready();
	/* Let it be well into its loop. */
	t0 = guest_ms();
	while (guest_ms() - t0 < 100)
		cpu_relax();
	gic_write_sgi1r(gic_sgi_to(mpidrs[1], 5));
	GUEST_DONE();
}

/* vCPU 0 sends SGI 4 to vCPU 1, which is powered off. */
static void guest_off_sender(__u64 idx)
{
	sgi_cpu_init(idx);
	GUEST_SYNC(1);
	gic_write_sgi1r(gic_sgi_to(mpidrs[1], 4));
	/* Its redistributor has it pending; nobody runs it. */
	GUEST_SYNC_ARGS(2, mmio_read32(GICR_SGI(1) + GICR_ISPENDR0),
			mmio_read32(GICR_RD(1) + GICR_WAKER));
	GUEST_DONE();
}

/* vCPU 1, turned on by the VMM: the SGI is there, taken once. */
static void guest_off_late(__u64 idx)
{
	struct gic_cpu *c = &gic_cpus[idx];
	__u32 pend = mmio_read32(GICR_SGI(idx) + GICR_ISPENDR0);
	__u32 hppir = gic_read_hppir1();	/* IGRPEN1 still 0 */

	sgi_cpu_init(idx);
	GUEST_ASSERT(gic_wait_ge(&c->count[4], 1, POLL_MS));
	gic_irqs_open_for(SETTLE_MS);
	GUEST_SYNC_ARGS(1, pend, hppir, c->count[4], c->nr_taken,
			mmio_read32(GICR_SGI(idx) + GICR_ISPENDR0));
	GUEST_DONE();
}

/* ---- host ------------------------------------------------------------- */

/* A VM with the irqchip and its vCPUs. */
struct sgi_vm {
	struct gvm *vm;
	struct gvcpu *v[GUEST_MAX_VCPUS];
	__u32 n;
};

FIXTURE(sgi) {
	struct sgi_vm s;
};

FIXTURE_SETUP(sgi)
{
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	install_sigusr1_noop();
	self->s.vm = vm_create();
	vm_gic_install_handlers(self->s.vm);
	ASSERT_EQ(0, vm_create_gic(self->s.vm));
}

FIXTURE_TEARDOWN(sgi)
{
	vm_destroy(self->s.vm);
}

/* @n vCPUs running @fn(idx) (vCPU 0 then runs @s), or powered off. */
static void add_vcpus(struct sgi_vm *self, __u32 n, void *fn,
		      void (*s)(void))
{
	__u32 i;

	self->n = n;
	nr_vcpus = n;
	script = s;
	sync_global_to_guest(self->vm, nr_vcpus);
	sync_global_to_guest(self->vm, script);
	for (i = 0; i < n; i++) {
		self->v[i] = vm_vcpu_add_mpidr(self->vm, i, mpidrs[i], fn);
		if (fn)
			vcpu_args_set(self->v[i], 1, (__u64)i);
	}
}

/* The next event of vCPU @i within LONG_WAIT_MS must be @kind. */
#define ASSERT_LONG_UCALL(self, i, kind, ev) do {			\
	struct gvcpu *__v = (self)->v[i];				\
	struct vcpu_event *__ev = (ev);					\
	if (vcpu_event_wait(__v, __ev, LONG_WAIT_MS)) {			\
		char __m[64];						\
		snprintf(__m, sizeof(__m), "vCPU %u: no event", __v->id); \
		__UCALL_FAIL(__m);					\
	}								\
	ASSERT_EVENT_UCALL(__v, __ev, kind);				\
} while (0)

/* Start them all; each must end with GUEST_DONE. */
static void run_to_done(struct __test_metadata *_metadata,
			struct sgi_vm *self)
{
	struct vcpu_event ev;
	__u32 i;

	for (i = 0; i < self->n; i++)
		vcpu_thread_start(self->v[i]);
	/* vCPU 0 first: its assertions say what went wrong. */
	ASSERT_LONG_UCALL(self, 0, UCALL_DONE, &ev);
	for (i = 1; i < self->n; i++)
		ASSERT_LONG_UCALL(self, i, UCALL_DONE, &ev);
	for (i = 0; i < self->n; i++)
		vcpu_thread_join(self->v[i]);
}

static void expect_counts(struct __test_metadata *_metadata,
			  struct sgi_vm *self)
{
	__u32 i;

	for (i = 0; i < self->n; i++) {
		struct gic_cpu *c = vm_gic_cpu(self->vm, i);

		EXPECT_EQ(0, c->nr_spurious);
		TH_LOG("vCPU %u: %llu taken, %llu IRQs, %llu FIQs", i,
		       c->nr_taken, c->nr_irq, c->nr_fiq);
	}
}

TEST_F_TIMEOUT(sgi, sgi1r_every_targeting_form, 300)
{
	struct sgi_vm *s = &self->s;

	TH_LOG("%d host CPUs, %d vCPUs", nr_cpus_online(), NR_TGT);
	add_vcpus(s, NR_TGT, guest_main, script_targets);
	run_to_done(_metadata, s);
	expect_counts(_metadata, s);
	/* No FIQ: every SGI sent was group 1. */
	EXPECT_EQ(0, vm_gic_cpu(s->vm, 0)->nr_fiq);
}

TEST_F_TIMEOUT(sgi, sgi0r_asgi1r_raise_group0_only, 300)
{
	struct sgi_vm *s = &self->s;
	struct gic_cpu *c;
	__u64 i, fiqs = 0;

	add_vcpus(s, 2, guest_main, script_group0);
	run_to_done(_metadata, s);
	expect_counts(_metadata, s);
	/* SGI_G0 each time as an FIQ, SGI 9 as an IRQ. */
	c = vm_gic_cpu(s->vm, 1);
	for (i = 0; i < c->nr_taken && i < GIC_LOG_LEN; i++) {
		__u32 e = c->log[i];

		if ((e & ~GIC_LOG_FIQ) == SGI_G0) {
			EXPECT_EQ(GIC_LOG_FIQ | SGI_G0, e);
			fiqs++;
		} else if ((e & ~GIC_LOG_FIQ) == 9) {
			EXPECT_EQ(9, e);
		}
	}
	EXPECT_EQ(4, fiqs);
	EXPECT_EQ(4, c->nr_fiq);
}

TEST_F_TIMEOUT(sgi, pingpong_1000_rounds, 600)
{
	struct sgi_vm *s = &self->s;
	struct gic_cpu *c0, *c1;

	add_vcpus(s, 2, guest_main, script_pingpong);
	gic_irq_hook = pong_hook;
	sync_global_to_guest(s->vm, gic_irq_hook);
	run_to_done(_metadata, s);
	expect_counts(_metadata, s);
	c0 = vm_gic_cpu(s->vm, 0);
	c1 = vm_gic_cpu(s->vm, 1);
	EXPECT_EQ(PINGPONG_ROUNDS, c0->count[2]);
	EXPECT_EQ(PINGPONG_ROUNDS, c1->count[1]);
	EXPECT_EQ(PINGPONG_ROUNDS, c0->nr_taken);
	/* Its IPIs and the stop doorbell. */
	EXPECT_EQ(PINGPONG_ROUNDS + 1, c1->nr_taken);
}

TEST_F_TIMEOUT(sgi, spi_routing_irouter, 120)
{
	struct sgi_vm *s = &self->s;
	__u64 *go_hva = addr_gva2hva(s->vm, (__u64)&go);
	struct vcpu_event ev;
	__u32 i;

	add_vcpus(s, 2, guest_main, script_routing);
	for (i = 0; i < s->n; i++)
		vcpu_thread_start(s->v[i]);
	for (i = 1; i <= 3; i++) {
		ASSERT_LONG_UCALL(s, 0, UCALL_SYNC, &ev);
		ASSERT_EQ(i, ev.uc.args[0]);
		EXPECT_EQ(0, vm_irq_line(s->vm, 59 + i, 1));
		__atomic_store_n(go_hva, i, __ATOMIC_RELEASE);
	}
	ASSERT_LONG_UCALL(s, 0, UCALL_SYNC, &ev);
	EXPECT_EQ(4, ev.uc.args[0]);
	EXPECT_EQ(0, ev.uc.args[1]);	/* 62: not on the old target */
	EXPECT_EQ(1, ev.uc.args[2]);	/* on the new one, once */
	EXPECT_EQ(0, ev.uc.args[3]);
	EXPECT_EQ(1, ev.uc.args[4]);	/* 61: on vCPU 0, once routed */
	EXPECT_EQ(0, ev.uc.args[5]);
	ASSERT_LONG_UCALL(s, 0, UCALL_DONE, &ev);
	ASSERT_LONG_UCALL(s, 1, UCALL_DONE, &ev);
	for (i = 0; i < s->n; i++)
		vcpu_thread_join(s->v[i]);
	expect_counts(_metadata, s);
}

TEST_F(sgi, wfi_woken_by_sgi)
{
	struct sgi_vm *s = &self->s;
	unsigned long wfi = exit_count("wfi");
	struct vcpu_event ev;

	ASSERT_NE(~0UL, wfi);
	add_vcpus(s, 2, guest_wfi_waker, NULL);
	vcpu_set_guest_fn(s->v[1], guest_wfi_sleeper);
	vcpu_args_set(s->v[1], 1, 1UL);
	vcpu_thread_start(s->v[0]);
	vcpu_thread_start(s->v[1]);
	ASSERT_THREAD_UCALL(s->v[1], UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	/* Asleep in WFI: RUN waits. */
	expect_waiting(_metadata, s->v[1]);
	EXPECT_LT(wfi, exit_count("wfi"));
	__atomic_store_n((__u64 *)addr_gva2hva(s->vm, (__u64)&go), 1,
			 __ATOMIC_RELEASE);
	ASSERT_THREAD_UCALL(s->v[1], UCALL_SYNC, &ev);
	EXPECT_EQ(2, ev.uc.args[0]);
	EXPECT_EQ(3, ev.uc.args[1]);
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[2]);
	ASSERT_THREAD_UCALL(s->v[1], UCALL_DONE, &ev);
	ASSERT_THREAD_UCALL(s->v[0], UCALL_DONE, &ev);
	vcpu_thread_join(s->v[0]);
	vcpu_thread_join(s->v[1]);
}

TEST_F(sgi, sgi_kicks_a_running_vcpu)
{
	struct sgi_vm *s = &self->s;
	struct vcpu_event ev;

	add_vcpus(s, 2, guest_kicker, NULL);
	vcpu_set_guest_fn(s->v[1], guest_spinner);
	vcpu_args_set(s->v[1], 1, 1UL);
	vcpu_thread_start(s->v[0]);
	vcpu_thread_start(s->v[1]);
	ASSERT_THREAD_UCALL(s->v[1], UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	EXPECT_EQ(1, ev.uc.args[1]);
	EXPECT_EQ(1, ev.uc.args[2]);
	EXPECT_LT(0, ev.uc.args[3]);
	ASSERT_THREAD_UCALL(s->v[1], UCALL_DONE, &ev);
	ASSERT_THREAD_UCALL(s->v[0], UCALL_DONE, &ev);
	vcpu_thread_join(s->v[0]);
	vcpu_thread_join(s->v[1]);
}

TEST_F(sgi, powered_off_vcpu_stays_off_sgi_pending)
{
	struct sgi_vm *s = &self->s;
	struct vcpu_event ev;
	__u32 st = ~0U;

	s->n = 2;
	nr_vcpus = 2;
	sync_global_to_guest(s->vm, nr_vcpus);
	s->v[0] = vm_vcpu_add_mpidr(s->vm, 0, mpidrs[0], guest_off_sender);
	vcpu_args_set(s->v[0], 1, 0UL);
	s->v[1] = vm_vcpu_add_mpidr(s->vm, 1, mpidrs[1], NULL);
	vcpu_thread_start(s->v[1]);
	expect_waiting(_metadata, s->v[1]);
	vcpu_thread_start(s->v[0]);
	ASSERT_THREAD_UCALL(s->v[0], UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	ASSERT_THREAD_UCALL(s->v[0], UCALL_SYNC, &ev);
	EXPECT_EQ(2, ev.uc.args[0]);
	EXPECT_EQ(1U << 4, ev.uc.args[1]);	/* pending at vCPU 1 */
	EXPECT_EQ(GICR_WAKER_PS | GICR_WAKER_CA, ev.uc.args[2]);
	ASSERT_THREAD_UCALL(s->v[0], UCALL_DONE, &ev);
	vcpu_thread_join(s->v[0]);
	/* Still off: RUN still waits; a signal ends it, STOPPED. */
	expect_waiting(_metadata, s->v[1]);
	expect_kick_eintr(_metadata, s->v[1]);
	ASSERT_EQ(0, vcpu_get_mp_state(s->v[1], &st));
	EXPECT_EQ(AVCPU_MP_STATE_STOPPED, st);
	/* Turned on by the VMM: it takes the SGI, once. */
	vcpu_set_guest_fn(s->v[1], guest_off_late);
	vcpu_args_set(s->v[1], 1, 1UL);
	ASSERT_EQ(0, vcpu_set_mp_state(s->v[1], AVCPU_MP_STATE_RUNNABLE));
	vcpu_thread_start(s->v[1]);
	ASSERT_THREAD_UCALL(s->v[1], UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	EXPECT_EQ(1U << 4, ev.uc.args[1]);	/* ISPENDR0 before init */
	EXPECT_EQ(GIC_SPURIOUS, ev.uc.args[2]);	/* IGRPEN1 0 at reset */
	EXPECT_EQ(1, ev.uc.args[3]);
	EXPECT_EQ(1, ev.uc.args[4]);
	EXPECT_EQ(0, ev.uc.args[5]);
	ASSERT_THREAD_UCALL(s->v[1], UCALL_DONE, &ev);
	vcpu_thread_join(s->v[1]);
}

TEST_HARNESS_MAIN
