// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: a VM's ID registers (AVCPU_GET_ID_REGS / AVCPU_SET_ID_REGS, KVM's
 * writable ID registers).  Built at VM creation from the kernel's
 * sanitised values (the same on every CPU the vCPUs may migrate to) by
 * the rules of driver/idregs_rules.c, narrowed by the VMM before any vCPU
 * runs, and copied into each vCPU's page for EL2 at its first RUN
 * (lib/idregs.c answers the guest's reads there, HCR_EL2.TID3).
 */
#include <linux/array_size.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <asm/sysreg.h>
#include <uapi/linux/avcpu.h>

#include "avcpu.h"
#include "idregs.h"
#include "psci.h"
#include "vcpu.h"

/*
 * The encodings the kernel keeps a sanitised value for (cpufeature.c's
 * arm64_ftr_regs; read_sanitised_ftr_reg() warns for any other), less
 * ID_AA64ISAR3_EL1, which KVM 6.12 still treats as unallocated.
 */
static const u8 idregs_known[] = {
	AVCPU_IDREG(1, 0), AVCPU_IDREG(1, 1), AVCPU_IDREG(1, 2),
	AVCPU_IDREG(1, 4), AVCPU_IDREG(1, 5), AVCPU_IDREG(1, 6),
	AVCPU_IDREG(1, 7),
	AVCPU_IDREG(2, 0), AVCPU_IDREG(2, 1), AVCPU_IDREG(2, 2),
	AVCPU_IDREG(2, 3), AVCPU_IDREG(2, 4), AVCPU_IDREG(2, 5),
	AVCPU_IDREG(2, 6), AVCPU_IDREG(2, 7),
	AVCPU_IDREG(3, 0), AVCPU_IDREG(3, 1), AVCPU_IDREG(3, 2),
	AVCPU_IDREG(3, 4), AVCPU_IDREG(3, 5), AVCPU_IDREG(3, 6),
	AVCPU_IDREG(4, 0), AVCPU_IDREG(4, 1), AVCPU_IDREG(4, 2),
	AVCPU_IDREG(4, 4), AVCPU_IDREG(4, 5), AVCPU_IDREG(4, 7),
	AVCPU_IDREG(5, 0), AVCPU_IDREG(5, 1),
	AVCPU_IDREG(6, 0), AVCPU_IDREG(6, 1), AVCPU_IDREG(6, 2),
	AVCPU_IDREG(7, 0), AVCPU_IDREG(7, 1), AVCPU_IDREG(7, 2),
	AVCPU_IDREG(7, 3), AVCPU_IDREG(7, 4),
};

void avcpu_idregs_vm_init(struct avcpu_vm_idregs *t)
{
	struct avcpu_idregs_host h = { };
	int i, n;

	BUILD_BUG_ON(AVCPU_NR_ID_REGS != AVCPU_HYP_NR_ID_REGS);
	for (i = 0; i < ARRAY_SIZE(idregs_known); i++) {
		n = idregs_known[i];
		h.regs[n] = read_sanitised_ftr_reg(sys_reg(3, 0, 0, 1 + n / 8,
							   n % 8));
	}
	h.v2_unaffected = avcpu_smccc_v2_unaffected();
	mutex_init(&t->lock);
	avcpu_idregs_narrow(&h, t->regs);
}

long avcpu_idregs_get(struct avcpu_vm *vm, void __user *arg)
{
	struct avcpu_vm_idregs *t = avcpu_vm_idregs(vm);
	struct avcpu_id_regs r = { };

	mutex_lock(&t->lock);
	memcpy(r.regs, t->regs, sizeof(r.regs));
	mutex_unlock(&t->lock);
	return copy_to_user(arg, &r, sizeof(r)) ? -EFAULT : 0;
}

long avcpu_idregs_set(struct avcpu_vm *vm, void __user *arg)
{
	struct avcpu_vm_idregs *t = avcpu_vm_idregs(vm);
	struct avcpu_id_regs r;
	long ret;

	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	/* As the SMCCC filter: after a run EBUSY, whatever the values. */
	mutex_lock(&t->lock);
	if (t->ran) {
		ret = -EBUSY;
		goto out;
	}
	if (memchr_inv(r.reserved, 0, sizeof(r.reserved)))
		ret = -EINVAL;
	else
		ret = avcpu_idregs_check(t->regs, r.regs);
	if (!ret)
		memcpy(t->regs, r.regs, sizeof(t->regs));
out:
	mutex_unlock(&t->lock);
	return ret;
}

/* A vCPU's first RUN: the table is fixed from now on, EL2 gets a copy. */
void avcpu_idregs_load(struct avcpu_vcpu *vcpu)
{
	struct avcpu_vm_idregs *t = avcpu_vm_idregs(vcpu->vm);
	int i;

	if (vcpu->idregs_loaded)
		return;
	mutex_lock(&t->lock);
	t->ran = true;
	for (i = 0; i < AVCPU_HYP_NR_ID_REGS; i++)
		vcpu->hyp->idregs[i] = t->regs[i];
	mutex_unlock(&t->lock);
	vcpu->idregs_loaded = true;
}
