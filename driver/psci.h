/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu: a VM's firmware interface as its guest sees it: PSCI power
 * states and system events (driver/psci.c), and the SMCCC filter
 * (driver/smccc.c).  One per VM, inside struct avcpu_vm.
 */
#ifndef _AVCPU_DRIVER_PSCI_H
#define _AVCPU_DRIVER_PSCI_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <avcpu/hyp_abi.h>

struct avcpu_vcpu;
struct avcpu_vm;

/* A PSCI SYSTEM_OFF/RESET/RESET2, as every vCPU of the VM reports it. */
struct avcpu_sys_event {
	u32 type;		/* AVCPU_SYSTEM_EVENT_* */
	u32 flags;
	u32 reset_type;
	u32 source_vcpu;
	u64 cookie;
};

struct avcpu_vm_psci {
	/*
	 * The power state of every vCPU of the VM (struct avcpu_vcpu's
	 * power fields) and the VM's system event: CPU_ON and AFFINITY_INFO
	 * look at other vCPUs, SYSTEM_OFF stops them all.  A spinlock: taken
	 * from the run loop around one decision at a time.
	 */
	spinlock_t lock;
	struct list_head vcpus;		/* avcpu_vcpu.psci_node */
	u64 event_seq;			/* system events so far */
	struct avcpu_sys_event event;	/* the last one */

	/* SMCCC filter: set until a vCPU first runs, then fixed. */
	struct mutex filter_lock;
	bool ran;
	unsigned int nr_filter;
	struct avcpu_hyp_smccc_range filter[AVCPU_HYP_SMCCC_FILTER_MAX];
};

struct avcpu_vm_psci *avcpu_vm_psci(struct avcpu_vm *vm);

/* psci.c */
void avcpu_psci_vm_init(struct avcpu_vm_psci *p);
void avcpu_psci_vcpu_add(struct avcpu_vcpu *vcpu, bool powered_off);
void avcpu_psci_vcpu_remove(struct avcpu_vcpu *vcpu);
int avcpu_psci_call(struct avcpu_vcpu *vcpu, bool smc);
int avcpu_psci_wait(struct avcpu_vcpu *vcpu);
int avcpu_psci_wfi(struct avcpu_vcpu *vcpu);
void avcpu_psci_yield(struct avcpu_vcpu *vcpu);
void avcpu_psci_reset_cancel(struct avcpu_vcpu *vcpu);
bool avcpu_psci_stop_entry(struct avcpu_vcpu *vcpu);
void avcpu_psci_run_begin(struct avcpu_vcpu *vcpu);
void avcpu_psci_run_end(struct avcpu_vcpu *vcpu);
void avcpu_vcpu_kick(struct avcpu_vcpu *vcpu);
long avcpu_psci_get_mp_state(struct avcpu_vcpu *vcpu, void __user *arg);
long avcpu_psci_set_mp_state(struct avcpu_vcpu *vcpu, void __user *arg);

/* smccc.c */
long avcpu_smccc_set_filter(struct avcpu_vm *vm, void __user *arg);
void avcpu_smccc_load(struct avcpu_vcpu *vcpu);
void avcpu_smccc_refresh(struct avcpu_hyp_smccc *s);
/* The guest's ARCH_WORKAROUND_1 answer is UNAFFECTED (ID_AA64PFR0.CSV2). */
bool avcpu_smccc_v2_unaffected(void);
void avcpu_smccc_wa_update(void);

#endif /* _AVCPU_DRIVER_PSCI_H */
