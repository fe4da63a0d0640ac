/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu: the trapped msr/mrs (ESR_ELx.EC 0x18) avcpu answers the same way
 * for every guest, whatever its state (lib/sysreg.c), shared by the EL2
 * image (lib/exit.c), the driver (the fields of an AVCPU_EXIT_SYSREG) and
 * the KUnit tests.
 */
#ifndef _AVCPU_LIB_SYSREG_H
#define _AVCPU_LIB_SYSREG_H

/* The ISS of EC 0x18 (ARM DDI 0487, ESR_EL2 ISS encoding for EC 0x18). */
#define AVCPU_SYS_OP0(esr)	(((esr) >> 20) & 3)
#define AVCPU_SYS_OP2(esr)	(((esr) >> 17) & 7)
#define AVCPU_SYS_OP1(esr)	(((esr) >> 14) & 7)
#define AVCPU_SYS_CRN(esr)	(((esr) >> 10) & 0xf)
#define AVCPU_SYS_RT(esr)	(((esr) >> 5) & 0x1f)
#define AVCPU_SYS_CRM(esr)	(((esr) >> 1) & 0xf)
#define AVCPU_SYS_READ(esr)	((esr) & 1)	/* mrs; msr and sys write */

/* An encoding in KVM's sys_reg() order, so that a register range is one. */
#define AVCPU_SYSREG(op0, op1, crn, crm, op2)				\
	(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

enum avcpu_sysreg_kind {
	AVCPU_SYSREG_EXIT,	/* not answered here: lib/exit.c or the VMM */
	AVCPU_SYSREG_UNDEF,	/* the guest takes an undefined instruction */
	AVCPU_SYSREG_CONST,	/* reads a constant, writes are ignored */
};

/*
 * What a trapped access of syndrome @esr (EC 0x18) is; for
 * AVCPU_SYSREG_CONST, *val is what a read returns.
 */
int avcpu_sysreg_decide(unsigned long esr, unsigned long *val);

#endif /* _AVCPU_LIB_SYSREG_H */
