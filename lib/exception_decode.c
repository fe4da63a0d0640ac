// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: decoding of guest exits (the seed's exception.rs), as pure
 * functions of the raw syndrome: no system register access, no state.
 * Built into the driver and into the KUnit tests.
 *
 * Included by driver/exception_decode.c and the KUnit tests
 * (selftests/avcpu/kunit); expects u64/u32/u8/bool and BIT()/GENMASK_ULL().
 */
#include "exception_decode.h"

/* ESR_ELx.ISS for data aborts (ARM DDI 0487, D19.2.41). */
#define DABT_ISV		BIT(24)
#define DABT_SAS_SHIFT		22
#define DABT_SSE		BIT(21)
#define DABT_SRT_SHIFT		16
#define DABT_SF			BIT(15)
#define DABT_FNV		BIT(10)
#define DABT_CM			BIT(8)
#define DABT_S1PTW		BIT(7)
#define DABT_WNR		BIT(6)
#define ABT_FSC_TYPE_MASK	0x3c
#define ABT_FSC_TRANSLATION	0x04
#define ABT_FSC_ACCESS		0x08
#define ABT_FSC_PERM		0x0c
#define HPFAR_FIPA_MASK		GENMASK_ULL(47, 4)
#define PAR_F			BIT(0)
#define PAR_PA_MASK		GENMASK_ULL(47, 12)

u32 avcpu_esr_ec(u64 esr)
{
	return (esr >> AVCPU_ESR_EC_SHIFT) & 0x3f;
}

/*
 * The faulting IPA of a guest abort.  HPFAR_EL2 holds it for stage-2
 * translation and access-flag faults and for faults on a stage-1 walk;
 * otherwise (permission faults) EL2 translated FAR with AT S1E1R and left
 * PAR_EL1 in @par.  Returns false when neither is valid.
 */
bool avcpu_abort_ipa(u64 esr, u64 far, u64 hpfar, u64 par, u64 *ipa)
{
	u32 fsc_type = esr & ABT_FSC_TYPE_MASK;

	if ((esr & DABT_S1PTW) || fsc_type == ABT_FSC_TRANSLATION ||
	    fsc_type == ABT_FSC_ACCESS) {
		*ipa = ((hpfar & HPFAR_FIPA_MASK) << 8) | (far & 0xfff);
		return true;
	}
	if (!par || (par & PAR_F))
		return false;
	*ipa = (par & PAR_PA_MASK) | (far & 0xfff);
	return true;
}

/*
 * A guest abort the driver reports as an exit of its own: a stage-2
 * translation fault (nothing mapped at the IPA) or permission fault (a
 * fetch from a no-execute region, a store to a read-only one), of the
 * access itself or of its stage-1 walk (S1PTW), with a valid FAR (FnV
 * clear) and a known IPA.  Anything else (external aborts, address size,
 * access flag and TLB conflict faults, another EC) is not: false.
 */
bool avcpu_decode_abort(u64 esr, u64 far, u64 hpfar, u64 par,
			struct avcpu_abort *a)
{
	u32 ec = avcpu_esr_ec(esr), type = esr & ABT_FSC_TYPE_MASK;

	if (ec != AVCPU_EC_DABT_LOW && ec != AVCPU_EC_IABT_LOW)
		return false;
	if (type != ABT_FSC_TRANSLATION && type != ABT_FSC_PERM)
		return false;
	if ((esr & DABT_FNV) || !avcpu_abort_ipa(esr, far, hpfar, par, &a->ipa))
		return false;
	a->permission = type == ABT_FSC_PERM;
	a->s1ptw = !!(esr & DABT_S1PTW);
	/*
	 * On a walk, FAR's page offset is the access's, not the
	 * descriptor's: HPFAR only names the descriptor's page.
	 */
	if (a->s1ptw)
		a->ipa &= ~0xfffULL;
	a->write = ec == AVCPU_EC_DABT_LOW && (esr & DABT_WNR);
	return true;
}

/*
 * An MMIO access is a data abort avcpu_decode_abort() reports that is
 * not on a stage-1 walk, is a translation fault or a store to a read-only
 * region (a permission fault: as KVM, a write to ROM is MMIO), and whose
 * syndrome describes the instruction (ISV=1).  Cache maintenance (CM=1)
 * on such an address is skipped by the caller, never reported as a write.
 */
int avcpu_decode_mmio(u64 esr, u64 far, u64 hpfar, u64 par,
		      struct avcpu_mmio *m)
{
	struct avcpu_abort a;

