/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to avcpu's EL2 image: constants and accessors for code that runs
 * at EL2 with nothing of the kernel reachable.
 */
#ifndef _AVCPU_LIB_HYP_H
#define _AVCPU_LIB_HYP_H

#include <avcpu/hyp_abi.h>

/* SCTLR_EL2 (E2H == 0) bits, ARM DDI 0487 D19.2. */
#define SCTLR_EL2_M		(1UL << 0)
#define SCTLR_EL2_C		(1UL << 2)
#define SCTLR_EL2_SA		(1UL << 3)
#define SCTLR_EL2_I		(1UL << 12)
#define SCTLR_EL2_WXN		(1UL << 19)
#define SCTLR_EL2_RES1		((1UL << 4) | (1UL << 5) | (1UL << 11) | \
				 (1UL << 16) | (1UL << 18) | (1UL << 22) | \
				 (1UL << 23) | (1UL << 28) | (1UL << 29))
/* EL2 with its MMU on: caches on, stack alignment checked, W^X. */
#define HYP_SCTLR_EL2		(SCTLR_EL2_RES1 | SCTLR_EL2_M | SCTLR_EL2_C | \
				 SCTLR_EL2_SA | SCTLR_EL2_I | SCTLR_EL2_WXN)

/* MAIR_EL2: index 0 Normal write-back RW-allocate, index 1 Device-nGnRE. */
#define HYP_MAIR_EL2		0x04ffUL

/* ESR_ELx */
#define ESR_EC_SHIFT		26
#define ESR_EC_HVC64		0x16
#define ESR_IL			(1UL << 25)

#ifndef __ASSEMBLY__

#define read_sysreg(r) ({					\
	unsigned long __v;					\
	asm volatile("mrs %0, " #r : "=r" (__v));		\
	__v;							\
})

#define write_sysreg(v, r)					\
	asm volatile("msr " #r ", %0" : : "r" ((unsigned long)(v)))

static inline struct avcpu_hyp_percpu *this_percpu(void)
{
	return (struct avcpu_hyp_percpu *)read_sysreg(tpidr_el2);
}

#define HYP_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

unsigned long avcpu_hyp_host_trap(struct avcpu_hyp_frame *f,
				  struct avcpu_hyp_percpu *pc);
extern char __avcpu_hyp_vectors[];

#endif /* __ASSEMBLY__ */
#endif /* _AVCPU_LIB_HYP_H */
