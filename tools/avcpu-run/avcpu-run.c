// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu-run: a minimal VMM on /dev/avcpu.  Loads a raw AArch64 image (or
 * the built-in guest, hello.S) at the start of guest RAM and runs it on N
 * vCPUs of one VM, one thread per vCPU.  vCPU i has MPIDR Aff0 = i; vCPU 0
 * starts at the image's first byte, the others are created powered off and
 * wait in the kernel until the guest turns them on with PSCI CPU_ON, which
 * the kernel answers (nothing to do here).  What the guest writes to a
 * PL011-style data register is printed; an access to where nothing is
 * becomes an abort the guest takes, and a system register the kernel does
 * not emulate an undefined instruction (abort.c); PSCI SYSTEM_OFF ends the
 * run with status 0, SYSTEM_RESET/RESET2 with 3 (see print_help() for all
 * of them).
 *
 * The VM has a GICv3 emulated in the kernel at QEMU virt's addresses
 * (distributor 0x08000000, redistributors from 0x080a0000), unless
 * --no-irqchip, or the host cannot give one (then a note, and the guest
 * runs without).
 *
 *   avcpu-run [--image FILE] [--mem MiB] [--cpus N] [--no-irqchip] [--stats]
 *
 * Documented in Documentation/avcpu.rst, "tools/avcpu-run".
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <linux/avcpu.h>

#define RAM_IPA		0x40000000ULL
#define UART_DR		0x09000000ULL
#define UART_SIZE	0x1000ULL	/* the PL011's registers */
#define GICD_IPA	0x08000000ULL	/* QEMU virt's GICv3 */
#define GICR_IPA	0x080a0000ULL
#define MAX_CPUS	8
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
/* RAM must fit below the top of the IPA space. */
#define MAX_MEM_MIB	(((1ULL << AVCPU_IPA_BITS) - RAM_IPA) >> 20)
/*
 * After one vCPU returned a system event, the kernel stops and kicks all
 * the others, which return it too; a vCPU still running after this long
 * means it did not, and is stopped by force (a kernel bug: status 1).
 */
#define EVENT_GRACE_S	10

/* Exit statuses (documented in print_help() and Documentation/avcpu.rst). */
#define ST_OFF		0	/* the guest called PSCI SYSTEM_OFF */
#define ST_ERROR	1	/* setup failed, or an exit we do not handle */
#define ST_USAGE	2	/* bad command line */
#define ST_RESET	3	/* the guest called SYSTEM_RESET or RESET2 */
/* SIGINT, SIGTERM: 128 + the signal's number, as a shell reports it. */

#include "abort.h"
#include "hello.h"

struct vcpu {
	int id;
	int fd;
	struct avcpu_run *run;
	pthread_t thread;
	bool done;		/* under state_lock */
	/* Exits returned to us, by kind: owned by the vCPU's thread. */
	unsigned long mmio, hvc, abort, sysreg, event, intr;
	struct abort_state abort_st;
};

static struct vcpu vcpus[MAX_CPUS];
static int nr_vcpus;
static pthread_t main_thread;
/* vCPU threads leave their RUN loop once this is set (see stop_all()). */
static atomic_bool stopping;

/* The outcome; the first vCPU to decide it wins.  Under state_lock. */
static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static int nr_done;
static int status = -1;
static bool status_is_event;
static struct avcpu_run first_event;

/* The console: several vCPU threads write to it. */
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

static int die(const char *what)
{
	fprintf(stderr, "avcpu-run: %s: %s\n", what, strerror(errno));
	return ST_ERROR;
}

#define USAGE "usage: avcpu-run [--image FILE] [--mem MiB] [--cpus N] [--no-irqchip] [--stats]\n"

