// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu-bench: exit costs of the same guest loops under /dev/avcpu or
 * /dev/kvm (one backend per run: a kernel has either KVM or avcpu at
 * EL2), as rates.  Not a test: no timing verdict.  A case whose guest
 * sees a wrong answer, or whose call leaves the tier it measures (say
 * PSCI_VERSION exiting to userspace), prints FAIL and the reason instead
 * of a rate, and the exit status is 1.
 *
 *   avcpu-bench [--backend avcpu|kvm] [--seconds N] [--case NAME]...
 *               [--vcpu1-cpu N]
 *
 * vCPU 0 of every case runs on CPU 0; the second thread of the CPU_ON and
 * GIC cases (vCPU 1, or the VMM thread raising the SPI) on CPU 1 (or
 * --vcpu1-cpu), CPU 0 on a one-CPU machine.
 * One line per case:
 *   bench BACKEND CASE RATE/s   what it measures
 *   bench BACKEND CASE FAIL     why
 * (scripts/bench.sh reads these from both backends' boots.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "bench_guest.h"

#define PSCI_VERSION		0x84000000U
#define PSCI_CPU_ON_64		0xC4000003U
#define SMCCC_ARCH_WA1		0x80008000U
#define SIP_64_BASE		0xC2000000U	/* owner 2, SiP: fast, SMC64 */
#define SIP_64_NR		0x10000U
#define VTIMER_PPI		27	/* the virtual timer's INTID */

struct bench_case {
	const char *name;
	double (*fn)(const struct bench_backend *b,
		     const struct bench_case *c);
	const char *what;
	const char *code_start, *code_end;
	__u32 id;		/* the SMCCC id the guest calls */
	__u64 expect;		/* its answer in x0 */
};

static double secs = 2;
static int vcpu1_cpu = -1;	/* case 6's second vCPU thread: CPU 1 */
static unsigned long ops;	/* what the last case counted */
static char err[512];
static char extra[64];		/* after the case's text: vtimer_wfi's lateness */
static const struct bench_backend *backend;

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* Record why a case failed; returns the "no rate" value. */
static double fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, sizeof(err), fmt, ap);
	va_end(ap);
	return -1;
}

void bench_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, sizeof(err), fmt, ap);
	va_end(ap);
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		perror("avcpu-bench: sched_setaffinity");
}

static const char *exit_str(const struct bench_exit *e, char *buf, size_t n)
{
	switch (e->kind) {
	case BX_MMIO_WRITE:
		snprintf(buf, n, "MMIO write of 0x%llx to 0x%llx",
			 (unsigned long long)e->data,
			 (unsigned long long)e->addr);
		break;
	case BX_MMIO_READ:
		snprintf(buf, n, "MMIO read of 0x%llx",
			 (unsigned long long)e->addr);
		break;
	case BX_HYPERCALL:
		snprintf(buf, n, "hypercall exit, x0 = 0x%llx",
			 (unsigned long long)e->nr);
		break;
	default:
		snprintf(buf, n, "%s", e->what);
	}
	return buf;
}

/* The reason for an exit a case did not expect. */
static double bad_exit(const struct bench_case *c,
		       const struct bench_exit *e, const char *where)
{
	char buf[160];

	if (e->kind == BX_MMIO_WRITE &&
	    e->addr == MMIO_IPA + BENCH_MMIO_BAD_ANSWER)
		return fail("0x%08x returned 0x%llx, expected 0x%llx",
			    c->id, (unsigned long long)e->data,
			    (unsigned long long)c->expect);
	if (e->kind == BX_MMIO_WRITE &&
	    e->addr == MMIO_IPA + BENCH_MMIO_BAD_INTID)
		return fail("ICC_IAR1_EL1 returned INTID %llu, expected %u",
			    (unsigned long long)e->data, c->id);
	if (e->kind == BX_MMIO_WRITE &&
	    e->addr == MMIO_IPA + BENCH_MMIO_BAD_COUNT &&
	    c->id == VTIMER_PPI)
		return fail("the guest took %llu timer interrupts, expected 1 per deadline",
			    (unsigned long long)e->data);
	if (e->kind == BX_MMIO_WRITE &&
	    e->addr == MMIO_IPA + BENCH_MMIO_BAD_COUNT)
		return fail("vCPU 0 took %llu SGIs for one round trip, expected 1",
			    (unsigned long long)e->data);
	if (e->kind == BX_MMIO_WRITE &&
	    e->addr == MMIO_IPA + BENCH_MMIO_BAD_VECTOR)
		return fail("guest exception at vector 0x%03llx, ESR_EL1 0x%08llx",
			    (unsigned long long)(e->data >> 32),
			    (unsigned long long)(__u32)e->data);
	if (e->kind == BX_MMIO_WRITE &&
	    e->addr == MMIO_IPA + BENCH_MMIO_BAD_TIMER)
		return fail("timer IRQ with CNTV_CTL_EL0 0x%llx, expected 0x5 (ENABLE, ISTATUS)",
			    (unsigned long long)e->data);
	if (e->kind == BX_HYPERCALL && (__u32)e->nr == c->id)
		return fail("0x%08x exited to userspace (hypercall exit); it should be answered %s",
			    c->id, where);
	return fail("exit not expected: %s",
		    exit_str(e, buf, sizeof(buf)));
}

