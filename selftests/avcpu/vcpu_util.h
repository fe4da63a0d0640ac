/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A guest for the vCPU tests: one VM, guest RAM at RAM_IPA backed by an
 * anonymous mapping, one vCPU running one of guest_code.S's programs.
 */
#ifndef _AVCPU_SELFTEST_VCPU_UTIL_H
#define _AVCPU_SELFTEST_VCPU_UTIL_H

#include <sys/mman.h>
#include "avcpu_util.h"

#define RAM_IPA		0x40000000UL
#define RAM_SIZE	(64UL << 10)
#define DATA_OFF	0x8000UL		/* data area inside RAM */
#define MMIO_IPA	0x09000000UL		/* never backed */
#define DTB_IPA		0x48000000UL
#define SPSR_EL1H_MASKED 0x3c5

#define GUEST_CODE(name)						\
	extern const char guest_##name##_start[], guest_##name##_end[]
/* A label inside a guest program (its offset from the program's start). */
#define GUEST_SYMBOL(sym)	extern const char sym[]

struct guest {
	int dev, vm, vcpu;
	struct avcpu_run *run;
	char *ram;
};

static inline int guest_add_ram(struct guest *g, unsigned long ipa,
				void *host, unsigned long size, __u32 flags)
{
	struct avcpu_memory_region m = {
		.guest_phys_addr = ipa,
		.size = size,
		.userspace_addr = (unsigned long)host,
		.flags = flags,
	};

	return ioctl(g->vm, AVCPU_SET_MEMORY_REGION, &m) ? -errno : 0;
}

/* Returns 0 or -errno; on success the vCPU is ready to RUN at RAM_IPA. */
static inline int guest_create(struct guest *g, const char *start,
			       const char *end)
{
	struct avcpu_vcpu_create c = { .vcpu_id = 0, .mpidr = 0x0100,
				       .dtb_addr = DTB_IPA };
	struct avcpu_vcpu_setup s = { 0 };
	struct avcpu_ept_root root;
	__u64 pc = RAM_IPA;
	int ret;

	memset(g, 0, sizeof(*g));
	g->dev = open("/dev/avcpu", O_RDWR | O_CLOEXEC);
	if (g->dev < 0)
		return -errno;
	g->vm = ioctl(g->dev, AVCPU_CREATE_VM, 0);
	if (g->vm < 0)
		return -errno;
	g->ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (g->ram == MAP_FAILED)
		return -errno;
	memcpy(g->ram, start, end - start);
	ret = guest_add_ram(g, RAM_IPA, g->ram, RAM_SIZE, 0);
	if (ret)
		return ret;
	g->vcpu = ioctl(g->vm, AVCPU_CREATE_VCPU, &c);
	if (g->vcpu < 0)
		return -errno;
	root.vm_fd = g->vm;
	root.reserved = 0;
	if (ioctl(g->vcpu, AVCPU_VCPU_SETUP, &s) ||
	    ioctl(g->vcpu, AVCPU_SET_ENTRY, &pc) ||
	    ioctl(g->vcpu, AVCPU_SET_EPT_ROOT, &root))
		return -errno;
	g->run = mmap(NULL, ioctl(g->dev, AVCPU_GET_VCPU_MMAP_SIZE, 0),
		      PROT_READ | PROT_WRITE, MAP_SHARED, g->vcpu, 0);
	if (g->run == MAP_FAILED)
		return -errno;
	return 0;
}

static inline void guest_destroy(struct guest *g)
{
	if (g->run && g->run != MAP_FAILED)
		munmap(g->run, 4096);
	if (g->vcpu > 0)
		close(g->vcpu);
	if (g->vm > 0)
		close(g->vm);
	if (g->dev > 0)
		close(g->dev);
	if (g->ram && g->ram != MAP_FAILED)
		munmap(g->ram, RAM_SIZE);
}

static inline int guest_run(struct guest *g)
{
	return ioctl(g->vcpu, AVCPU_RUN, 0) ? -errno : 0;
}

static inline int guest_get_regs(struct guest *g, struct avcpu_regs *r)
{
	return ioctl(g->vcpu, AVCPU_GET_REGS, r) ? -errno : 0;
}

static inline int guest_set_regs(struct guest *g, struct avcpu_regs *r)
{
	return ioctl(g->vcpu, AVCPU_SET_REGS, r) ? -errno : 0;
}

/* Set one register before the guest runs. */
static inline int guest_set_reg(struct guest *g, int n, __u64 val)
{
	struct avcpu_regs r;
	int ret = guest_get_regs(g, &r);

	if (ret)
		return ret;
	r.x[n] = val;
	return guest_set_regs(g, &r);
}

#endif /* _AVCPU_SELFTEST_VCPU_UTIL_H */