static void print_help(void)
{
	printf(USAGE
	       "Run a raw AArch64 image (default: a built-in greeting guest) at EL1\n"
	       "under avcpu, on N vCPUs of one VM; the guest's writes to %#llx are\n"
	       "printed.  vCPU i has MPIDR Aff0 = i; vCPU 0 starts at the image's\n"
	       "first byte, the others powered off until the guest's PSCI CPU_ON.\n"
	       "An access to where nothing is (no RAM, no device) is a bus error:\n"
	       "the guest takes an abort, and the address is reported once.  A system\n"
	       "register avcpu does not emulate is an undefined instruction, reported\n"
	       "once per register.  The VM has a GICv3 at QEMU virt's addresses\n"
	       "(distributor %#llx, redistributors from %#llx), emulated in the kernel.\n"
	       "  -i, --image FILE  the image, loaded at guest-physical %#llx\n"
	       "  -m, --mem MiB     guest RAM, 1..%llu (default 16)\n"
	       "  -c, --cpus N      vCPUs, 1..%d (default 1)\n"
	       "  -n, --no-irqchip  no GIC: its addresses are nothing, as any other\n"
	       "  -s, --stats       exits each vCPU returned to avcpu-run, on stderr\n"
	       "  -h, --help        this text\n"
	       "Exit status: 0 the guest called SYSTEM_OFF, 1 error or unhandled exit,\n"
	       "2 usage, 3 the guest called SYSTEM_RESET or SYSTEM_RESET2,\n"
	       "128+n signal n (SIGINT, SIGTERM).\n",
	       UART_DR, GICD_IPA, GICR_IPA, RAM_IPA, MAX_MEM_MIB, MAX_CPUS);
}

/* A decimal or 0x number in [min, max], or -1 with a message. */
static long long parse_num(const char *opt, const char *s, long long min,
			   long long max)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 0);
	if (errno || end == s || *end || v < min || v > max) {
		fprintf(stderr, "avcpu-run: %s %s: not a number in %lld..%lld\n",
			opt, s, min, max);
		return -1;
	}
	return v;
}

static void vcpu_print(int c)
{
	pthread_mutex_lock(&out_lock);
	putchar(c);
	/* Whole lines, promptly: also when stdout is a pipe. */
	if (c == '\n')
		fflush(stdout);
	pthread_mutex_unlock(&out_lock);
}

static const char *const exit_names[] = {
	[AVCPU_EXIT_NONE] = "none",
	[AVCPU_EXIT_MMIO] = "MMIO",
	[AVCPU_EXIT_HYPERCALL] = "hypercall",
	[AVCPU_EXIT_EXCEPTION] = "exception",
	[AVCPU_EXIT_INTR] = "intr",
	[AVCPU_EXIT_FAIL_ENTRY] = "fail_entry",
	[AVCPU_EXIT_SERROR] = "serror",
	[AVCPU_EXIT_SYSTEM_EVENT] = "system_event",
	[AVCPU_EXIT_INSN_ABORT] = "insn_abort",
	[AVCPU_EXIT_NISV] = "nisv",
	[AVCPU_EXIT_DEBUG] = "debug",
	[AVCPU_EXIT_SYSREG] = "sysreg",
};

static void report_exit(struct vcpu *v)
{
	struct avcpu_run *run = v->run;
	__u32 r = run->exit_reason;

	pthread_mutex_lock(&out_lock);
	fflush(stdout);
	if (r == AVCPU_EXIT_SYSTEM_EVENT)
		fprintf(stderr,
			"avcpu-run: vCPU %d: unhandled exit: system event type %u\n",
			v->id, run->system_event.type);
	else
		fprintf(stderr,
			"avcpu-run: vCPU %d: unhandled exit %u (%s: esr %#llx pc %#llx)\n",
			v->id, r,
			r < ARRAY_SIZE(exit_names) ?
			exit_names[r] : "unknown",
			(unsigned long long)run->exception.esr,
			(unsigned long long)run->exception.pc);
	pthread_mutex_unlock(&out_lock);
}

/*
 * An access to something that is not there: no device but the UART, an
 * access without a syndrome, a fetch from no memory (abort.c).
 */
static bool is_abort(const struct avcpu_run *run)
{
	switch (run->exit_reason) {
	case AVCPU_EXIT_MMIO:
		return run->mmio.phys_addr - UART_DR >= UART_SIZE;
	case AVCPU_EXIT_NISV:
	case AVCPU_EXIT_INSN_ABORT:
		return true;
	}
	return false;
}

