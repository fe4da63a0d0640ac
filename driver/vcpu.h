/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu: a vCPU, shared between its ioctls (driver/vcpu.c) and its exit
 * handling (driver/exit.c).
 */
#ifndef _AVCPU_DRIVER_VCPU_H
#define _AVCPU_DRIVER_VCPU_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <asm/fpsimd.h>
#include <uapi/linux/avcpu.h>

#include "avcpu.h"
#include "timer.h"
#include "vgic.h"
#include "../lib/exception_decode.h"

enum avcpu_pending {
	AVCPU_PENDING_NONE,
	AVCPU_PENDING_MMIO,	/* complete the access, advance the PC */
	AVCPU_PENDING_HYPERCALL,	/* x0..x3 from run->hypercall.ret */
	AVCPU_PENDING_SYSREG,	/* mrs: Rt from run->sysreg.value; step */
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
	u64 pending_esr;		/* the pending MMIO's or sysreg's ESR */
	struct avcpu_mmio mmio;
	/* AVCPU_INJECT_EXCEPTION's synchronous one, for the next RUN: */
	bool inject_pending;
	struct avcpu_inject inject;
	bool smccc_loaded;		/* EL2 has the VM's SMCCC filter */
	bool idregs_loaded;		/* EL2 has the VM's ID registers */
	/* AVCPU_SET_GUEST_DEBUG (driver/debug.c): */
	struct avcpu_guest_debug dbg;	/* as SET set it */
	u64 dbg_own_ss;			/* the guest's PSTATE.SS, SINGLESTEP */

	/* Power (driver/psci.c), under the VM's psci lock: */
	struct list_head psci_node;
	u64 mpidr;			/* Aff fields, as created */
	u32 mp_state;			/* AVCPU_MP_STATE_* */
	bool reset_pending;		/* CPU_ON: reset at the next RUN */
	bool reset_be;
	u64 reset_pc;
	u64 reset_ctx;
	struct task_struct *task;	/* the thread in RUN, for kicks */
	u64 event_seen;			/* system events already reported */
	/* Wakes a RUN waiting powered off or in WFI: */
	wait_queue_head_t wq;
	bool waiting;			/* asleep on wq (READ_ONCE) */

	/* The VM's irqchip once it has one, and this vCPU's part of it. */
	struct avcpu_vgic *vgic;
	struct avcpu_vgic_cpu vgic_cpu;

	/* Its timers (driver/timer.c) */
	struct avcpu_vcpu_timer timer;
};

/* vcpu.c */
void avcpu_vcpu_reset_regs(struct avcpu_vcpu *vcpu, u64 pc, u64 x0, bool be);

/* run.c: AVCPU_RUN, with the vCPU's mutex held */
long avcpu_vcpu_run(struct avcpu_vcpu *vcpu);

/* exit.c */
void avcpu_exit_complete(struct avcpu_vcpu *vcpu);
void avcpu_exit_exception(struct avcpu_vcpu *vcpu, u32 reason);
/*
 * A synchronous exit: AVCPU_EXIT_USER when RUN must return to userspace,
 * AVCPU_EXIT_EVENT after a SYSTEM_OFF/RESET, 0 when the guest continues,
 * -EINTR when a signal ended a WFI.
 */
#define AVCPU_EXIT_USER		1
/* The exit ends in a system event: the run loop reports it (as T2). */
#define AVCPU_EXIT_EVENT	2
int avcpu_exit_sync(struct avcpu_vcpu *vcpu);

/* inject.c */
long avcpu_vcpu_inject(struct avcpu_vcpu *vcpu, void __user *arg);
/* At the start of RUN: true when it replaced avcpu_exit_complete(). */
bool avcpu_inject_run_begin(struct avcpu_vcpu *vcpu);

/* debug.c: AVCPU_SET/GET_GUEST_DEBUG, AVCPU_EXIT_DEBUG */
long avcpu_debug_set(struct avcpu_vcpu *vcpu, void __user *arg);
long avcpu_debug_get(struct avcpu_vcpu *vcpu, void __user *arg);
void avcpu_debug_regs_get(const struct avcpu_vcpu *vcpu, struct avcpu_regs *r);
void avcpu_debug_regs_set(struct avcpu_vcpu *vcpu, bool from_user,
			  u64 old_elr, u64 old_spsr);
void avcpu_debug_reset(struct avcpu_vcpu *vcpu);
bool avcpu_debug_ec(u32 ec);
/* A debug exception: as avcpu_exit_sync(). */
int avcpu_debug_exit(struct avcpu_vcpu *vcpu);

#endif /* _AVCPU_DRIVER_VCPU_H */
