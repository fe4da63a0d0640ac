/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu-bench: what a backend (/dev/avcpu or /dev/kvm) offers the cases.
 * The cases (avcpu-bench.c) see only this, so both backends run the same
 * guest code through the same steps.
 */
#ifndef _AVCPU_BENCH_H
#define _AVCPU_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

/* Guest-physical layout, the same under both backends. */
#define RAM_IPA		0x40000000ULL
#define RAM_SIZE	0x10000UL
#define MMIO_IPA	0x09000000ULL	/* nothing there: every access exits */
/*
 * The GIC cases' GICv3, QEMU virt's layout (and avcpu-run's): the
 * distributor (64 KiB) and the redistributors (128 KiB per vCPU, vcpu_id
 * order), GIC_NR_SPIS SPIs from INTID 32.
 */
#define GICD_IPA	0x08000000ULL
#define GICR_IPA	0x080a0000ULL
#define GICR_STRIDE	0x20000ULL
#define GIC_NR_SPIS	256

enum bench_exit_kind {
	BX_MMIO_WRITE,
	BX_MMIO_READ,
	BX_HYPERCALL,
	BX_OTHER,
};

struct bench_exit {
	enum bench_exit_kind kind;
	__u64 addr;		/* MMIO */
	__u64 data;		/* MMIO write: the value */
	__u64 nr;		/* hypercall: the function id */
	char what[128];		/* BX_OTHER: the exit, for the message */
};

struct bench_vm;
struct bench_vcpu;

struct bench_backend {
	const char *name;
	const char *dev;
	/* Every call: on failure, bench_err() says why. */
	/* Open the device; 0 or -1. */
	int (*open)(void);
	/*
	 * A VM with RAM_SIZE bytes of RAM at RAM_IPA holding @code.  With
	 * @fwd_nr != 0 the SMCCC ids [fwd_base, fwd_base + fwd_nr) go to
	 * userspace (a backend that does so by default does nothing).
	 */
	struct bench_vm *(*create_vm)(const void *code, size_t len,
				      __u32 fwd_base, __u32 fwd_nr);
	/*
	 * vCPU @id (MPIDR Aff0 = @id), EL1h with DAIF masked at @pc with
	 * x0..x30 = @x; or, @powered_off, created powered off (@pc and @x
	 * unused: PSCI CPU_ON sets them).
	 */
	struct bench_vcpu *(*create_vcpu)(struct bench_vm *vm, int id,
					  bool powered_off, __u64 pc,
					  const __u64 x[31]);
	/*
	 * One RUN.  If the previous exit was an MMIO read, @read_data is
	 * its value.  0 with @e filled in; -1 with errno (EINTR: a signal).
	 */
	int (*run)(struct bench_vcpu *v, __u64 read_data, struct bench_exit *e);
	/* Power the vCPU off (MP_STATE STOPPED); not while it is in RUN. */
	int (*stop)(struct bench_vcpu *v);
	/*
	 * The VM's GICv3 emulated in the kernel, at GICD_IPA and GICR_IPA
	 * with GIC_NR_SPIS SPIs: after all its vCPUs are created,
	 * before the first RUN.  0 or -1.
	 */
	int (*irqchip)(struct bench_vm *vm);
	/*
	 * Drive SPI @intid's input line to @level (from any thread, while
	 * a vCPU runs).  0 or -1.
	 */
	int (*irq_line)(struct bench_vm *vm, __u32 intid, int level);
	/*
	 * Optional: guest exits so far, by tier (t[0] answered at EL2, t[1]
	 * in the kernel, t[2] in userspace) and t[3] the SMCCC calls
	 * answered at EL2; -1 if the counters are not there.
	 */
	int (*tiers)(__u64 t[4]);
};

/* Why a backend call failed, for the case's FAIL line (printf format). */
void bench_err(const char *fmt, ...);

extern const struct bench_backend avcpu_backend;
extern const struct bench_backend kvm_backend;

#endif
