// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: a synchronous exception entry to the guest's EL1 as pure
 * functions of its saved state, KVM's enter_exception64()
 * (arch/arm64/kvm/hyp/exception.c).  Part of lib/inject.c (the driver's
 * AVCPU_INJECT_EXCEPTION, the KUnit tests), and built on its own into the
 * EL2 image, where lib/exit.c makes a guest take an undefined instruction
 * without leaving EL2: so nothing here may need more than
 * lib/inject_entry.h.
 */
#include "inject_entry.h"

/* PSTATE/SPSR_ELx: the same positions in the AArch64 and AArch32 forms. */
#define INJ_PSR_NZCV		(0xfULL << 28)
#define INJ_PSR_DIT		BIT(24)
#define INJ_PSR_PAN		BIT(22)
#define INJ_PSR_SSBS		BIT(12)		/* AArch64 form */
#define INJ_PSR_DAIF		(0xfULL << 6)
#define INJ_PSR_AA32		BIT(4)
#define INJ_PSR_MODE_MASK	0xfULL
#define INJ_PSR_EL0T		0x0
#define INJ_PSR_EL1T		0x4
#define INJ_PSR_EL1H		0x5

#define INJ_SCTLR_SPAN		BIT(23)
#define INJ_SCTLR_DSSBS		BIT(44)

/* VBAR_EL1[10:0] are RES0: the CPU never uses them. */
#define INJ_VBAR_MASK		(~0x7ffULL)

/* Vector groups (ARM DDI 0487 D1.3.1, Table D1-7). */
#define INJ_VEC_CUR_SP0		0x000
#define INJ_VEC_CUR_SPX		0x200
#define INJ_VEC_LOWER_64	0x400
#define INJ_VEC_LOWER_32	0x600

/*
 * EL1t takes it on the current EL's SP_EL0 entries, EL1h on its SP_ELx
 * ones, EL0 on the lower-EL ones of its width.
 */
u64 avcpu_inject_vector(u64 spsr, u64 type)
{
	u64 mode = spsr & (INJ_PSR_MODE_MASK | INJ_PSR_AA32);

	if (mode == INJ_PSR_EL1H)
		return INJ_VEC_CUR_SPX + type;
	if (mode == INJ_PSR_EL1T)
		return INJ_VEC_CUR_SP0 + type;
	if (!(mode & INJ_PSR_AA32))
		return INJ_VEC_LOWER_64 + type;
	return INJ_VEC_LOWER_32 + type;
}

/*
 * KVM's enter_exception64(), in the order of the AArch64 SPSR layout: the
 * inherited bits (NZCV, DIT, PAN) sit at the same positions in the
 * AArch32 form, so an exception from AArch32 EL0 needs no shuffling.
 * UAO, SS, IL, BTYPE and TCO (guests have no MTE) become 0; ALLINT
 * (FEAT_NMI) is not modelled, as in KVM 6.12.
 */
u64 avcpu_inject_pstate(u64 spsr, u64 sctlr)
{
	u64 new = spsr & INJ_PSR_NZCV;

	new |= spsr & INJ_PSR_DIT;
	/* PAN is kept, and set when SCTLR_EL1.SPAN is 0 (RES1 without PAN). */
	new |= spsr & INJ_PSR_PAN;
	if (!(sctlr & INJ_SCTLR_SPAN))
		new |= INJ_PSR_PAN;
	if (sctlr & INJ_SCTLR_DSSBS)
		new |= INJ_PSR_SSBS;
	return new | INJ_PSR_DAIF | INJ_PSR_EL1H;
}

void avcpu_exception_entry(struct avcpu_hyp_ctx *ctx,
			   struct avcpu_hyp_sysregs *sys, u64 esr)
{
	u64 old = ctx->spsr;

	sys->esr_el1 = esr;
	sys->elr_el1 = ctx->elr;
	sys->spsr_el1 = old;
	ctx->elr = (sys->vbar_el1 & INJ_VBAR_MASK) +
		   avcpu_inject_vector(old, AVCPU_VECTOR_SYNC);
	ctx->spsr = avcpu_inject_pstate(old, sys->sctlr_el1);
}
