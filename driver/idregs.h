/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu: a VM's ID registers (driver/idregs.c), and the pure rules that
 * build and narrow them (driver/idregs_rules.c, which KUnit runs too).
 */
#ifndef _AVCPU_IDREGS_H
#define _AVCPU_IDREGS_H

#include <linux/mutex.h>
#include <linux/types.h>
#include <avcpu/hyp_abi.h>

#define AVCPU_IDREG(crm, op2)	(((crm) - 1) * 8 + (op2))

/* What the host says, for avcpu_idregs_narrow(). */
struct avcpu_idregs_host {
	/* read_sanitised_ftr_reg(), 0 where the kernel has no such register */
	u64 regs[AVCPU_HYP_NR_ID_REGS];
	/* The guest's SMCCC_ARCH_FEATURES(ARCH_WORKAROUND_1) is UNAFFECTED. */
	bool v2_unaffected;
};

void avcpu_idregs_narrow(const struct avcpu_idregs_host *h,
			 u64 regs[AVCPU_HYP_NR_ID_REGS]);
/* 0 if @want only narrows @cur field by field, else -EINVAL. */
int avcpu_idregs_check(const u64 *cur, const u64 *want);

struct avcpu_vm;
struct avcpu_vcpu;

struct avcpu_vm_idregs {
	struct mutex lock;		/* ran and regs */
	bool ran;			/* a vCPU has run: the table is fixed */
	u64 regs[AVCPU_HYP_NR_ID_REGS];
};

struct avcpu_vm_idregs *avcpu_vm_idregs(struct avcpu_vm *vm);
void avcpu_idregs_vm_init(struct avcpu_vm_idregs *t);
long avcpu_idregs_get(struct avcpu_vm *vm, void __user *arg);
long avcpu_idregs_set(struct avcpu_vm *vm, void __user *arg);
void avcpu_idregs_load(struct avcpu_vcpu *vcpu);

#endif /* _AVCPU_IDREGS_H */
