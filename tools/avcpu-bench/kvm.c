// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu-bench's /dev/kvm backend: the smallest KVM VMM that runs the same
 * guest loops (a kernel booted with KVM owning EL2; on cortex-a72, nVHE).
 * Default IPA size, the preferred target with PSCI 0.2 (KVM then answers
 * PSCI 1.1 in its kernel), one memslot; the GIC cases' VMs get KVM's
 * in-kernel vGICv3 (KVM_CREATE_DEVICE), the others no GIC.  The
 * hypercall case's SMCCC ids are sent to userspace with KVM's SMCCC
 * filter (FWD_TO_USER); every other VM has no filter, so KVM handles PSCI
 * itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "bench.h"

#define CORE_REG(x)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | \
			 KVM_REG_ARM_CORE_REG(x))
/* EL1h, DAIF masked: avcpu's creation PSTATE, and KVM's reset value. */
#define PSTATE_EL1H_DAIF	0x3c5ULL

struct bench_vm {
	int fd;
};

struct bench_vcpu {
	int fd;
	struct kvm_run *run;
};

static int kvm = -1;
static long run_size;

static int kvm_open(void)
{
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		bench_err("/dev/kvm: %s", strerror(errno));
		return -1;
	}
	run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < (long)sizeof(struct kvm_run)) {
		bench_err("KVM_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static struct bench_vm *kvm_create_vm(const void *code, size_t len,
				      __u32 fwd_base, __u32 fwd_nr)
{
	struct kvm_userspace_memory_region m = { 0 };
	struct kvm_smccc_filter filter = {
		.base = fwd_base,
		.nr_functions = fwd_nr,
		.action = KVM_SMCCC_FILTER_FWD_TO_USER,
	};
	struct kvm_device_attr attr = {
		.group = KVM_ARM_VM_SMCCC_CTRL,
		.attr = KVM_ARM_VM_SMCCC_FILTER,
		.addr = (unsigned long)&filter,
	};
	struct bench_vm *vm = calloc(1, sizeof(*vm));
	char *ram;

	if (!vm)
		return NULL;
	ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* Type 0: the default IPA size (40 bits). */
	vm->fd = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm->fd < 0 || ram == MAP_FAILED) {
		bench_err("KVM_CREATE_VM: %s", strerror(errno));
		return NULL;
	}
	memcpy(ram, code, len);
	m.slot = 0;
	m.guest_phys_addr = RAM_IPA;
	m.memory_size = RAM_SIZE;
	m.userspace_addr = (unsigned long)ram;
	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &m)) {
		bench_err("KVM_SET_USER_MEMORY_REGION: %s", strerror(errno));
		return NULL;
	}
	if (fwd_nr && ioctl(vm->fd, KVM_SET_DEVICE_ATTR, &attr)) {
		bench_err("KVM_ARM_VM_SMCCC_FILTER: %s", strerror(errno));
		return NULL;
	}
	return vm;
}

static int set_reg(int fd, __u64 id, __u64 val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (unsigned long)&val };

	return ioctl(fd, KVM_SET_ONE_REG, &reg);
}

static struct bench_vcpu *kvm_create_vcpu(struct bench_vm *vm, int id,
					  bool powered_off, __u64 pc,
					  const __u64 x[31])
{
	struct bench_vcpu *v = calloc(1, sizeof(*v));
	struct kvm_vcpu_init init;
	int i;

	if (!v)
		return NULL;
	/* KVM's MPIDR for vcpu_id 1..15 is Aff0 = vcpu_id, as avcpu's. */
	v->fd = ioctl(vm->fd, KVM_CREATE_VCPU, id);
	if (v->fd < 0 || ioctl(vm->fd, KVM_ARM_PREFERRED_TARGET, &init)) {
		bench_err("KVM_CREATE_VCPU: %s", strerror(errno));
		return NULL;
	}
	init.features[0] |= 1U << KVM_ARM_VCPU_PSCI_0_2;
	if (powered_off)
		init.features[0] |= 1U << KVM_ARM_VCPU_POWER_OFF;
	if (ioctl(v->fd, KVM_ARM_VCPU_INIT, &init)) {
		bench_err("KVM_ARM_VCPU_INIT: %s", strerror(errno));
		return NULL;
	}
	if (!powered_off) {
		for (i = 0; i < 31; i++)
			if (set_reg(v->fd, CORE_REG(regs.regs[i]), x[i]))
				break;
		if (i < 31 || set_reg(v->fd, CORE_REG(regs.pc), pc) ||
		    set_reg(v->fd, CORE_REG(regs.pstate), PSTATE_EL1H_DAIF)) {
			bench_err("KVM_SET_ONE_REG: %s", strerror(errno));
			return NULL;
		}
	}
	v->run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      v->fd, 0);
	if (v->run == MAP_FAILED) {
		bench_err("mmap of the vCPU: %s", strerror(errno));
		return NULL;
	}
	return v;
}

