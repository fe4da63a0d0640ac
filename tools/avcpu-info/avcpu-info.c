// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu-info: show what runs at EL2 on each CPU, as avcpu reads it at EL2.
 *
 *   avcpu-info [--cpu N] [--device PATH]
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/avcpu.h>

static const char *state_name(unsigned int state)
{
	switch (state) {
	case AVCPU_EL2_STATE_AVCPU:
		return "avcpu";
	case AVCPU_EL2_STATE_STUB:
		return "hyp stub";
	case AVCPU_EL2_STATE_LOST:
		return "lost (taken by a host stub call)";
	case AVCPU_EL2_STATE_OTHER:
		return "another hypervisor";
	}
	return "unknown";
}

/*
 * The speculation mitigations EL2 applies; one vector mitigation at most
 * per CPU (Documentation/avcpu.rst, "Speculation").
 */
static void show_spec(unsigned int flags)
{
	const char *vec = "nothing";

	if (flags & AVCPU_EL2_BHB_LOOP)
		vec = "branch-history loop";
	else if (flags & AVCPU_EL2_BP_FW)
		vec = "firmware call";
	else if (flags & AVCPU_EL2_BHB_CLRBHB)
		vec = "CLRBHB";
	printf("; speculative-AT workaround %s; on guest exit: %s; %s",
	       flags & AVCPU_EL2_SPEC_AT ? "on" : "off", vec,
	       flags & AVCPU_EL2_SSBD ? "EL2 runs with SSBS = 0" :
	       "no SSBS");
}

static int show_cpu(int fd, unsigned int cpu)
{
	struct avcpu_el2_info info = { .cpu = cpu };

	if (ioctl(fd, AVCPU_GET_EL2_INFO, &info)) {
		if (errno == ENXIO) {
			printf("cpu%u: offline\n", cpu);
			return 0;
		}
		fprintf(stderr, "cpu%u: %s\n", cpu, strerror(errno));
		return -1;
	}
	printf("cpu%u: EL2 runs %s", cpu, state_name(info.state));
	if (info.state == AVCPU_EL2_STATE_LOST)
		printf(", hyp-stub call %u", info.lost_call);
	if (info.state == AVCPU_EL2_STATE_AVCPU) {
		printf("; VBAR_EL2 %s", info.flags & AVCPU_EL2_VBAR_OURS ?
		       "= avcpu vectors" : "NOT avcpu's");
		if (info.flags & AVCPU_EL2_RAW)
			printf(" (%#llx, stub's was %#llx)",
			       (unsigned long long)info.vbar_el2,
			       (unsigned long long)info.stub_vbar);
		printf("; MMU %s, D-cache %s, I-cache %s%s; %llu host calls, %llu refused",
		       info.flags & AVCPU_EL2_MMU_ON ? "on" : "off",
		       info.flags & AVCPU_EL2_DCACHE_ON ? "on" : "off",
		       info.flags & AVCPU_EL2_ICACHE_ON ? "on" : "off",
		       info.flags & AVCPU_EL2_WXN ? ", W^X" : "",
		       (unsigned long long)info.host_calls,
		       (unsigned long long)info.refused_calls);
		show_spec(info.flags);
	}
	printf("\n");
	return 0;
}

static void help(FILE *f)
{
	fprintf(f, "usage: avcpu-info [--cpu N] [--device PATH]\n"
		"Show, per CPU, which code runs at EL2 (read at EL2 by avcpu).\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cpu", required_argument, NULL, 'c' },
		{ "device", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const char *dev = "/dev/avcpu";
	long cpu = -1, ncpu;
	int c, fd, ret = 0;

	while ((c = getopt_long(argc, argv, "c:d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			cpu = strtol(optarg, NULL, 0);
			break;
		case 'd':
			dev = optarg;
			break;
		case 'h':
			help(stdout);
			return 0;
		default:
			help(stderr);
			return 2;
		}
	}
	fd = open(dev, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "%s: %s (is avcpu loaded?)\n", dev,
			strerror(errno));
		return 1;
	}
	printf("avcpu API version %d\n", ioctl(fd, AVCPU_GET_API_VERSION, 0));
	if (cpu >= 0)
		return show_cpu(fd, cpu) ? 1 : 0;
	ncpu = sysconf(_SC_NPROCESSORS_CONF);
	for (cpu = 0; cpu < ncpu; cpu++)
		ret |= show_cpu(fd, cpu);
	close(fd);
	return ret ? 1 : 0;
}