static struct bench_vcpu *one_vcpu(const struct bench_case *c,
				   __u32 fwd_base, __u32 fwd_nr)
{
	struct bench_vm *vm;
	__u64 x[31] = { 0 };

	x[9] = MMIO_IPA;
	x[10] = c->id;
	x[11] = c->expect;
	vm = backend->create_vm(c->code_start, c->code_end - c->code_start,
				fwd_base, fwd_nr);
	return vm ? backend->create_vcpu(vm, 0, false, RAM_IPA, x) : NULL;
}

static double case_cpu_on(const struct bench_backend *b,
			  const struct bench_case *c);

/* Where the case's call should be answered, for the failure message. */
static const char *tier(const struct bench_case *c)
{
	if (c->fn == case_cpu_on)
		return "in the kernel (T1)";
	if (backend == &kvm_backend &&
	    (c->id == PSCI_VERSION || c->code_start == bench_idreg_start))
		return "in KVM's kernel";
	return "at EL2 (T0)";
}

/*
 * Cases 1, 2 and 7: the guest calls c->id (or reads an ID register) in
 * batches; the exit at the end of a batch asks for the next one's size,
 * doubled until a batch takes 50 ms, so that exit costs the rate well
 * under 1%.
 */
static double case_smccc(const struct bench_backend *b,
			 const struct bench_case *c)
{
	struct bench_vcpu *v = one_vcpu(c, 0, 0);
	unsigned long n = 0, batch = 64;
	struct bench_exit e;
	double t0, tb, t;

	if (!v)
		return -1;	/* bench_err() said why */
	/* The first exit asks for the first batch: nothing called yet. */
	if (b->run(v, 0, &e))
		return fail("RUN: %s", strerror(errno));
	if (e.kind != BX_MMIO_READ || e.addr != MMIO_IPA + BENCH_MMIO_BATCH)
		return bad_exit(c, &e, tier(c));
	t0 = now();
	tb = t0;
	for (;;) {
		if (b->run(v, batch, &e))
			return fail("RUN: %s", strerror(errno));
		if (e.kind != BX_MMIO_READ ||
		    e.addr != MMIO_IPA + BENCH_MMIO_BATCH)
			return bad_exit(c, &e, tier(c));
		n += batch;
		t = now();
		if (t - t0 >= secs)
			break;
		if (t - tb < 0.05 && batch < (1UL << 24))
			batch *= 2;
		tb = t;
	}
	ops = n;
	return n / (t - t0);
}

/* Cases 3 to 5: every guest access or call is one exit to userspace. */
static double case_user(const struct bench_backend *b,
			const struct bench_case *c)
{
	bool hvc = c->code_start == bench_hvc_user_start;
	struct bench_vcpu *v = hvc ? one_vcpu(c, SIP_64_BASE, SIP_64_NR) :
				     one_vcpu(c, 0, 0);
	bool write = c->code_start == bench_mmio_write_start;
	unsigned long n = 0;
	struct bench_exit e;
	double t0, t;
	int i;

	if (!v)
		return -1;	/* bench_err() said why */
	t0 = now();
	do {
		for (i = 0; i < 100; i++) {
			if (b->run(v, 0x5a5a5a5a, &e))
				return fail("RUN: %s", strerror(errno));
			if (hvc ? e.kind != BX_HYPERCALL || e.nr != c->id :
			    e.kind != (write ? BX_MMIO_WRITE : BX_MMIO_READ) ||
			    e.addr != MMIO_IPA + BENCH_MMIO_EXIT)
				return bad_exit(c, &e, "");
		}
		n += 100;
		t = now();
	} while (t - t0 < secs);
	ops = n;
	return n / (t - t0);
}

/*
 * Case 6: vCPU 1, created powered off, runs on its own thread; vCPU 0's
 * CPU_ON starts it, its first instruction exits to userspace, its thread
 * powers it off again and tells the main thread, which runs vCPU 0 into
 * the next CPU_ON.
 */
struct cpu_on {
	struct bench_vcpu *v1;
	sem_t cycle;		/* vCPU 1 exited and is powered off again */
	int stop;		/* __atomic: main thread to vCPU 1's */
	int failed;		/* __atomic: vCPU 1's thread to main */
	int cpu;
};

