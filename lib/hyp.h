/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to avcpu's EL2 image: constants and accessors for code that runs
 * at EL2 with nothing of the kernel reachable.
 */
#ifndef _AVCPU_LIB_HYP_H
#define _AVCPU_LIB_HYP_H

/* The kernel's BIT(), usable from assembly as well. */
#ifdef __ASSEMBLY__
#define BIT(n)			(1 << (n))
#else
#define BIT(n)			(1UL << (n))
#endif

#include <avcpu/hyp_abi.h>

/* SCTLR_EL2 (E2H == 0) bits, ARM DDI 0487 D19.2. */
#define SCTLR_EL2_M		BIT(0)
#define SCTLR_EL2_C		BIT(2)
#define SCTLR_EL2_SA		BIT(3)
#define SCTLR_EL2_I		BIT(12)
#define SCTLR_EL2_WXN		BIT(19)
#define SCTLR_EL2_RES1		(BIT(4) | BIT(5) | BIT(11) | \
				 BIT(16) | BIT(18) | BIT(22) | \
				 BIT(23) | BIT(28) | BIT(29))
/* EL2 with its MMU on: caches on, stack alignment checked, W^X. */
#define HYP_SCTLR_EL2		(SCTLR_EL2_RES1 | SCTLR_EL2_M | SCTLR_EL2_C | \
				 SCTLR_EL2_SA | SCTLR_EL2_I | SCTLR_EL2_WXN)

/* MAIR_EL2: index 0 Normal write-back RW-allocate, index 1 Device-nGnRE. */
#define HYP_MAIR_EL2		0x04ff

/* ESR_ELx */
#define ESR_EC_SHIFT		26
#define ESR_EC_MASK		0x3f
#define ESR_EC_HVC64		0x16
#define ESR_IL			BIT(25)

#ifndef __ASSEMBLY__

#define read_sysreg(r) ({					\
	unsigned long __v;					\
	asm volatile("mrs %0, " #r : "=r" (__v));		\
	__v;							\
})

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
