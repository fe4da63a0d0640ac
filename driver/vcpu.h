/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu: a vCPU, shared between its ioctls (driver/vcpu.c) and its exit
 * handling (driver/exit.c).
 */
#ifndef _AVCPU_DRIVER_VCPU_H
#define _AVCPU_DRIVER_VCPU_H

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <asm/fpsimd.h>

#include "avcpu.h"
#include "../lib/exception_decode.h"

enum avcpu_pending {
	AVCPU_PENDING_NONE,
	AVCPU_PENDING_MMIO,	/* complete the access, advance the PC */
	AVCPU_PENDING_HYPERCALL,	/* x0..x3 from run->hypercall.ret */
};

struct avcpu_vcpu {
	struct avcpu_vm *vm;
	struct mutex lock;		/* every ioctl, RUN included */
	atomic_t in_run;		/* a thread is in RUN: EBUSY to others */
	struct avcpu_hyp_vcpu *hyp;	/* page shared with EL2 */
	struct avcpu_run *run;		/* page mmap'd by the client */
	struct user_fpsimd_state fp;	/* guest FP/SIMD state */
	u64 uid;			/* unique over the module's life */
	u32 vcpu_id;
	bool entry_set;
	bool root_set;
	enum avcpu_pending pending;
	u64 pending_esr;		/* the pending MMIO's ESR (its IL) */
	struct avcpu_mmio mmio;
};

/* exit.c */
void avcpu_exit_complete(struct avcpu_vcpu *vcpu);
void avcpu_exit_exception(struct avcpu_vcpu *vcpu, u32 reason);
/* A synchronous exit: true when RUN must return to userspace. */
bool avcpu_exit_sync(struct avcpu_vcpu *vcpu);

#endif /* _AVCPU_DRIVER_VCPU_H */
