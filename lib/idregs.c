// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu EL2: the ID registers under HCR_EL2.TID3 (T0).  Every MRS of
 * Op0 3, Op1 0, CRn 0, CRm 1..7 (the AArch32 and AArch64 feature
 * registers and the unallocated encodings between them) traps here and
 * reads the vCPU's copy of its VM's table (driver/idregs.c built it and
 * copied it at the vCPU's first RUN), so the guest is told only of the
 * features avcpu really gives it, the same on every CPU it runs on.
 *
 * Only reads trap: an MSR to these encodings is UNDEFINED and taken by
 * the guest's own EL1 before any EL2 trap is considered (TID3 traps
 * reads only), exactly what KVM's write_to_read_only() makes of it.
 */
#include "hyp.h"

#define IDREG_CRM_SHIFT		1
#define IDREG_OP2_SHIFT		17

/* A key of lib/exit.c's SYS_KEY() form: is it an ID register? */
int hyp_idreg_key(unsigned long key)
{
	unsigned long crm = (key >> IDREG_CRM_SHIFT) & 0xf;
	unsigned long rest = key & ~((0xfUL << IDREG_CRM_SHIFT) |
				     (7UL << IDREG_OP2_SHIFT));

	/* Op0 3, Op1 0, CRn 0 */
	return rest == (3UL << 20) && crm >= 1 && crm <= 7;
}

/* The read: Rt = the table's entry (xzr discards it); false for a write. */
int hyp_idreg_read(struct avcpu_hyp_vcpu *vcpu, unsigned long esr,
		   unsigned long key, int rt)
{
	unsigned long crm = (key >> IDREG_CRM_SHIFT) & 0xf;
	unsigned long op2 = (key >> IDREG_OP2_SHIFT) & 7;

	if (!(esr & 1))
		return 0;
	if (rt != 31)
		vcpu->ctx.x[rt] = vcpu->idregs[(crm - 1) * 8 + op2];
	return 1;
}
