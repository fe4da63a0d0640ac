/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu: a synchronous exception entry to the guest's EL1 as a pure
 * function of its saved state (lib/inject_entry.c), shared by the driver
 * and the KUnit tests (through lib/inject.h) and the EL2 image
 * (lib/exit.c).  The includer provides u64, BIT() and struct
 * avcpu_hyp_ctx/avcpu_hyp_sysregs (<avcpu/hyp_abi.h>).
 */
#ifndef _AVCPU_LIB_INJECT_ENTRY_H
#define _AVCPU_LIB_INJECT_ENTRY_H

/* The exception type's offset inside a group of four vector entries. */
#define AVCPU_VECTOR_SYNC	0x000
#define AVCPU_VECTOR_SERROR	0x180

/*
 * ESR_EL1 of an undefined instruction: EC 0x00 with IL set, whatever the
 * instruction (see avcpu_inject_esr()).
 */
#define AVCPU_ESR_UNDEF		BIT(25)

/* Vector offset from VBAR_EL1 for an exception of @type from @spsr. */
u64 avcpu_inject_vector(u64 spsr, u64 type);
/* PSTATE after an exception entry to EL1h from @spsr. */
u64 avcpu_inject_pstate(u64 spsr, u64 sctlr);
/*
 * A synchronous exception entry to EL1 with syndrome @esr on the saved
 * state (ESR_EL1, ELR_EL1, SPSR_EL1, PC and PSTATE): KVM's
 * enter_exception64().  Also the kernel's way to hand a guest back a brk
 * the VMM does not want (driver/debug.c).
 */
void avcpu_exception_entry(struct avcpu_hyp_ctx *ctx,
			   struct avcpu_hyp_sysregs *sys, u64 esr);

#endif /* _AVCPU_LIB_INJECT_ENTRY_H */