static int kvm_run(struct bench_vcpu *v, __u64 read_data,
		   struct bench_exit *e)
{
	struct kvm_run *run = v->run;

	/* The next KVM_RUN completes the load with these bytes. */
	if (run->exit_reason == KVM_EXIT_MMIO && !run->mmio.is_write)
		memcpy(run->mmio.data, &read_data, sizeof(run->mmio.data));
	if (ioctl(v->fd, KVM_RUN, 0))
		return -1;
	switch (run->exit_reason) {
	case KVM_EXIT_MMIO:
		e->kind = run->mmio.is_write ? BX_MMIO_WRITE : BX_MMIO_READ;
		e->addr = run->mmio.phys_addr;
		e->data = 0;
		memcpy(&e->data, run->mmio.data,
		       run->mmio.len < 8 ? run->mmio.len : 8);
		return 0;
	case KVM_EXIT_HYPERCALL:
		/* FWD_TO_USER: the PC is already past the hvc. */
		e->kind = BX_HYPERCALL;
		e->nr = run->hypercall.nr;
		return 0;
	default:
		e->kind = BX_OTHER;
		snprintf(e->what, sizeof(e->what), "KVM exit %u",
			 run->exit_reason);
		return 0;
	}
}

static int kvm_stop(struct bench_vcpu *v)
{
	struct kvm_mp_state mp = { .mp_state = KVM_MP_STATE_STOPPED };

	if (ioctl(v->fd, KVM_SET_MP_STATE, &mp)) {
		bench_err("KVM_SET_MP_STATE STOPPED: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int vgic_attr(int fd, __u32 group, __u64 attr, const void *val)
{
	struct kvm_device_attr a = {
		.group = group,
		.attr = attr,
		.addr = (unsigned long)val,
	};

	return ioctl(fd, KVM_SET_DEVICE_ATTR, &a);
}

/*
 * As QEMU and the KVM selftests' vgic_v3_setup(): the device, then its
 * SPI count (NR_IRQS counts the 32 private interrupts too), the
 * distributor's and the redistributors' bases (the legacy REDIST type: one
 * region for every vCPU, in vcpu_id order, as avcpu's), and INIT, which
 * needs the vCPUs created.
 */
static int kvm_irqchip(struct bench_vm *vm)
{
	struct kvm_create_device cd = { .type = KVM_DEV_TYPE_ARM_VGIC_V3 };
	__u64 dist = GICD_IPA, redist = GICR_IPA;
	__u32 nr_irqs = GIC_NR_SPIS + 32;

	if (ioctl(vm->fd, KVM_CREATE_DEVICE, &cd)) {
		bench_err("KVM_CREATE_DEVICE (VGIC_V3): %s", strerror(errno));
		return -1;
	}
	if (vgic_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &nr_irqs) ||
	    vgic_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_ADDR,
		      KVM_VGIC_V3_ADDR_TYPE_DIST, &dist) ||
	    vgic_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_ADDR,
		      KVM_VGIC_V3_ADDR_TYPE_REDIST, &redist) ||
	    vgic_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_CTRL,
		      KVM_DEV_ARM_VGIC_CTRL_INIT, NULL)) {
		bench_err("KVM_SET_DEVICE_ATTR (VGIC_V3): %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int kvm_irq_line(struct bench_vm *vm, __u32 intid, int level)
{
	struct kvm_irq_level l = {
		.irq = KVM_ARM_IRQ_TYPE_SPI << KVM_ARM_IRQ_TYPE_SHIFT |
		       intid << KVM_ARM_IRQ_NUM_SHIFT,
		.level = level,
	};

	if (ioctl(vm->fd, KVM_IRQ_LINE, &l)) {
		bench_err("KVM_IRQ_LINE %u: %s", intid, strerror(errno));
		return -1;
	}
	return 0;
}

const struct bench_backend kvm_backend = {
	.name = "kvm",
	.dev = "/dev/kvm",
	.open = kvm_open,
	.create_vm = kvm_create_vm,
	.create_vcpu = kvm_create_vcpu,
	.run = kvm_run,
	.stop = kvm_stop,
	.irqchip = kvm_irqchip,
	.irq_line = kvm_irq_line,
};
