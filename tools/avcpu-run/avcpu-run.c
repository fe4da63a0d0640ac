// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu-run: a minimal VMM on /dev/avcpu.  Loads a raw AArch64 image (or
 * the built-in greeting guest) at the start of guest RAM, runs one vCPU,
 * prints what the guest writes to a PL011-style data register and stops
 * at PSCI SYSTEM_OFF (or any exit it does not handle).
 *
 *   avcpu-run [--image FILE] [--mem MiB] [--stats]
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/avcpu.h>

#define RAM_IPA		0x40000000ULL
#define UART_DR		0x09000000ULL
#define PSCI_SYSTEM_OFF	0x84000008ULL

#include "hello.h"

static int die(const char *what)
{
	fprintf(stderr, "avcpu-run: %s: %s\n", what, strerror(errno));
	return 1;
}

static void help(FILE *f)
{
	fprintf(f, "usage: avcpu-run [--image FILE] [--mem MiB] [--stats]\n"
		"Run a raw AArch64 image (default: a built-in greeting) at EL1\n"
		"under avcpu; the guest's writes to %#llx are printed.\n",
		UART_DR);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "mem", required_argument, NULL, 'm' },
		{ "stats", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct avcpu_vcpu_create vc = { .vcpu_id = 0, .mpidr = 0 };
	unsigned long mmio = 0, hvc = 0, loops;
	struct avcpu_memory_region region;
	struct avcpu_ept_root root;
	const char *image = NULL;
	unsigned long mem_mib = 16;
	struct avcpu_run *run;
	int c, dev, vm, vcpu, stats = 0;
	__u64 pc = RAM_IPA;
	size_t size;
	char *ram;

	while ((c = getopt_long(argc, argv, "i:m:sh", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			image = optarg;
			break;
		case 'm':
			mem_mib = strtoul(optarg, NULL, 0);
			break;
		case 's':
			stats = 1;
			break;
		case 'h':
			help(stdout);
			return 0;
		default:
			help(stderr);
			return 2;
		}
	}
	size = mem_mib << 20;
	if (!size) {
		help(stderr);
		return 2;
	}

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
		ssize_t n;

		if (fd < 0)
			return die(image);
		n = read(fd, ram, size);
		close(fd);
		if (n <= 0)
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
	vc.dtb_addr = RAM_IPA + size - 4096;
	vcpu = ioctl(vm, AVCPU_CREATE_VCPU, &vc);
	if (vcpu < 0)
		return die("AVCPU_CREATE_VCPU");
	root.vm_fd = vm;
	root.reserved = 0;
	if (ioctl(vcpu, AVCPU_SET_ENTRY, &pc) ||
	    ioctl(vcpu, AVCPU_SET_EPT_ROOT, &root))
		return die("vCPU setup");
	run = mmap(NULL, ioctl(dev, AVCPU_GET_VCPU_MMAP_SIZE, 0),
		   PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		return die("mmap run");

	for (loops = 0;; loops++) {
		if (ioctl(vcpu, AVCPU_RUN, 0))
			return die("AVCPU_RUN");
		switch (run->exit_reason) {
		case AVCPU_EXIT_MMIO:
			mmio++;
			if (run->mmio.is_write && run->mmio.phys_addr == UART_DR) {
				putchar((int)run->mmio.data);
				continue;
			}
			if (!run->mmio.is_write) {
				run->mmio.data = 0;	/* reads as zero */
				continue;
			}
			break;
		case AVCPU_EXIT_HYPERCALL:
			hvc++;
			if (run->hypercall.nr == PSCI_SYSTEM_OFF)
				goto off;
			run->hypercall.ret[0] = -1ULL;	/* NOT_SUPPORTED */
			continue;
		}
		fprintf(stderr, "avcpu-run: unhandled exit %u (esr %#llx pc %#llx)\n",
			run->exit_reason,
			(unsigned long long)run->exception.esr,
			(unsigned long long)run->exception.pc);
		return 1;
	}
off:
	fflush(stdout);
	if (stats)
		fprintf(stderr,
			"avcpu-run: guest powered off after %lu exits (%lu MMIO, %lu hypercalls)\n",
			loops + 1, mmio, hvc);
	return 0;
}
