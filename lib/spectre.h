/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu EL2: speculation mitigations (lib/spectre.c, lib/spectre_vectors.S).
 *
 * What is applied on a CPU is decided by the driver before install and
 * handed over in struct avcpu_hyp_percpu.spec (include/avcpu/hyp_abi.h);
 * why each step is there, and KVM's equivalent, is in
 * Documentation/avcpu.rst, "Speculation".
 */
#ifndef _AVCPU_LIB_SPECTRE_H
#define _AVCPU_LIB_SPECTRE_H

#include "hyp.h"

#ifdef __ASSEMBLY__

/*
 * \dst = the vector table for this CPU (\pc = its percpu, MMU on):
 * avcpu's plain vectors, or one of the mitigating tables of
 * spectre_vectors.S, which do their work and then branch to the same
 * entry of the plain ones.  Decided once, at install: the exception entry itself has no
 * branch on the mitigation state, as KVM's per-CPU hyp vector slot.
 */
	.macro	hyp_spec_vectors, dst, pc, tmp, tmp2
	adr	\dst, __avcpu_hyp_vectors
	adr	\tmp2, __hyp_spec_vectors - 0x800	/* "mode 0" */
	ldr	\tmp, [\pc, #HYP_PC_SPEC]
	ubfx	\tmp, \tmp, #AVCPU_SPEC_VEC_SHIFT, #AVCPU_SPEC_VEC_BITS
	add	\tmp2, \tmp2, \tmp, lsl #11		/* 2 KiB per table */
	/* 0 < mode < AVCPU_SPEC_VEC_NR: that table; else the plain one. */
	cmp	\tmp, #AVCPU_SPEC_VEC_NR
	ccmp	\tmp, #0, #4, lo			/* mode >= NR: Z set */
	csel	\dst, \tmp2, \dst, ne
	.endm

#else /* !__ASSEMBLY__ */

#define TCR_EL1_EPD0		BIT(7)
#define TCR_EL1_EPD1		BIT(23)
#define SCTLR_EL1_M		BIT(0)
#define SCTLR_EL2_DSSBS		BIT(44)

/*
 * ARM64_WORKAROUND_SPECULATIVE_AT on this CPU: hyp_sysregs_restore()
 * then leaves SCTLR_EL1 and TCR_EL1 to the hyp_spec_at_*_end() calls.
 */
static inline int hyp_spec_at(const struct avcpu_hyp_percpu *pc)
{
	return pc->spec & AVCPU_SPEC_AT;
}

/* Saved EL1 translation controls around a stage-2 flush. */
struct hyp_spec_at_ctx {
	unsigned long tcr_el1;
};

void hyp_spec_at_guest_begin(struct avcpu_hyp_percpu *pc);
void hyp_spec_at_guest_end(struct avcpu_hyp_percpu *pc,
			   const struct avcpu_hyp_sysregs *guest);
void hyp_spec_at_host_begin(struct avcpu_hyp_percpu *pc);
void hyp_spec_at_host_end(struct avcpu_hyp_percpu *pc,
			  const struct avcpu_hyp_sysregs *host);
void hyp_spec_at_vmid_enter(struct avcpu_hyp_percpu *pc,
			    struct hyp_spec_at_ctx *c);
void hyp_spec_at_vmid_exit(struct avcpu_hyp_percpu *pc,
			   const struct hyp_spec_at_ctx *c);

int hyp_spec_vbar_ours(const struct avcpu_hyp_percpu *pc, unsigned long vbar);
unsigned long hyp_spec_query(const struct avcpu_hyp_percpu *pc,
			     unsigned long vbar);

extern char __hyp_spec_vectors[];

#endif /* __ASSEMBLY__ */
#endif /* _AVCPU_LIB_SPECTRE_H */
