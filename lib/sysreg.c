// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: system registers whose answer depends on nothing but their
 * encoding, as one table, KVM 6.12's sys_reg_descs
 * (arch/arm64/kvm/sys_regs.c) for a VM without a PMU, without a LORegion
 * and with a GICv3 CPU interface seen through ICC_SRE_EL1 only.  A pure
 * function, so that EL2 (lib/exit.c) answers them without the host and the
 * KUnit suite tests every decision, including those QEMU never traps.
 *
 * - PMU (MDCR_EL2.TPM, TPMCR): the guest is told PMUVer 0, and KVM's PMU
 *   registers are then hidden: every access is an undefined instruction.
 *   PMMIR_EL1 is not one of KVM's PMU registers: trap_raz_wi.
 * - LORegion (HCR_EL2.TLOR, where FEAT_LOR exists): the guest is told
 *   ID_AA64MMFR1_EL1.LO 0, and trap_loregion() then makes every one an
 *   undefined instruction.
 * - ICC_SRE_EL1 (ICC_SRE_EL2.Enable clear, on hardware; QEMU implements
 *   it as a constant that never traps): access_gic_sre(), reads SRE, DFB
 *   and DIB set (KVM's vgic_sre for a GICv3), writes ignored.
 *
 * Built into the EL2 image and into the KUnit module; the driver only
 * decodes the ISS of what EL2 did not answer (lib/sysreg.h).
 */
#include "sysreg.h"

/* The kernel's, for the EL2 image, which has none of its headers. */
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

struct sysreg_range {
	unsigned int first, last;	/* AVCPU_SYSREG(), inclusive */
	unsigned int kind;		/* enum avcpu_sysreg_kind */
	unsigned long val;		/* AVCPU_SYSREG_CONST: the read value */
};

#define ICC_SRE_SRE_DFB_DIB	0x7UL

#define UNDEF(first, last)	{ first, last, AVCPU_SYSREG_UNDEF, 0 }
#define CONST(first, last, v)	{ first, last, AVCPU_SYSREG_CONST, v }

static const struct sysreg_range sysreg_table[] = {
	/*
	 * The RAS error records (HCR_EL2.TERR, only where FEAT_RAS: the ID
	 * registers advertise it): ERRIDR_EL1, ERRSELR_EL1, ERXFR/CTLR/
	 * STATUS/ADDR_EL1, ERXPFG*, ERXMISC0..3_EL1: RAZ/WI, as KVM's
	 * trap_raz_wi (no error record is implemented for a guest).
	 */
	CONST(AVCPU_SYSREG(3, 0, 5, 3, 0),
	      AVCPU_SYSREG(3, 0, 5, 3, 1), 0),
	CONST(AVCPU_SYSREG(3, 0, 5, 4, 0),
	      AVCPU_SYSREG(3, 0, 5, 5, 7), 0),
	/* PMINTENSET_EL1, PMINTENCLR_EL1 */
	UNDEF(AVCPU_SYSREG(3, 0, 9, 14, 1),
	      AVCPU_SYSREG(3, 0, 9, 14, 2)),
	/* PMMIR_EL1 */
	CONST(AVCPU_SYSREG(3, 0, 9, 14, 6),
	      AVCPU_SYSREG(3, 0, 9, 14, 6), 0),
	/* LORSA_EL1, LOREA_EL1, LORN_EL1, LORC_EL1 */
	UNDEF(AVCPU_SYSREG(3, 0, 10, 4, 0),
	      AVCPU_SYSREG(3, 0, 10, 4, 3)),
	/* LORID_EL1 */
	UNDEF(AVCPU_SYSREG(3, 0, 10, 4, 7),
	      AVCPU_SYSREG(3, 0, 10, 4, 7)),
	/* ICC_SRE_EL1 */
	CONST(AVCPU_SYSREG(3, 0, 12, 12, 5),
	      AVCPU_SYSREG(3, 0, 12, 12, 5), ICC_SRE_SRE_DFB_DIB),
	/*
	 * PMCR_EL0, PMCNTENSET_EL0, PMCNTENCLR_EL0, PMOVSCLR_EL0,
	 * PMSWINC_EL0, PMSELR_EL0, PMCEID0_EL0, PMCEID1_EL0
	 */
	UNDEF(AVCPU_SYSREG(3, 3, 9, 12, 0),
	      AVCPU_SYSREG(3, 3, 9, 12, 7)),
	/* PMCCNTR_EL0, PMXEVTYPER_EL0, PMXEVCNTR_EL0 */
	UNDEF(AVCPU_SYSREG(3, 3, 9, 13, 0),
	      AVCPU_SYSREG(3, 3, 9, 13, 2)),
	/* PMUSERENR_EL0 */
	UNDEF(AVCPU_SYSREG(3, 3, 9, 14, 0),
	      AVCPU_SYSREG(3, 3, 9, 14, 0)),
	/* PMOVSSET_EL0 */
	UNDEF(AVCPU_SYSREG(3, 3, 9, 14, 3),
	      AVCPU_SYSREG(3, 3, 9, 14, 3)),
	/* PMEVCNTR<n>_EL0, n = 0..30 (CRm 8 + n / 8, Op2 n % 8) */
	UNDEF(AVCPU_SYSREG(3, 3, 14, 8, 0),
	      AVCPU_SYSREG(3, 3, 14, 11, 6)),
	/* PMEVTYPER<n>_EL0, n = 0..30, and PMCCFILTR_EL0 (n = 31) */
	UNDEF(AVCPU_SYSREG(3, 3, 14, 12, 0),
	      AVCPU_SYSREG(3, 3, 14, 15, 7)),
};

int avcpu_sysreg_decide(unsigned long esr, unsigned long *val)
{
	unsigned int enc = AVCPU_SYSREG(AVCPU_SYS_OP0(esr), AVCPU_SYS_OP1(esr),
					AVCPU_SYS_CRN(esr), AVCPU_SYS_CRM(esr),
					AVCPU_SYS_OP2(esr));
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sysreg_table); i++) {
		const struct sysreg_range *r = &sysreg_table[i];

		if (enc < r->first || enc > r->last)
			continue;
		*val = r->val;
		return r->kind;
	}
	return AVCPU_SYSREG_EXIT;
}