/* One exit: -1 to run on, or the vCPU's verdict (an ST_* status). */
static int handle_exit(struct vcpu *v)
{
	struct avcpu_run *run = v->run;

	if (!is_abort(run))
		abort_other_exit(&v->abort_st);

	switch (run->exit_reason) {
	case AVCPU_EXIT_MMIO:
		v->mmio++;
		if (is_abort(run))
			return abort_inject(v->fd, v->id, run, &v->abort_st,
					    &out_lock);
		if (!run->mmio.is_write) {
			run->mmio.data = 0;	/* every register reads 0 */
			return -1;
		}
		/* The data register prints; other registers ignore. */
		if (run->mmio.phys_addr == UART_DR)
			vcpu_print((int)(run->mmio.data & 0xff));
		return -1;
	case AVCPU_EXIT_NISV:
	case AVCPU_EXIT_INSN_ABORT:
		v->abort++;
		return abort_inject(v->fd, v->id, run, &v->abort_st,
				    &out_lock);
	case AVCPU_EXIT_SYSREG:
		v->sysreg++;
		return sysreg_undef(v->fd, v->id, run, &out_lock);
	case AVCPU_EXIT_HYPERCALL:
		/*
		 * PSCI and the standard SMCCC calls are the kernel's; what
		 * reaches us is nothing we implement.
		 */
		v->hvc++;
		run->hypercall.ret[0] = -1ULL;	/* NOT_SUPPORTED */
		return -1;
	case AVCPU_EXIT_SYSTEM_EVENT:
		v->event++;
		if (run->system_event.type == AVCPU_SYSTEM_EVENT_SHUTDOWN)
			return ST_OFF;
		if (run->system_event.type == AVCPU_SYSTEM_EVENT_RESET)
			return ST_RESET;
		break;
	}
	report_exit(v);
	return ST_ERROR;
}

/* Tell the main thread that @v is done, with its verdict. */
static void vcpu_done(struct vcpu *v, int verdict)
{
	pthread_mutex_lock(&state_lock);
	v->done = true;
	nr_done++;
	if (status < 0 && verdict >= 0) {
		status = verdict;
		status_is_event = verdict != ST_ERROR;
		if (status_is_event)
			first_event = *v->run;
	}
	pthread_mutex_unlock(&state_lock);
	pthread_kill(main_thread, SIGUSR2);
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *v = arg;
	int verdict = -1;

	/*
	 * A powered-off vCPU simply waits in its RUN until another vCPU's
	 * CPU_ON; a system event comes back from every vCPU's RUN.
	 */
	while (verdict < 0 && !atomic_load(&stopping)) {
		if (ioctl(v->fd, AVCPU_RUN, 0)) {
			if (errno == EINTR) {	/* stop_all()'s kick */
				v->intr++;
				continue;
			}
			pthread_mutex_lock(&out_lock);
			fprintf(stderr, "avcpu-run: vCPU %d: AVCPU_RUN: %s\n",
				v->id, strerror(errno));
			pthread_mutex_unlock(&out_lock);
			verdict = ST_ERROR;
			break;
		}
		verdict = handle_exit(v);
	}
	vcpu_done(v, verdict);
	return NULL;
}

static void kick(int sig)
{
	(void)sig;	/* only there to make a vCPU's RUN return EINTR */
}

/*
 * Make every vCPU thread leave its loop: the flag for a thread between
 * two RUNs, immediate_exit for one about to enter RUN (read once at entry),
 * SIGUSR1 for one in RUN (running, in WFI or powered off).
 */
static void stop_all(void)
{
	int i;

	atomic_store(&stopping, true);
	for (i = 0; i < nr_vcpus; i++) {
		vcpus[i].run->immediate_exit = 1;
		pthread_kill(vcpus[i].thread, SIGUSR1);
	}
}

/*
 * The main thread waits for the vCPU threads, SIGINT and SIGTERM, all of
 * which are blocked everywhere and taken here with sigwaitinfo(); a vCPU
 * thread that finishes sends SIGUSR2.  Returns the exit status.
 */
static int supervise(const sigset_t *wait_set)
{
	struct timespec grace = { .tv_sec = EVENT_GRACE_S };
	bool stopped = false, laggard = false;
	int sig, i, st;

	for (;;) {
		bool all_done, event;

		pthread_mutex_lock(&state_lock);
		all_done = nr_done == nr_vcpus;
		st = status;
		event = status_is_event;
		pthread_mutex_unlock(&state_lock);
		if (all_done)
			break;
		/* An error on one vCPU ends them all. */
		if (st >= 0 && !event && !stopped) {
			stop_all();
			stopped = true;
		}
		if (event && !stopped)
			sig = sigtimedwait(wait_set, NULL, &grace);
		else
			sig = sigwaitinfo(wait_set, NULL);
		if (sig == SIGINT || sig == SIGTERM) {
			pthread_mutex_lock(&state_lock);
			if (status < 0)
				status = 128 + sig;
			pthread_mutex_unlock(&state_lock);
			pthread_mutex_lock(&out_lock);
			fflush(stdout);
			fprintf(stderr, "avcpu-run: %s, stopping\n",
				sig == SIGINT ? "SIGINT" : "SIGTERM");
			pthread_mutex_unlock(&out_lock);
			stop_all();
			stopped = true;
		} else if (sig < 0 && errno == EAGAIN) {
			laggard = true;
			pthread_mutex_lock(&state_lock);
			for (i = 0; i < nr_vcpus; i++)
				if (!vcpus[i].done)
					fprintf(stderr,
						"avcpu-run: vCPU %d did not return the system event in %d s; stopping it\n",
						i, EVENT_GRACE_S);
			pthread_mutex_unlock(&state_lock);
			stop_all();
			stopped = true;
		}
	}
	for (i = 0; i < nr_vcpus; i++)
		pthread_join(vcpus[i].thread, NULL);
	return laggard || st < 0 ? ST_ERROR : st;
}

