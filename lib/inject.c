// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: exception injection (AVCPU_INJECT_EXCEPTION) as pure functions
 * of the vCPU's saved state: no system register access, no state of
 * their own.  The exception entry is KVM's enter_exception64()
 * (arch/arm64/kvm/hyp/exception.c), the syndromes its inject_abt64() and
 * inject_undef64() (arch/arm64/kvm/inject_fault.c), with the fault status
 * the VMM chose.  A virtual SError is taken by the CPU itself
 * (HCR_EL2.VSE), so only its validation and its VSESR_EL2 are here.
 *
 * Included by driver/inject.c and the KUnit tests (lib/inject.h says what
 * the includer provides).
 */
#include "inject.h"
#include "inject_entry.c"

#define INJ_ESR_EC_SHIFT	26
#define INJ_ESR_IL		BIT(25)
#define INJ_ESR_WNR		BIT(6)		/* data abort: a write */
#define INJ_ESR_IDS		BIT(24)		/* SError: IMPLEMENTATION DEFINED */
#define INJ_ESR_ISS_MASK	0x1ffffffULL
#define INJ_EC_UNKNOWN		0x00
#define INJ_EC_IABT_LOW		0x20
#define INJ_EC_IABT_CUR		0x21
#define INJ_EC_DABT_LOW		0x24
#define INJ_EC_DABT_CUR		0x25

/*
 * The fault status codes of the uapi's AVCPU_FSC_* for the 4 KiB granule
 * without FEAT_LPA2: no access-flag or permission fault at level 0, no
 * level -1.  Alignment faults exist for data accesses only.
 */
static bool inject_fsc_valid(u32 type, u32 fsc)
{
	switch (fsc) {
	case 0x00 ... 0x07:	/* address size, translation: level 0..3 */
	case 0x09 ... 0x0b:	/* access flag: level 1..3 */
	case 0x0d ... 0x0f:	/* permission: level 1..3 */
	case 0x10:		/* synchronous external abort */
	case 0x14 ... 0x17:	/* ... on a translation table walk */
	case 0x30:		/* TLB conflict */
		return true;
	case 0x21:		/* alignment */
		return type == AVCPU_INJECT_DABT;
	}
	return false;
}

/*
 * Every field that does not apply to the type must be 0, so that a VMM
 * that got one wrong learns it rather than injecting something else.
 */
int avcpu_inject_check(const struct avcpu_inject *inj, bool ras)
{
	u32 flags_ok;
	int i;

	if (inj->pad)
		return -EINVAL;
	for (i = 0; i < 4; i++)
		if (inj->reserved[i])
			return -EINVAL;
	switch (inj->type) {
	case AVCPU_INJECT_UNDEF:
	case AVCPU_INJECT_IABT:
		flags_ok = 0;
		break;
	case AVCPU_INJECT_DABT:
		flags_ok = AVCPU_INJECT_WRITE;
		break;
	case AVCPU_INJECT_SERROR:
		flags_ok = AVCPU_INJECT_SERROR_ISS;
		break;
	default:
		return -EINVAL;
	}
	if (inj->flags & ~flags_ok)
		return -EINVAL;
	if (inj->type == AVCPU_INJECT_DABT || inj->type == AVCPU_INJECT_IABT) {
		if (inj->serror_iss || !inject_fsc_valid(inj->type, inj->fsc))
			return -EINVAL;
		return 0;
	}
	if (inj->far || inj->fsc)
		return -EINVAL;
	if (!(inj->flags & AVCPU_INJECT_SERROR_ISS))
		return inj->serror_iss ? -EINVAL : 0;
	/* VSESR_EL2 exists only with FEAT_RAS. */
	if (!ras || (inj->serror_iss & ~INJ_ESR_ISS_MASK))
		return -EINVAL;
	return 0;
}

/*
 * Without AVCPU_INJECT_SERROR_ISS, IDS alone, as KVM's kvm_inject_vabt():
 * an ISS of 0 is an architected syndrome, an uncategorised RAS error
 * (DFSC 0), which a RAS-aware guest reads as an error of unknown, so
 * uncontainable, severity (avcpu_serror_fatal() calls it fatal for the
 * host).  With IDS the syndrome claims no RAS classification, as the
 * SError of a CPU without FEAT_RAS.
 */
u64 avcpu_inject_vsesr(const struct avcpu_inject *inj)
{
	if (inj->flags & AVCPU_INJECT_SERROR_ISS)
		return inj->serror_iss;
	return INJ_ESR_IDS;
}

/* EL0 (AArch64 or AArch32) is a lower EL than the EL1 that takes it. */
static bool inject_from_lower(u64 spsr)
{
	return (spsr & INJ_PSR_AA32) ||
	       (spsr & INJ_PSR_MODE_MASK) == INJ_PSR_EL0T;
}

/*
 * IL is 1 for every class injected here, whatever the instruction's
 * length: the architecture defines ESR_ELx.IL as 1 for exceptions with
 * EC 0x00, instruction aborts and data aborts with ISV 0 (ARM DDI 0487,
 * ESR_EL1.IL), and a CPU (QEMU's syn_uncategorized(), syn_insn_abort(),
 * syn_data_abort_no_iss()) reports them so.  KVM copies the IL of the
 * last trap instead, which differs only for a 16-bit T32 instruction.
 */
u64 avcpu_inject_esr(const struct avcpu_inject *inj, u64 spsr)
{
	bool lower = inject_from_lower(spsr);
	u64 esr = INJ_ESR_IL;

	switch (inj->type) {
	case AVCPU_INJECT_UNDEF:
		return esr | ((u64)INJ_EC_UNKNOWN << INJ_ESR_EC_SHIFT);
	case AVCPU_INJECT_IABT:
		esr |= (u64)(lower ? INJ_EC_IABT_LOW : INJ_EC_IABT_CUR) <<
		       INJ_ESR_EC_SHIFT;
		return esr | inj->fsc;
	case AVCPU_INJECT_DABT:
		esr |= (u64)(lower ? INJ_EC_DABT_LOW : INJ_EC_DABT_CUR) <<
		       INJ_ESR_EC_SHIFT;
		if (inj->flags & AVCPU_INJECT_WRITE)
			esr |= INJ_ESR_WNR;
		return esr | inj->fsc;
	}
	return 0;
}

void avcpu_inject_sync(struct avcpu_hyp_ctx *ctx,
		       struct avcpu_hyp_sysregs *sys,
		       const struct avcpu_inject *inj)
{
	/* An undefined instruction leaves FAR_EL1 as it was (UNKNOWN). */
	if (inj->type != AVCPU_INJECT_UNDEF)
		sys->far_el1 = inj->far;
	avcpu_exception_entry(ctx, sys, avcpu_inject_esr(inj, ctx->spsr));
}
