/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu: the SMCCC dispatch of a guest's "hvc #0" and "smc #0"
 * (lib/smccc.c), shared by the EL2 image, the driver and KUnit.
 *
 * Function ids and return values are those of Arm DEN 0028 (SMCCC) and
 * DEN 0022 (PSCI), spelled with an AVCPU_ prefix so that this header can
 * sit beside the kernel's <linux/arm-smccc.h> and <uapi/linux/psci.h>.
 */
#ifndef _AVCPU_LIB_SMCCC_H
#define _AVCPU_LIB_SMCCC_H

#include <avcpu/hyp_abi.h>

/* Function id fields (SMCCC 2.5). */
#define AVCPU_SMCCC_FAST		0x80000000U	/* fast call */
#define AVCPU_SMCCC_64			0x40000000U	/* SMC64 convention */
#define AVCPU_SMCCC_OWNER(fid)		(((fid) >> 24) & 0x3f)
#define AVCPU_SMCCC_FUNC(fid)		((fid) & 0xffff)
#define AVCPU_SMCCC_OWNER_ARCH		0
#define AVCPU_SMCCC_OWNER_STD		4	/* standard secure: PSCI, TRNG */
#define AVCPU_SMCCC_OWNER_STD_HYP	5	/* standard hypervisor */
#define AVCPU_SMCCC_OWNER_VENDOR_HYP	6
/* Function numbers 0xff00..0xffff of an owner: call count, UID, revision. */
#define AVCPU_SMCCC_QUERY_FIRST		0xff00

/* Arm architecture calls (owner 0). */
#define AVCPU_SMCCC_VERSION		0x80000000U
#define AVCPU_SMCCC_ARCH_FEATURES	0x80000001U
#define AVCPU_SMCCC_ARCH_WA_1		0x80008000U
#define AVCPU_SMCCC_ARCH_WA_2		0x80007fffU
#define AVCPU_SMCCC_ARCH_WA_3		0x80003fffU
#define AVCPU_SMCCC_VERSION_1_1		0x10001

/* PSCI (owner 4, function numbers 0..0x1f). */
#define AVCPU_PSCI_VERSION		0x84000000U
#define AVCPU_PSCI_CPU_SUSPEND		0x84000001U
#define AVCPU_PSCI_CPU_OFF		0x84000002U
#define AVCPU_PSCI_CPU_ON		0x84000003U
#define AVCPU_PSCI_AFFINITY_INFO	0x84000004U
#define AVCPU_PSCI_MIGRATE_INFO_TYPE	0x84000006U
#define AVCPU_PSCI_SYSTEM_OFF		0x84000008U
#define AVCPU_PSCI_SYSTEM_RESET		0x84000009U
#define AVCPU_PSCI_FEATURES		0x8400000aU
#define AVCPU_PSCI_SYSTEM_RESET2	0x84000012U
#define AVCPU_PSCI_64(fid)		((fid) | AVCPU_SMCCC_64)
#define AVCPU_PSCI_VERSION_1_1		0x10001
#define AVCPU_PSCI_TOS_NOT_PRESENT_MP	2	/* MIGRATE_INFO_TYPE */

/* Return values (SMCCC and PSCI share -1). */
#define AVCPU_SMCCC_RET_SUCCESS		0
#define AVCPU_SMCCC_RET_NOT_SUPPORTED	(-1L)
#define AVCPU_SMCCC_RET_NOT_REQUIRED	(-2L)
#define AVCPU_SMCCC_RET_UNAFFECTED	1L	/* ARCH_WORKAROUND_1/_3 */
#define AVCPU_PSCI_RET_INVALID_PARAMS	(-2L)
#define AVCPU_PSCI_RET_ALREADY_ON	(-4L)
#define AVCPU_PSCI_RET_INTERNAL_FAILURE	(-6L)
#define AVCPU_PSCI_RET_INVALID_ADDRESS	(-9L)

/* avcpu_smccc_decide(): who answers the call. */
#define AVCPU_SMCCC_T0		0	/* EL2: *x0 is the answer */
#define AVCPU_SMCCC_T1		1	/* the kernel: PSCI power management */
#define AVCPU_SMCCC_T2		2	/* the VMM: an AVCPU_EXIT_HYPERCALL */

int avcpu_smccc_decide(const struct avcpu_hyp_smccc *cfg, unsigned int fid,
		       unsigned long arg1, unsigned long *x0);

#endif /* _AVCPU_LIB_SMCCC_H */