static void stats_line(const char *who, const struct vcpu *v)
{
	fprintf(stderr,
		"avcpu-run: %s: %lu exits (%lu MMIO, %lu hypercall, %lu abort, %lu sysreg, %lu system event, %lu EINTR)\n",
		who,
		v->mmio + v->hvc + v->abort + v->sysreg + v->event + v->intr,
		v->mmio, v->hvc, v->abort, v->sysreg, v->event, v->intr);
}

/* The exits each vCPU's RUN returned to us, then their sums. */
static void print_stats(void)
{
	struct vcpu all = { };
	char who[32];
	int i;

	for (i = 0; i < nr_vcpus; i++) {
		snprintf(who, sizeof(who), "vCPU %d", i);
		stats_line(who, &vcpus[i]);
		all.mmio += vcpus[i].mmio;
		all.hvc += vcpus[i].hvc;
		all.abort += vcpus[i].abort;
		all.sysreg += vcpus[i].sysreg;
		all.event += vcpus[i].event;
		all.intr += vcpus[i].intr;
	}
	stats_line("total", &all);
}

/* What the first system event says, if the status came from one. */
static void print_event(bool stats)
{
	struct avcpu_run *e = &first_event;

	if (!status_is_event)
		return;
	if (e->system_event.type == AVCPU_SYSTEM_EVENT_SHUTDOWN) {
		if (stats)
			fprintf(stderr,
				"avcpu-run: the guest powered off (SYSTEM_OFF from vCPU %u)\n",
				e->system_event.source_vcpu);
	} else if (e->system_event.flags & AVCPU_SYSTEM_EVENT_RESET2) {
		fprintf(stderr,
			"avcpu-run: the guest asked for a reset (SYSTEM_RESET2 from vCPU %u, type %#x, cookie %#llx)\n",
			e->system_event.source_vcpu,
			e->system_event.reset_type,
			(unsigned long long)e->system_event.cookie);
	} else {
		fprintf(stderr,
			"avcpu-run: the guest asked for a reset (SYSTEM_RESET from vCPU %u)\n",
			e->system_event.source_vcpu);
	}
}

/*
 * QEMU virt's GICv3, before the vCPUs (each gets its redistributor as it
 * is created).  A host that cannot give guests a GIC (EBUSY: KVM holds
 * the maintenance interrupt; ENODEV: no GICv3) still runs them without.
 */
static int create_irqchip(int vm)
{
	struct avcpu_irqchip ic = {
		.dist_base = GICD_IPA,
		.redist_base = GICR_IPA,
	};

	if (!ioctl(vm, AVCPU_CREATE_IRQCHIP, &ic))
		return 0;
	if (errno != EBUSY && errno != ENODEV)
		return die("AVCPU_CREATE_IRQCHIP");
	fprintf(stderr, "avcpu-run: no GIC for the guest (%s): running without\n",
		strerror(errno));
	return 0;
}