	if (avcpu_esr_ec(esr) != AVCPU_EC_DABT_LOW ||
	    !avcpu_decode_abort(esr, far, hpfar, par, &a) || a.s1ptw ||
	    (a.permission && !a.write))
		return AVCPU_MMIO_NOT;
	if (esr & DABT_CM)
		return AVCPU_MMIO_CACHE_OP;
	if (!(esr & DABT_ISV))
		return AVCPU_MMIO_NOT;
	m->ipa = a.ipa;
	m->len = 1U << ((esr >> DABT_SAS_SHIFT) & 3);
	m->is_write = !!(esr & DABT_WNR);
	m->reg = (esr >> DABT_SRT_SHIFT) & 0x1f;
	m->sign_extend = !!(esr & DABT_SSE);
	m->sixty_four = !!(esr & DABT_SF);
	return AVCPU_MMIO_OK;
}

static u64 width_mask(u32 len)
{
	return len >= 8 ? ~0ULL : (1ULL << (len * 8)) - 1;
}

/* The value a store of register @val puts on the bus. */
u64 avcpu_mmio_store_data(const struct avcpu_mmio *m, u64 val)
{
	return val & width_mask(m->len);
}

/*
 * The register value a load of @data produces: truncated to the access
 * width, sign-extended if SSE, and seen through a w register (upper 32
 * bits zero) if SF=0.  A load into xzr (reg 31) is discarded by the
 * caller.
 */
u64 avcpu_mmio_load_value(const struct avcpu_mmio *m, u64 data)
{
	u64 v = data & width_mask(m->len);

	if (m->sign_extend && m->len < 8) {
		u64 sign = 1ULL << (m->len * 8 - 1);

		v = (v ^ sign) - sign;
	}
	if (!m->sixty_four)
		v &= 0xffffffffULL;
	return v;
}

/*
 * Step over the instruction that trapped: 4 bytes, or 2 for a 16-bit T32
 * one (ESR.IL clear), and, in an AArch32 T32 IT block, advance ITSTATE as
 * the instruction would have (KVM's kvm_skip_instr() and
 * kvm_adjust_itstate(), ARM DDI 0406C A2.5.2 ITAdvance).  The instruction
 * has completed: software step advances (SPSR.SS 0, the step exception
 * comes before the next one) and, in AArch64, BTYPE goes to 0, as after
 * any instruction that is not a branch (kvm_skip_instr() again).
 */
#define DECODE_ESR_IL		BIT(25)
#define DECODE_AA32		BIT(4)
#define DECODE_AA32_T		BIT(5)
#define DECODE_AA32_IT_MASK	0x0600fc00ULL
#define DECODE_SPSR_SS		BIT(21)
#define DECODE_SPSR_BTYPE	(3ULL << 10)

void avcpu_skip_instr(unsigned long *pc, unsigned long *spsr, u64 esr)
{
	unsigned long cpsr = *spsr & ~DECODE_SPSR_SS, itbits, cond;

	*pc += (esr & DECODE_ESR_IL) ? 4 : 2;
	if (!(cpsr & DECODE_AA32))
		cpsr &= ~DECODE_SPSR_BTYPE;
	*spsr = cpsr;
	if (!(cpsr & DECODE_AA32) || !(cpsr & DECODE_AA32_T) ||
	    !(cpsr & DECODE_AA32_IT_MASK))
		return;
	cond = (cpsr & 0xe000) >> 13;
	itbits = (cpsr & 0x1c00) >> (10 - 2);
	itbits |= (cpsr & (0x3 << 25)) >> 25;
	if ((itbits & 0x7) == 0) {
		itbits = 0;
		cond = 0;
	} else {
		itbits = (itbits << 1) & 0x1f;
	}
	cpsr &= ~DECODE_AA32_IT_MASK;
	cpsr |= cond << 13;
	cpsr |= (itbits & 0x1c) << (10 - 2);
	cpsr |= (itbits & 0x3) << 25;
	*spsr = cpsr;
}

/*
 * An SError the host must not survive (KVM's kvm_handle_guest_serror() and
 * arm64_is_fatal_ras_serror()): on a RAS CPU an architected syndrome
 * (IDS clear) that is uncategorised (DFSC not "asynchronous SError") or
 * says Uncontainable (AET UC) may already have corrupted host state.
 * IMPLEMENTATION DEFINED syndromes and non-RAS CPUs carry no severity:
 * those go to the VMM.
 */
#define SERROR_IDS		BIT(24)
#define SERROR_AET_SHIFT	10
#define SERROR_AET_UC		0
#define SERROR_DFSC_ASYNC	0x11

bool avcpu_serror_fatal(u64 esr, bool ras)
{
	if (!ras || (esr & SERROR_IDS))
		return false;
	if ((esr & 0x3f) != SERROR_DFSC_ASYNC)
		return true;
	return ((esr >> SERROR_AET_SHIFT) & 7) == SERROR_AET_UC;
}
