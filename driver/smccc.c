// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: the SMCCC side of a VM, in the kernel: its filter
 * (AVCPU_SET_SMCCC_FILTER, KVM's KVM_ARM_VM_SMCCC_FILTER), and what each
 * vCPU hands EL2 so that lib/smccc.c answers there (built into the driver
 * too, for one source of the dispatch table).
 */
#include <linux/array_size.h>
#include <linux/bits.h>
#include <linux/sort.h>
#include <linux/types.h>
#include <linux/uaccess.h>
#include <uapi/linux/avcpu.h>

#include "avcpu.h"
#include "psci.h"
#include "vcpu.h"

#include "../lib/smccc.c"

/* The Arm architecture range stays avcpu's (KVM's reserved ranges). */
static const struct avcpu_hyp_smccc_range smccc_arch_ranges[] = {
	{ 0x80000000U, 0x8000ffffU, AVCPU_HYP_FILTER_HANDLE },
	{ 0xc0000000U, 0xc000ffffU, AVCPU_HYP_FILTER_HANDLE },
};

static bool ranges_overlap(u32 a0, u32 a1, u32 b0, u32 b1)
{
	return a0 <= b1 && b0 <= a1;
}

static int range_cmp(const void *a, const void *b)
{
	const struct avcpu_hyp_smccc_range *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

long avcpu_smccc_set_filter(struct avcpu_vm *vm, void __user *arg)
{
	struct avcpu_vm_psci *p = avcpu_vm_psci(vm);
	struct avcpu_smccc_filter f;
	u32 last;
	long ret = 0;
	int i;

	BUILD_BUG_ON(AVCPU_SMCCC_FILTER_HANDLE != AVCPU_HYP_FILTER_HANDLE);
	BUILD_BUG_ON(AVCPU_SMCCC_FILTER_DENY != AVCPU_HYP_FILTER_DENY);
	BUILD_BUG_ON(AVCPU_SMCCC_FILTER_FWD_TO_USER !=
		     AVCPU_HYP_FILTER_FWD_TO_USER);
	BUILD_BUG_ON(AVCPU_SMCCC_FILTER_MAX != AVCPU_HYP_SMCCC_FILTER_MAX);

	if (copy_from_user(&f, arg, sizeof(f)))
		return -EFAULT;
	last = f.base + f.nr_functions - 1;
	if (memchr_inv(f.pad, 0, sizeof(f.pad)) || !f.nr_functions ||
	    last < f.base || f.action > AVCPU_SMCCC_FILTER_FWD_TO_USER)
		return -EINVAL;

	/* In KVM's order: after a run EBUSY, whatever the range. */
	mutex_lock(&p->filter_lock);
	if (p->ran) {
		ret = -EBUSY;
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(smccc_arch_ranges); i++) {
		if (ranges_overlap(f.base, last, smccc_arch_ranges[i].base,
				   smccc_arch_ranges[i].last)) {
			ret = -EEXIST;
			goto out;
		}
	}
	for (i = 0; i < p->nr_filter; i++) {
		if (ranges_overlap(f.base, last, p->filter[i].base,
				   p->filter[i].last)) {
			ret = -EEXIST;
			goto out;
		}
	}
	if (p->nr_filter == AVCPU_HYP_SMCCC_FILTER_MAX) {
		ret = -ENOSPC;
		goto out;
	}
	p->filter[p->nr_filter].base = f.base;
	p->filter[p->nr_filter].last = last;
	p->filter[p->nr_filter].action = f.action;
	p->nr_filter++;
	sort(p->filter, p->nr_filter, sizeof(p->filter[0]), range_cmp, NULL);
out:
	mutex_unlock(&p->filter_lock);
	return ret;
}

/*
 * A vCPU's first RUN: the VM's filter is fixed from now on (as KVM's
 * "has run once"), and EL2 gets its copy.
 */
void avcpu_smccc_load(struct avcpu_vcpu *vcpu)
{
	struct avcpu_vm_psci *p = avcpu_vm_psci(vcpu->vm);
	struct avcpu_hyp_smccc *s = &vcpu->hyp->smccc;

	if (vcpu->smccc_loaded)
		return;
	mutex_lock(&p->filter_lock);
	p->ran = true;
	s->nr_filter = p->nr_filter;
	memcpy(s->filter, p->filter, sizeof(s->filter));
	mutex_unlock(&p->filter_lock);
	vcpu->smccc_loaded = true;
}

/*
 * SMCCC_ARCH_FEATURES answers for ARCH_WORKAROUND_1/_2/_3, the same on
 * every CPU a vCPU may run on: the worst any CPU has reported so far
 * (avcpu_smccc_wa_update(), at every install of EL2 on a CPU).
 */
static long smccc_wa[AVCPU_WA_NR] = {
	AVCPU_SMCCC_RET_UNAFFECTED, AVCPU_SMCCC_RET_NOT_REQUIRED,
	AVCPU_SMCCC_RET_UNAFFECTED,
};

static DEFINE_SPINLOCK(smccc_wa_lock);

/*
 * Worse is: unaffected < not required < mitigated < not supported, by
 * what the guest must do about it.
 */
static int wa_rank(long v)
{
	switch (v) {
	case AVCPU_SMCCC_RET_UNAFFECTED:
		return 0;
	case AVCPU_SMCCC_RET_NOT_REQUIRED:
		return 1;
	case AVCPU_SMCCC_RET_SUCCESS:
		return 2;
	}
	return 3;
}

/* On a CPU, preemption off: merge its answers in. */
void avcpu_smccc_wa_update(void)
{
	long wa[AVCPU_WA_NR];
	int i;

	avcpu_spec_guest_wa(wa);
	spin_lock(&smccc_wa_lock);
	for (i = 0; i < AVCPU_WA_NR; i++)
		if (wa_rank(wa[i]) > wa_rank(smccc_wa[i]))
			WRITE_ONCE(smccc_wa[i], wa[i]);
	spin_unlock(&smccc_wa_lock);
}

/* Before every entry: the answers as they stand. */
void avcpu_smccc_refresh(struct avcpu_hyp_smccc *s)
{
	int i;

	for (i = 0; i < AVCPU_WA_NR; i++)
		s->wa[i] = READ_ONCE(smccc_wa[i]);
}

bool avcpu_smccc_v2_unaffected(void)
{
	return READ_ONCE(smccc_wa[AVCPU_WA1]) == AVCPU_SMCCC_RET_UNAFFECTED;
}