static int create_vcpu(int dev, int vm, int i, __u64 dtb)
{
	struct avcpu_vcpu_create vc = {
		.vcpu_id = i,
		.flags = i ? AVCPU_VCPU_POWER_OFF : 0,
		.mpidr = i,		/* Aff0 = i */
		.dtb_addr = dtb,
	};
	struct avcpu_ept_root root = { .vm_fd = vm };
	struct vcpu *v = &vcpus[i];
	__u64 pc = RAM_IPA;

	v->id = i;
	v->fd = ioctl(vm, AVCPU_CREATE_VCPU, &vc);
	if (v->fd < 0)
		return die("AVCPU_CREATE_VCPU");
	/* A powered-off vCPU gets its entry point from CPU_ON. */
	if ((!i && ioctl(v->fd, AVCPU_SET_ENTRY, &pc)) ||
	    ioctl(v->fd, AVCPU_SET_EPT_ROOT, &root))
		return die("vCPU setup");
	v->run = mmap(NULL, ioctl(dev, AVCPU_GET_VCPU_MMAP_SIZE, 0),
		      PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
	if (v->run == MAP_FAILED)
		return die("mmap run");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "mem", required_argument, NULL, 'm' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "no-irqchip", no_argument, NULL, 'n' },
		{ "stats", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct avcpu_memory_region region;
	struct sigaction sa = { .sa_handler = kick };
	const char *image = NULL;
	long long mem_mib = 16, n;
	int c, i, dev, vm, st, stats = 0, irqchip = 1;
	sigset_t wait_set;
	size_t size;
	char *ram;

	nr_vcpus = 1;
	while ((c = getopt_long(argc, argv, "i:m:c:nsh", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			image = optarg;
			break;
		case 'm':
			mem_mib = parse_num("--mem", optarg, 1, MAX_MEM_MIB);
			if (mem_mib < 0)
				goto usage;
			break;
		case 'c':
			n = parse_num("--cpus", optarg, 1, MAX_CPUS);
			if (n < 0)
				goto usage;
			nr_vcpus = n;
			break;
		case 'n':
			irqchip = 0;
			break;
		case 's':
			stats = 1;
			break;
		case 'h':
			print_help();
			return 0;
		default:
			goto usage;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "avcpu-run: unexpected argument '%s'\n",
			argv[optind]);
		goto usage;
	}
	size = (size_t)mem_mib << 20;

	dev = open("/dev/avcpu", O_RDWR | O_CLOEXEC);
	if (dev < 0)
		return die("/dev/avcpu");
	vm = ioctl(dev, AVCPU_CREATE_VM, 0);
	if (vm < 0)
		return die("AVCPU_CREATE_VM");
	ram = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ram == MAP_FAILED)
		return die("guest RAM");
	if (image) {
		int fd = open(image, O_RDONLY);
		ssize_t len;

		if (fd < 0)
			return die(image);
		len = read(fd, ram, size);
		close(fd);
		if (len <= 0)
			return die(image);
	} else {
		memcpy(ram, hello_guest_start,
		       hello_guest_end - hello_guest_start);
	}
	region = (struct avcpu_memory_region) {
		.guest_phys_addr = RAM_IPA, .size = size,
		.userspace_addr = (unsigned long)ram,
	};
	if (ioctl(vm, AVCPU_SET_MEMORY_REGION, &region))
		return die("AVCPU_SET_MEMORY_REGION");
	if (irqchip && create_irqchip(vm))
		return ST_ERROR;
	for (i = 0; i < nr_vcpus; i++)
		if (create_vcpu(dev, vm, i, RAM_IPA + size - 4096))
			return ST_ERROR;

	/*
	 * Signals: SIGINT, SIGTERM and SIGUSR2 are blocked in every thread
	 * (the vCPU threads inherit the mask) and taken by supervise();
	 * SIGUSR1 interrupts a vCPU's RUN: no SA_RESTART.
	 */
	sigemptyset(&wait_set);
	sigaddset(&wait_set, SIGINT);
	sigaddset(&wait_set, SIGTERM);
	sigaddset(&wait_set, SIGUSR2);
	if (sigaction(SIGUSR1, &sa, NULL) ||
	    pthread_sigmask(SIG_BLOCK, &wait_set, NULL))
		return die("signals");
	main_thread = pthread_self();
	for (i = 0; i < nr_vcpus; i++) {
		errno = pthread_create(&vcpus[i].thread, NULL, vcpu_thread,
				       &vcpus[i]);
		if (errno) {
			fprintf(stderr, "avcpu-run: vCPU %d thread: %s\n", i,
				strerror(errno));
			/* Only the threads that exist are stopped and joined. */
			nr_vcpus = i;
			stop_all();
			supervise(&wait_set);
			return ST_ERROR;
		}
	}
	st = supervise(&wait_set);
	fflush(stdout);
	print_event(stats);
	if (stats)
		print_stats();
	return st;

usage:
	fputs(USAGE "(avcpu-run --help: more)\n", stderr);
	return ST_USAGE;
}