static void on_sigusr1(int sig)
{
	(void)sig;
}

static void *vcpu1_thread(void *arg)
{
	struct cpu_on *t = arg;
	struct bench_exit e;
	char buf[160];

	pin(t->cpu);
	for (;;) {
		if (backend->run(t->v1, 0, &e)) {
			if (__atomic_load_n(&t->stop, __ATOMIC_ACQUIRE))
				return NULL;
			if (errno == EINTR)
				continue;
			fail("vCPU 1: RUN: %s", strerror(errno));
			break;
		}
		if (e.kind != BX_MMIO_WRITE || e.addr != MMIO_IPA ||
		    e.data != MMIO_IPA) {
			fail("vCPU 1 after CPU_ON: %s, not its store of x0 = 0x%llx",
			     exit_str(&e, buf, sizeof(buf)), MMIO_IPA);
			break;
		}
		if (backend->stop(t->v1)) {
			fail("vCPU 1: MP_STATE STOPPED: %s", strerror(errno));
			break;
		}
		sem_post(&t->cycle);
	}
	__atomic_store_n(&t->failed, 1, __ATOMIC_RELEASE);
	sem_post(&t->cycle);
	return NULL;
}

/* One CPU_ON of vCPU 1 by vCPU 0, to vCPU 1's exit; 0 or -1. */
static int cpu_on_cycle(const struct bench_case *c, struct bench_vcpu *v0,
			struct cpu_on *t)
{
	struct bench_exit e;
	struct timespec ts;

	if (backend->run(v0, 0, &e)) {
		fail("vCPU 0: RUN: %s", strerror(errno));
		return -1;
	}
	if (e.kind != BX_MMIO_WRITE ||
	    e.addr != MMIO_IPA + BENCH_MMIO_CPU_ON_RET) {
		bad_exit(c, &e, tier(c));
		return -1;
	}
	if (e.data != 0) {
		fail("CPU_ON returned %lld, expected 0 (SUCCESS)",
		     (long long)e.data);
		return -1;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 5;
	while (sem_timedwait(&t->cycle, &ts))
		if (errno != EINTR) {
			fail("vCPU 1 made no exit within 5 s of CPU_ON");
			return -1;
		}
	return __atomic_load_n(&t->failed, __ATOMIC_ACQUIRE) ? -1 : 0;
}

static double case_cpu_on(const struct bench_backend *b,
			  const struct bench_case *c)
{
	struct sigaction sa = { .sa_handler = on_sigusr1 };
	static struct cpu_on t;
	struct bench_vcpu *v0;
	struct bench_vm *vm;
	unsigned long n = 0;
	__u64 x[31] = { 0 };
	double t0, tn, r = -1;
	pthread_t thr;
	int i;

	x[9] = MMIO_IPA;
	x[10] = c->id;
	x[13] = 1;		/* vCPU 1's MPIDR */
	x[14] = RAM_IPA + (bench_cpu_on_entry - bench_cpu_on_start);
	vm = b->create_vm(c->code_start, c->code_end - c->code_start, 0, 0);
	v0 = vm ? b->create_vcpu(vm, 0, false, RAM_IPA, x) : NULL;
	t.v1 = v0 ? b->create_vcpu(vm, 1, true, 0, x) : NULL;
	if (!t.v1)
		return -1;	/* bench_err() said why */
	/* vCPU 1 on the second CPU if there is one. */
	t.cpu = vcpu1_cpu >= 0 ? vcpu1_cpu :
		sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 1 : 0;
	sem_init(&t.cycle, 0, 0);
	sigaction(SIGUSR1, &sa, NULL);
	if (pthread_create(&thr, NULL, vcpu1_thread, &t))
		return fail("pthread_create failed");
	/* One cycle before the clock starts: the pages are faulted in. */
	if (!cpu_on_cycle(c, v0, &t)) {
		t0 = now();
		do {
			for (i = 0; i < 10; i++)
				if (cpu_on_cycle(c, v0, &t))
					break;
			n += i;
			tn = now();
		} while (i == 10 && tn - t0 < secs);
		if (i == 10)
			r = n / (tn - t0);
		ops = n + 1;	/* with the first cycle */
	}
	/* vCPU 1's thread waits in RUN, powered off: a signal ends it. */
	__atomic_store_n(&t.stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < 500 && pthread_tryjoin_np(thr, NULL); i++) {
		pthread_kill(thr, SIGUSR1);
		usleep(10000);
	}
	return r;
}

/*
 * Cases 8 and 9 (sgi_rtt, spi_latency): a GICv3 in the backend's kernel
 * (bench.h's layout), vCPU 0 run by the main thread on CPU 0 and a second
 * thread on CPU 1 (or --vcpu1-cpu): vCPU 1's, or the VMM thread raising
 * the SPI.  A lost interrupt would leave vCPU 0 in WFI for ever: a
 * watchdog thread signals the main thread out of RUN when it has made no
 * progress for GIC_TIMEOUT seconds, and the case fails.
 */
#define GIC_TIMEOUT	5

struct gic_case {
	const struct bench_case *c;
	struct bench_vm *vm;
	struct bench_vcpu *v1;	/* sgi_rtt: vCPU 1 */
	pthread_t main;
	sem_t go;		/* spi_latency: raise the next edge */
	int cpu;		/* the second thread's */
	/* __atomic, all */
	int stop;		/* main thread to the others: end */
	int failed;		/* the second thread failed: err says why */
	int timed_out;		/* the watchdog fired */
	unsigned long progress;	/* the main thread's operations so far */
};

/* The second thread failed (err says why): stop the main thread's RUN. */
static void gic_thread_failed(struct gic_case *g, const char *who)
{
	char buf[sizeof(err) + 32];

	snprintf(buf, sizeof(buf), "%s: %s", who, err);
	memcpy(err, buf, sizeof(err) - 1);
	err[sizeof(err) - 1] = 0;
	__atomic_store_n(&g->failed, 1, __ATOMIC_RELEASE);
	pthread_kill(g->main, SIGUSR1);
}

static void *gic_watchdog(void *arg)
{
	struct gic_case *g = arg;
	unsigned long last = 0, p;
	int idle = 0;

	while (!__atomic_load_n(&g->stop, __ATOMIC_ACQUIRE)) {
		usleep(100000);
		p = __atomic_load_n(&g->progress, __ATOMIC_RELAXED);
		if (p != last) {
			last = p;
			idle = 0;
			continue;
		}
		if (++idle < GIC_TIMEOUT * 10)
			continue;
		/* Again every second: the main thread may not be in RUN. */
		__atomic_store_n(&g->timed_out, 1, __ATOMIC_RELEASE);
		pthread_kill(g->main, SIGUSR1);
		idle -= 10;
	}
	return NULL;
}

/*
 * RUN vCPU 0; a signal (EINTR) from the other threads ends it only if
 * one of them says so.  0, or -1 with err set.
 */
static int gic_run(struct gic_case *g, struct bench_vcpu *v, __u64 data,
		   struct bench_exit *e, const char *stuck)
{
	for (;;) {
		if (!backend->run(v, data, e))
			return 0;
		if (errno != EINTR) {
			fail("vCPU 0: RUN: %s", strerror(errno));
			return -1;
		}
		if (__atomic_load_n(&g->failed, __ATOMIC_ACQUIRE))
			return -1;
		if (__atomic_load_n(&g->timed_out, __ATOMIC_ACQUIRE)) {
			fail("%s within %d s", stuck, GIC_TIMEOUT);
			return -1;
		}
	}
}

/* One batch of vCPU 0: it ends asking for the next (its MMIO read). */
static int gic_batch(const struct bench_case *c, struct gic_case *g,
		     struct bench_vcpu *v, __u64 batch, const char *stuck)
{
	struct bench_exit e;

