// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu-bench: exit costs, measured in one run on one CPU, as rates and
 * as ratios to the floor (a host call with no guest).  Not a test: no
 * pass or fail.
 *
 *   avcpu-bench [--seconds N]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <linux/avcpu.h>

#include "bench_guest.h"

#define RAM_IPA		0x40000000ULL
#define MMIO_IPA	0x09000000ULL

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* Calls per second of @fn over about @secs seconds. */
static double rate(int (*fn)(void *), void *arg, double secs)
{
	unsigned long n = 0;
	double t0 = now(), t;

	do {
		int i;

		for (i = 0; i < 100; i++)
			if (fn(arg))
				return -1;
		n += 100;
		t = now();
	} while (t - t0 < secs);
	return n / (t - t0);
}

static int null_call(void *arg)
{
	struct avcpu_el2_info info = { .cpu = 0 };

	return ioctl(*(int *)arg, AVCPU_GET_EL2_INFO, &info);
}

struct bench_vcpu {
	int vcpu;
	struct avcpu_run *run;
	__u32 want;
};

static int run_once(void *arg)
{
	struct bench_vcpu *b = arg;

	if (ioctl(b->vcpu, AVCPU_RUN, 0))
		return -1;
	return b->run->exit_reason == b->want ? 0 : -1;
}

static int setup(int dev, const char *start, const char *end,
		 struct bench_vcpu *b)
{
	struct avcpu_vcpu_create vc = { 0 };
	struct avcpu_memory_region m = { 0 };
	struct avcpu_ept_root root = { 0 };
	struct avcpu_regs r;
	__u64 pc = RAM_IPA;
	int vm;
	char *ram;

	vm = ioctl(dev, AVCPU_CREATE_VM, 0);
	ram = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vm < 0 || ram == MAP_FAILED)
		return -1;
	memcpy(ram, start, end - start);
	m.guest_phys_addr = RAM_IPA;
	m.size = 4096;
	m.userspace_addr = (unsigned long)ram;
	if (ioctl(vm, AVCPU_SET_MEMORY_REGION, &m))
		return -1;
	b->vcpu = ioctl(vm, AVCPU_CREATE_VCPU, &vc);
	root.vm_fd = vm;
	if (b->vcpu < 0 || ioctl(b->vcpu, AVCPU_SET_ENTRY, &pc) ||
	    ioctl(b->vcpu, AVCPU_SET_EPT_ROOT, &root) ||
	    ioctl(b->vcpu, AVCPU_GET_REGS, &r))
		return -1;
	r.x[9] = MMIO_IPA;
	if (ioctl(b->vcpu, AVCPU_SET_REGS, &r))
		return -1;
	b->run = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
		      b->vcpu, 0);
	return b->run == MAP_FAILED ? -1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seconds", required_argument, NULL, 's' },
		{ }
	};
	struct bench_vcpu hvc = { .want = AVCPU_EXIT_HYPERCALL };
	struct bench_vcpu mmio = { .want = AVCPU_EXIT_MMIO };
	double secs = 2, floor, r_hvc, r_mmio;
	cpu_set_t set;
	char model[256] = "unknown";
	int c, dev;
	FILE *f;

	while ((c = getopt_long(argc, argv, "s:", opts, NULL)) != -1) {
		if (c != 's') {
			fprintf(stderr, "usage: avcpu-bench [--seconds N]\n");
			return 2;
		}
		secs = atof(optarg);
	}
	/* Everything on CPU 0, so the floor's host call stays local. */
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		perror("sched_setaffinity");
	f = fopen("/proc/cpuinfo", "r");
	if (f) {
		char line[256];

		while (fgets(line, sizeof(line), f))
			if (!strncmp(line, "CPU part", 8)) {
				snprintf(model, sizeof(model), "%s", line);
				model[strcspn(model, "\n")] = 0;
				break;
			}
		fclose(f);
	}

	dev = open("/dev/avcpu", O_RDWR | O_CLOEXEC);
	if (dev < 0 || setup(dev, bench_hvc_start, bench_hvc_end, &hvc) ||
	    setup(dev, bench_mmio_start, bench_mmio_end, &mmio)) {
		perror("avcpu-bench: setup");
		return 1;
	}
	floor = rate(null_call, &dev, secs);
	r_hvc = rate(run_once, &hvc, secs);
	r_mmio = rate(run_once, &mmio, secs);
	if (floor < 0 || r_hvc < 0 || r_mmio < 0) {
		perror("avcpu-bench: run");
		return 1;
	}
	printf("avcpu-bench: one run, CPU 0 (%s), %.0f s per measurement\n",
	       model, secs);
	printf("  floor: AVCPU_GET_EL2_INFO on its own CPU (ioctl + 2 host calls, no guest)\n");
	printf("  %-44s %10.0f /s  ratio 1.00\n", "floor", floor);
	printf("  %-44s %10.0f /s  ratio %.2f\n",
	       "guest hvc -> exit to userspace -> re-enter", r_hvc,
	       r_hvc / floor);
	printf("  %-44s %10.0f /s  ratio %.2f\n",
	       "guest MMIO store -> exit to userspace", r_mmio,
	       r_mmio / floor);
	return 0;
}
