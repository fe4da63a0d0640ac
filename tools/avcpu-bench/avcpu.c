// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu-bench's /dev/avcpu backend.  SMCCC ids of owner 2 (SiP), which
 * the hypercall case uses, go to userspace by default: no filter is set.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/avcpu.h>

#include "bench.h"

struct bench_vm {
	int fd;
};

struct bench_vcpu {
	int fd;
	struct avcpu_run *run;
};

static int dev = -1;

static int avcpu_open(void)
{
	dev = open("/dev/avcpu", O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		bench_err("/dev/avcpu: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static struct bench_vm *avcpu_create_vm(const void *code, size_t len,
					__u32 fwd_base, __u32 fwd_nr)
{
	struct avcpu_memory_region m = { 0 };
	struct bench_vm *vm = calloc(1, sizeof(*vm));
	char *ram;

	(void)fwd_base;
	(void)fwd_nr;
	if (!vm)
		return NULL;
	ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	vm->fd = ioctl(dev, AVCPU_CREATE_VM, 0);
	if (vm->fd < 0 || ram == MAP_FAILED) {
		bench_err("AVCPU_CREATE_VM: %s", strerror(errno));
		return NULL;
	}
	memcpy(ram, code, len);
	m.guest_phys_addr = RAM_IPA;
	m.size = RAM_SIZE;
	m.userspace_addr = (unsigned long)ram;
	if (ioctl(vm->fd, AVCPU_SET_MEMORY_REGION, &m)) {
		bench_err("AVCPU_SET_MEMORY_REGION: %s", strerror(errno));
		return NULL;
	}
	return vm;
}

static struct bench_vcpu *avcpu_create_vcpu(struct bench_vm *vm, int id,
					    bool powered_off, __u64 pc,
					    const __u64 x[31])
{
	struct avcpu_vcpu_create vc = {
		.vcpu_id = id,
		.mpidr = id,
		.flags = powered_off ? AVCPU_VCPU_POWER_OFF : 0,
	};
	struct avcpu_ept_root root = { .vm_fd = vm->fd };
	struct bench_vcpu *v = calloc(1, sizeof(*v));
	struct avcpu_regs r;

	if (!v)
		return NULL;
	v->fd = ioctl(vm->fd, AVCPU_CREATE_VCPU, &vc);
	if (v->fd < 0) {
		bench_err("AVCPU_CREATE_VCPU %d%s: %s", id,
			  powered_off ? " (AVCPU_VCPU_POWER_OFF)" : "",
			  strerror(errno));
		return NULL;
	}
	if (ioctl(v->fd, AVCPU_SET_EPT_ROOT, &root)) {
		bench_err("AVCPU_SET_EPT_ROOT: %s", strerror(errno));
		return NULL;
	}
	/* A powered-off vCPU gets its entry and registers from CPU_ON. */
	if (!powered_off) {
		if (ioctl(v->fd, AVCPU_SET_ENTRY, &pc) ||
		    ioctl(v->fd, AVCPU_GET_REGS, &r)) {
			bench_err("AVCPU_SET_ENTRY: %s", strerror(errno));
			return NULL;
		}
		/* GET_REGS gave the creation PSTATE: EL1h, DAIF masked. */
		memcpy(r.x, x, sizeof(r.x));
		if (ioctl(v->fd, AVCPU_SET_REGS, &r)) {
			bench_err("AVCPU_SET_REGS: %s", strerror(errno));
			return NULL;
		}
	}
	v->run = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
		      v->fd, 0);
	if (v->run == MAP_FAILED) {
		bench_err("mmap of the vCPU: %s", strerror(errno));
		return NULL;
	}
	return v;
}

static int avcpu_run(struct bench_vcpu *v, __u64 read_data,
		     struct bench_exit *e)
{
	struct avcpu_run *run = v->run;

	if (run->exit_reason == AVCPU_EXIT_MMIO && !run->mmio.is_write)
		run->mmio.data = read_data;
	if (ioctl(v->fd, AVCPU_RUN, 0))
		return -1;
	switch (run->exit_reason) {
	case AVCPU_EXIT_MMIO:
		e->kind = run->mmio.is_write ? BX_MMIO_WRITE : BX_MMIO_READ;
		e->addr = run->mmio.phys_addr;
		e->data = run->mmio.data;
		return 0;
	case AVCPU_EXIT_HYPERCALL:
		e->kind = BX_HYPERCALL;
		e->nr = run->hypercall.nr;
		return 0;
	case AVCPU_EXIT_EXCEPTION:
	case AVCPU_EXIT_FAIL_ENTRY:
	case AVCPU_EXIT_SERROR:
		e->kind = BX_OTHER;
		snprintf(e->what, sizeof(e->what),
			 "exit %u, ESR 0x%llx at PC 0x%llx", run->exit_reason,
			 (unsigned long long)run->exception.esr,
			 (unsigned long long)run->exception.pc);
		return 0;
	default:
		e->kind = BX_OTHER;
		snprintf(e->what, sizeof(e->what), "exit %u",
			 run->exit_reason);
		return 0;
	}
}

static int avcpu_stop(struct bench_vcpu *v)
{
	struct avcpu_mp_state mp = { .mp_state = AVCPU_MP_STATE_STOPPED };

	if (ioctl(v->fd, AVCPU_SET_MP_STATE, &mp)) {
		bench_err("AVCPU_SET_MP_STATE STOPPED: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int avcpu_irqchip(struct bench_vm *vm)
{
	struct avcpu_irqchip ic = {
		.dist_base = GICD_IPA,
		.redist_base = GICR_IPA,
		.nr_spis = GIC_NR_SPIS,
	};

	if (ioctl(vm->fd, AVCPU_CREATE_IRQCHIP, &ic)) {
		bench_err("AVCPU_CREATE_IRQCHIP: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int avcpu_irq_line(struct bench_vm *vm, __u32 intid, int level)
{
	struct avcpu_irq_level l = { .intid = intid, .level = level };

	if (ioctl(vm->fd, AVCPU_IRQ_LINE, &l)) {
		bench_err("AVCPU_IRQ_LINE %u: %s", intid, strerror(errno));
		return -1;
	}
	return 0;
}

/* The exit counters of /sys/kernel/debug/avcpu/exits, by tier. */
static int avcpu_tiers(__u64 t[4])
{
	static const char * const names[4] = { "t0", "t1", "t2", "t0_smccc" };
	unsigned long long n;
	char name[64];
	int i, found = 0;
	FILE *f;

	f = fopen("/sys/kernel/debug/avcpu/exits", "r");
	if (!f)
		return -1;
	while (fscanf(f, "%63s %llu", name, &n) == 2)
		for (i = 0; i < 4; i++)
			if (!strcmp(name, names[i])) {
				t[i] = n;
				found |= 1 << i;
			}
	fclose(f);
	return found == 0xf ? 0 : -1;
}

const struct bench_backend avcpu_backend = {
	.name = "avcpu",
	.dev = "/dev/avcpu",
	.open = avcpu_open,
	.create_vm = avcpu_create_vm,
	.create_vcpu = avcpu_create_vcpu,
	.run = avcpu_run,
	.stop = avcpu_stop,
	.irqchip = avcpu_irqchip,
	.irq_line = avcpu_irq_line,
	.tiers = avcpu_tiers,
};