	if (gic_run(g, v, batch, &e, stuck))
		return -1;
	if (e.kind != BX_MMIO_READ || e.addr != MMIO_IPA + BENCH_MMIO_BATCH) {
		bad_exit(c, &e, "");
		return -1;
	}
	return 0;
}

/* x[] of a GIC guest's vCPU @id (bench_guest.S: the registers). */
static void gic_regs(const struct bench_case *c, int id, __u64 x[31])
{
	memset(x, 0, 31 * sizeof(*x));
	x[9] = MMIO_IPA;
	x[10] = c->id;
	x[15] = GICD_IPA;
	x[16] = GICR_IPA + id * GICR_STRIDE;
}

static __u64 gic_entry(const char *sym)
{
	return RAM_IPA + (sym - bench_gic_start);
}

/* The VM's irqchip (its vCPUs created), SIGUSR1, the watchdog. */
static int gic_start(struct gic_case *g, pthread_t *wd)
{
	struct sigaction sa = { .sa_handler = on_sigusr1 };

	if (backend->irqchip(g->vm))
		return -1;	/* bench_err() said why */
	g->main = pthread_self();
	g->cpu = vcpu1_cpu >= 0 ? vcpu1_cpu :
		 sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 1 : 0;
	/* No SA_RESTART: the signal ends the RUN it interrupts. */
	sigaction(SIGUSR1, &sa, NULL);
	if (pthread_create(wd, NULL, gic_watchdog, g)) {
		fail("pthread_create failed");
		return -1;
	}
	return 0;
}

/*
 * sgi_rtt, vCPU 1's thread: the guest only takes SGIs and sends them
 * back; any exit is a failure.  A signal with g->stop set ends it.
 */
static void *sgi_vcpu1_thread(void *arg)
{
	struct gic_case *g = arg;
	struct bench_exit e;

	pin(g->cpu);
	for (;;) {
		if (!backend->run(g->v1, 0, &e)) {
			bad_exit(g->c, &e, "");
			break;
		}
		if (__atomic_load_n(&g->stop, __ATOMIC_ACQUIRE))
			return NULL;
		if (errno != EINTR) {
			fail("RUN: %s", strerror(errno));
			break;
		}
	}
	gic_thread_failed(g, "vCPU 1");
	return NULL;
}

/*
 * Case 8: vCPU 0 sends an SGI to vCPU 1 and waits in WFI; vCPU 1's
 * handler sends it back; in batches (bench_guest.S), the first one not
 * timed (vCPU 1's thread starting, the pages faulted in).  The rate is of
 * round trips.
 */
static double case_sgi_rtt(const struct bench_backend *b,
			   const struct bench_case *c)
{
	static const char stuck[] = "no SGI round trip (an SGI lost?)";
	static struct gic_case g;
	unsigned long n = 0, batch = 64;
	struct bench_vcpu *v0;
	pthread_t thr, wd;
	__u64 x[31];
	double t0, tb, t, r = -1;
	int i;

	memset(&g, 0, sizeof(g));
	g.c = c;
	g.vm = b->create_vm(c->code_start, c->code_end - c->code_start, 0, 0);
	if (!g.vm)
		return -1;	/* bench_err() said why */
	gic_regs(c, 0, x);
	x[13] = (__u64)c->id << 24 | 1 << 1;	/* to TargetList Aff0 1 */
	v0 = b->create_vcpu(g.vm, 0, false, gic_entry(bench_sgi0_entry), x);
	if (!v0)
		return -1;
	gic_regs(c, 1, x);
	x[13] = (__u64)c->id << 24 | 1 << 0;	/* back to Aff0 0 */
	g.v1 = b->create_vcpu(g.vm, 1, false, gic_entry(bench_sgi1_entry), x);
	if (!g.v1 || gic_start(&g, &wd))
		return -1;
	if (pthread_create(&thr, NULL, sgi_vcpu1_thread, &g)) {
		__atomic_store_n(&g.stop, 1, __ATOMIC_RELEASE);
		pthread_join(wd, NULL);
		return fail("pthread_create failed");
	}
	/* The first exit asks for the first batch, the second for the next. */
	for (i = 0; i < 2; i++)
		if (gic_batch(c, &g, v0, batch, stuck))
			goto out;
	t0 = now();
	tb = t0;
	for (;;) {
		if (gic_batch(c, &g, v0, batch, stuck))
			goto out;
		n += batch;
		__atomic_store_n(&g.progress, n, __ATOMIC_RELAXED);
		t = now();
		if (t - t0 >= secs)
			break;
		if (t - tb < 0.05 && batch < (1UL << 24))
			batch *= 2;
		tb = t;
	}
	ops = n + 64;	/* with the first batch, for the tier counters */
	r = n / (t - t0);
out:
	/* vCPU 1's thread waits in RUN (WFI): a signal ends it. */
	__atomic_store_n(&g.stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < 500 && pthread_tryjoin_np(thr, NULL); i++) {
		pthread_kill(thr, SIGUSR1);
		usleep(10000);
	}
	pthread_join(wd, NULL);
	/* vCPU 1's thread failing first is the cause, vCPU 0's the effect. */
	return __atomic_load_n(&g.failed, __ATOMIC_ACQUIRE) ? -1 : r;
}

/*
 * spi_latency, the VMM thread: one edge of the SPI each time the main
 * thread has seen the guest's handler report the last one.
 */
static void *spi_thread(void *arg)
{
	struct gic_case *g = arg;

	pin(g->cpu);
	for (;;) {
		while (sem_wait(&g->go))
			;	/* EINTR */
		if (__atomic_load_n(&g->stop, __ATOMIC_ACQUIRE))
			return NULL;
		if (backend->irq_line(g->vm, g->c->id, 1))
			break;
	}
	gic_thread_failed(g, "IRQ_LINE thread");
	return NULL;
}

/* spi_latency: RUN to the guest's next report of INTID @data at +0. */
static int spi_report(struct gic_case *g, struct bench_vcpu *v, __u64 data)
{
	struct bench_exit e;

	if (gic_run(g, v, 0, &e,
		    "the guest's handler did not run after IRQ_LINE"))
		return -1;
	if (e.kind != BX_MMIO_WRITE || e.addr != MMIO_IPA + BENCH_MMIO_EXIT ||
	    e.data != data) {
		if (e.kind == BX_MMIO_WRITE &&
		    e.addr == MMIO_IPA + BENCH_MMIO_EXIT)
			fail("guest reported 0x%llx, expected 0x%llx",
			     (unsigned long long)e.data,
			     (unsigned long long)data);
		else
			bad_exit(g->c, &e, "");
		return -1;
	}
	return 0;
}

/*
 * Case 9: the VMM thread raises an edge of SPI c->id (the guest set it
 * edge-triggered) while vCPU 0 waits in WFI; the guest's handler acks,
 * EOIs and reports with an MMIO write, after which the main thread lets
 * the VMM thread raise the next one.  The rate is of handled SPIs, the
 * first one (the threads and pages warming up) not timed.
 */
static double case_spi_latency(const struct bench_backend *b,
			       const struct bench_case *c)
{
	static struct gic_case g;
	unsigned long n = 0;
	struct bench_vcpu *v0;
	pthread_t thr, wd;
	__u64 x[31];
	double t0, t, r = -1;

	memset(&g, 0, sizeof(g));
	g.c = c;
	sem_init(&g.go, 0, 0);
	g.vm = b->create_vm(c->code_start, c->code_end - c->code_start, 0, 0);
	if (!g.vm)
		return -1;	/* bench_err() said why */
	gic_regs(c, 0, x);
	v0 = b->create_vcpu(g.vm, 0, false, gic_entry(bench_spi_entry), x);
	if (!v0 || gic_start(&g, &wd))
		return -1;
	if (pthread_create(&thr, NULL, spi_thread, &g)) {
		__atomic_store_n(&g.stop, 1, __ATOMIC_RELEASE);
		pthread_join(wd, NULL);
		return fail("pthread_create failed");
	}
	/* The guest's GIC is set up (it reports 0), then the first SPI. */
	if (spi_report(&g, v0, 0))
		goto out;
	sem_post(&g.go);
	if (spi_report(&g, v0, c->id))
		goto out;
	t0 = now();
	do {
		sem_post(&g.go);
		if (spi_report(&g, v0, c->id))
			goto out;
		__atomic_store_n(&g.progress, ++n, __ATOMIC_RELAXED);
		t = now();
	} while (t - t0 < secs);
	ops = n + 1;	/* with the first SPI, for the tier counters */
	r = n / (t - t0);
out:
	__atomic_store_n(&g.stop, 1, __ATOMIC_RELEASE);
	sem_post(&g.go);
	pthread_join(thr, NULL);
	pthread_join(wd, NULL);
	return __atomic_load_n(&g.failed, __ATOMIC_ACQUIRE) ? -1 : r;
}

/* The counter frequency, the guest's too on both backends (CNTFRQ_EL0). */
static __u64 cntfrq(void)
{
	__u64 f;

	asm volatile("mrs %0, cntfrq_el0" : "=r" (f));
	return f;
}

/*
 * vtimer_wfi: the end of a batch is the guest's write of the batch's
 * summed lateness (+64, into @late), then its read of the next size.
 */
static int vtimer_batch(const struct bench_case *c, struct gic_case *g,
			struct bench_vcpu *v, __u64 batch, bool wfi,
			__u64 *late, const char *stuck)
{
	struct bench_exit e;

	if (!wfi)
		return gic_batch(c, g, v, batch, stuck);
	if (gic_run(g, v, batch, &e, stuck))
		return -1;
	if (e.kind != BX_MMIO_WRITE ||
	    e.addr != MMIO_IPA + BENCH_MMIO_LATENESS) {
		bad_exit(c, &e, "");
		return -1;
	}
	*late = e.data;
	return gic_batch(c, g, v, 0, stuck);
}

/*
 * Cases 10 and 11 (vtimer_rtt, vtimer_wfi): one vCPU and its virtual
 * timer, whose PPI 27 the backend's kernel delivers through its vGIC
 * (KVM: its arch timer with the in-kernel vGICv3).  In batches as
 * sgi_rtt (bench_guest.S), the first one not timed.  vtimer_rtt: the
 * timer expires at once and the handler re-arms it at once, the rate is
 * of interrupts taken.  vtimer_wfi: the timer 1 ms ahead and the vCPU in
 * WFI, the rate is of wake-ups, and the guest's handler measures how
 * late it runs (CNTVCT - CVAL), printed as the mean in microseconds.
 * The test-bed kernel has HZ=250 and no high-resolution timers: the
 * hrtimer that ends a WFI on either backend fires on a host tick, so
 * vtimer_wfi is bound by the tick on both (at most 250 wake-ups/s, and
 * late by up to a tick or two), not by the hypervisor.
 */
static double case_vtimer(const struct bench_backend *b,
			  const struct bench_case *c, bool wfi)
{
	static const char stuck[] = "no virtual timer interrupt (one lost?)";
	static struct gic_case g;
	unsigned long n = 0, batch = wfi ? 16 : 64, first = batch;
	__u64 freq = cntfrq(), late = 0, lat = 0;
	struct bench_vcpu *v0;
	pthread_t wd;
	__u64 x[31];
	double t0, tb, t, r = -1;

	if (!freq)
		return fail("CNTFRQ_EL0 reads 0");
	memset(&g, 0, sizeof(g));
	g.c = c;
	g.vm = b->create_vm(c->code_start, c->code_end - c->code_start, 0, 0);
	if (!g.vm)
		return -1;	/* bench_err() said why */
	gic_regs(c, 0, x);
	x[14] = freq / 1000;	/* vtimer_wfi: 1 ms ahead */
	v0 = b->create_vcpu(g.vm, 0, false,
			    gic_entry(wfi ? bench_vtimer_wfi_entry :
					    bench_vtimer_rtt_entry), x);
	if (!v0 || gic_start(&g, &wd))
		return -1;
	/* The first exit asks for the first batch, the next end it. */
	if (gic_batch(c, &g, v0, 0, stuck) ||
	    vtimer_batch(c, &g, v0, batch, wfi, &late, stuck))
		goto out;
	t0 = now();
	tb = t0;
	for (;;) {
		if (vtimer_batch(c, &g, v0, batch, wfi, &late, stuck))
			goto out;
		n += batch;
		lat += late;
		__atomic_store_n(&g.progress, n, __ATOMIC_RELAXED);
		t = now();
		if (t - t0 >= secs)
			break;
		if (t - tb < 0.05 && batch < (1UL << 24))
			batch *= 2;
		tb = t;
	}
	ops = n + first;	/* with the first batch, for the tier counters */
	r = n / (t - t0);
	if (wfi)
		snprintf(extra, sizeof(extra), "; mean lateness %.0f us",
			 (double)lat / n / freq * 1e6);
out:
	__atomic_store_n(&g.stop, 1, __ATOMIC_RELEASE);
	pthread_join(wd, NULL);
	return r;
}

static double case_vtimer_rtt(const struct bench_backend *b,
			      const struct bench_case *c)
{
	return case_vtimer(b, c, false);
}

static double case_vtimer_wfi(const struct bench_backend *b,
			      const struct bench_case *c)
{
	return case_vtimer(b, c, true);
}

/*
 * Where the backend answered the case's exits, from its counters: printed
 * per operation, and, for the calls meant to stay at EL2, checked (a call
 * answered in the kernel would also pass the guest's checks).
 */
static double check_tiers(const struct bench_case *c, const __u64 t0[4],
			  const __u64 t1[4], char *buf, size_t len)
{
	double per[4];
	int i;

	if (!ops)
		return fail("no operations counted");
	for (i = 0; i < 4; i++)
		per[i] = (double)(t1[i] - t0[i]) / ops;
	snprintf(buf, len, "; exits per op: T0 %.2f T1 %.2f T2 %.2f",
		 per[0], per[1], per[2]);
	/* The SMCCC calls by t0_smccc, the ID register reads by t0. */
	if (c->fn == case_smccc && c->id && t1[3] - t0[3] < ops)
		return fail("0x%08x: %llu calls answered at EL2 for %lu made (T0 expected)",
			    c->id, (unsigned long long)(t1[3] - t0[3]), ops);
	if (c->fn == case_smccc && !c->id && t1[0] - t0[0] < ops)
		return fail("%s: %llu reads answered at EL2 for %lu made (T0 expected)",
			    c->name, (unsigned long long)(t1[0] - t0[0]), ops);
	return 0;
}

static const struct bench_case cases[] = {
	{ "psci_version", case_smccc,
	  "PSCI_VERSION, hvc #0 (KVM: its kernel; avcpu: EL2, T0)",
	  bench_smccc_start, bench_smccc_end, PSCI_VERSION, 0x10001 },
	{ "smccc_wa1", case_smccc,
	  "SMCCC_ARCH_WORKAROUND_1, hvc #0 (EL2 on both: T0)",
	  bench_smccc_start, bench_smccc_end, SMCCC_ARCH_WA1, 0 },
	{ "mmio_write", case_user,
	  "MMIO store to userspace (T2)",
	  bench_mmio_write_start, bench_mmio_write_end },
	{ "mmio_read", case_user,
	  "MMIO load from userspace (T2)",
	  bench_mmio_read_start, bench_mmio_read_end },
	{ "hvc_user", case_user,
	  "SiP call 0xc2000000 to userspace (T2; KVM: SMCCC filter)",
	  bench_hvc_user_start, bench_hvc_user_end, SIP_64_BASE },
	{ "cpu_on", case_cpu_on,
	  "PSCI CPU_ON of vCPU 1 to its first exit, and power-off (T1)",
	  bench_cpu_on_start, bench_cpu_on_end, PSCI_CPU_ON_64 },
	{ "idreg_read", case_smccc,
	  "ID_AA64PFR0_EL1 read (KVM: its kernel; avcpu: EL2, T0)",
	  bench_idreg_start, bench_idreg_end },
	{ "sgi_rtt", case_sgi_rtt,
	  "SGI 1 round trip between 2 vCPU threads, ICC_SGI1R_EL1 and WFI (kernel vGIC, T1)",
	  bench_gic_start, bench_gic_end, 1 },
	{ "spi_latency", case_spi_latency,
	  "edge SPI 48 by IRQ_LINE from a VMM thread to the guest's handler in WFI, MMIO report (T1 + T2)",
	  bench_gic_start, bench_gic_end, 48 },
	{ "vtimer_rtt", case_vtimer_rtt,
	  "virtual timer expiry to PPI 27's handler, re-armed at once, EOI (kernel vGIC, T1)",
	  bench_gic_start, bench_gic_end, VTIMER_PPI },
	{ "vtimer_wfi", case_vtimer_wfi,
	  "virtual timer 1 ms ahead, WFI until PPI 27 (tick-bound on both: HZ=250, no high-res timers)",
	  bench_gic_start, bench_gic_end, VTIMER_PPI },
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define NR_CASES	ARRAY_SIZE(cases)

static void help(void)
{
	unsigned int i;

	fprintf(stderr,
		"usage: avcpu-bench [--backend avcpu|kvm] [--seconds N] [--case NAME]... [--vcpu1-cpu N]\ncases:");
	for (i = 0; i < NR_CASES; i++)
		fprintf(stderr, " %s", cases[i].name);
	fprintf(stderr, "\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "backend", required_argument, NULL, 'b' },
		{ "seconds", required_argument, NULL, 's' },
		{ "case", required_argument, NULL, 'c' },
		{ "vcpu1-cpu", required_argument, NULL, 'v' },
		{ }
	};
	bool want[NR_CASES] = { false };
	bool some = false, have_tiers;
	__u64 t0[4], t1[4];
	char tiers[96];
	char model[256] = "unknown";
	unsigned int i;
	int c, rc = 0;
	FILE *f;

	backend = &avcpu_backend;
	while ((c = getopt_long(argc, argv, "b:s:c:v:", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (!strcmp(optarg, "kvm"))
				backend = &kvm_backend;
			else if (strcmp(optarg, "avcpu"))
				help();
			break;
		case 's':
			secs = atof(optarg);
			if (secs <= 0)
				help();
			break;
		case 'c':
			for (i = 0; i < NR_CASES; i++)
				if (!strcmp(optarg, cases[i].name))
					break;
			if (i == NR_CASES)
				help();
			want[i] = true;
			some = true;
			break;
		case 'v':
			vcpu1_cpu = atoi(optarg);
			break;
		default:
			help();
		}
	}
	if (optind < argc)
		help();
	/* vCPU 0 of every case on CPU 0 (case 6 puts vCPU 1 on CPU 1). */
	pin(0);
	f = fopen("/proc/cpuinfo", "r");
	if (f) {
		char line[256];

		while (fgets(line, sizeof(line), f))
			if (!strncmp(line, "CPU part", 8) &&
			    strchr(line, ':')) {
				snprintf(model, sizeof(model), "CPU part%s",
					 strchr(line, ':') + 1);
				model[strcspn(model, "\n")] = 0;
				break;
			}
		fclose(f);
	}
	if (backend->open()) {
		fprintf(stderr, "avcpu-bench: %s\n", err);
		return 1;
	}
	printf("avcpu-bench: %s, vCPU 0 on CPU 0 (%s), %ld CPU(s), %.1f s per case\n",
	       backend->dev, model, sysconf(_SC_NPROCESSORS_ONLN), secs);
	for (i = 0; i < NR_CASES; i++) {
		double r;

		if (some && !want[i])
			continue;
		err[0] = 0;
		extra[0] = 0;
		have_tiers = backend->tiers && !backend->tiers(t0);
		r = cases[i].fn(backend, &cases[i]);
		tiers[0] = 0;
		if (r >= 0 && have_tiers && !backend->tiers(t1) &&
		    check_tiers(&cases[i], t0, t1, tiers, sizeof(tiers)))
			r = -1;
		if (r < 0) {
			printf("bench %s %s FAIL %s\n", backend->name,
			       cases[i].name, err);
			rc = 1;
		} else {
			printf("bench %s %s %.0f /s  %s%s%s\n", backend->name,
			       cases[i].name, r, cases[i].what, extra,
			       tiers);
		}
		fflush(stdout);
	}
	return rc;
}
