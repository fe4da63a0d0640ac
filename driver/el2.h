/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu: between driver/el2.c (EL2 on every CPU) and driver/el2_mmu.c
 * (EL2's own page tables).
 */
#ifndef _AVCPU_DRIVER_EL2_H
#define _AVCPU_DRIVER_EL2_H

#include <linux/bits.h>
#include <linux/bitops.h>
#include <linux/types.h>

/* Stage-1 descriptors of the EL2 translation regime (4 KiB granule). */
#define EL2_PTE_VALID		BIT(0)
#define EL2_PTE_TABLE		(BIT(0) | BIT(1))	/* table or L3 page */
#define EL2_PTE_ATTR_NORMAL	0			/* MAIR_EL2 index 0 */
#define EL2_PTE_AP_RW		BIT(6)			/* AP[1] is RES1 */
#define EL2_PTE_AP_RO		(BIT(7) | BIT(6))
#define EL2_PTE_SH_INNER	(BIT(9) | BIT(8))
#define EL2_PTE_AF		BIT(10)
#define EL2_PTE_XN		BIT_ULL(54)
#define EL2_PTE_ADDR_MASK	GENMASK_ULL(47, 12)

#define EL2_PAGE_COMMON	(EL2_PTE_TABLE | EL2_PTE_ATTR_NORMAL | \
			 EL2_PTE_SH_INNER | EL2_PTE_AF)
#define EL2_PAGE_RX	(EL2_PAGE_COMMON | EL2_PTE_AP_RO)
#define EL2_PAGE_RO	(EL2_PAGE_COMMON | EL2_PTE_AP_RO | EL2_PTE_XN)
#define EL2_PAGE_RW	(EL2_PAGE_COMMON | EL2_PTE_AP_RW | EL2_PTE_XN)

/* el2.c */
struct avcpu_hyp_percpu *avcpu_el2_percpu(unsigned int cpu);

/* el2_call.c */
unsigned long avcpu_el2_call_any_cpu(unsigned long fn, unsigned long arg);

/* el2_mmu.c */
int avcpu_el2_mmu_init(phys_addr_t pa_limit);
phys_addr_t avcpu_el2_mmu_ttbr(void);
void avcpu_el2_mmu_free(void);
int avcpu_el2_map(phys_addr_t pa, size_t size, u64 prot);

#endif /* _AVCPU_DRIVER_EL2_H */
